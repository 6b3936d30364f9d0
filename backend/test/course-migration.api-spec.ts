/**
 * The treatment-courses migration (1766534400000) on a copy of the demo database, on SQLite and
 * PostgreSQL: the demo data seeded at the latest schema, the migration reverted (`down`), a patient
 * with a 120-day gap added, and `up` run again. Every session gets a course; numbers run 1..n in
 * each course; a patient has at most one open course; a gap of more than 90 days starts a new
 * course (docs/decisions.md "Treatment courses: the migration").
 */
import { BUILT_IN_PROTOCOL_IDS } from '@clinic/shared';
import { seedDemoData } from '../src/demo/demo-seed';
import { makeWorld, startApi, type TestApi } from './support/api';
import {
  createPatient,
  DAY,
  dischargeWithOverride,
  expectStatus,
  isoAt,
  orderSession,
  sessionBody,
} from './support/clinical-fixtures';
import { type FreshDatabase, freshDatabase } from './support/fresh-database';

const SETUP_MS = 180_000;

interface SessionRow {
  id: string;
  patient_id: string;
  status: string;
  course_id: string | null;
  course_session_number: number | null;
  session_number: number;
  started_at: Date | string;
}
interface CourseRow {
  id: string;
  patient_id: string;
  protocol_id: string | null;
  kind: string;
  origin: string;
  phase: string;
  end_reason: string | null;
  end_note: string | null;
  started_at: Date | string;
  maintenance_at: Date | string | null;
}

const ms = (t: Date | string): number =>
  t instanceof Date ? t.getTime() : Date.parse(/Z$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);

describe('treatment-courses migration on a copy of the demo database', () => {
  let fresh: FreshDatabase | null = null;
  let api: TestApi | null = null;
  let gapPatientId: string;
  let sessions: SessionRow[];
  let courses: CourseRow[];
  /** Each gap-patient session's start. */
  const gapStarts = [-200, -197, -194, -74, -71].map((d) => isoAt(Date.now(), d * DAY));

  beforeAll(async () => {
    fresh = await freshDatabase('course_migration');
    api = await startApi({ database: fresh.database });
    const seeded = await seedDemoData(api.ds, 'demo-password');
    if (seeded === null) throw new Error('the fresh database was not empty');
    const world = await makeWorld(api);
    const psychiatrist = world.tokens.a.psychiatrist;
    const patient = await createPatient(api, psychiatrist, world.clinicA.id);
    gapPatientId = patient.id;
    for (const startedAt of gapStarts) {
      const res = await orderSession(api, psychiatrist, patient.id, sessionBody({ startedAt }));
      expectStatus(res, 201);
      await dischargeWithOverride(api, psychiatrist, res.body as { id: string; startedAt: string });
    }

    // Revert the courses migration (and every later one) and run them again, on the data as it
    // stands: the later migrations are undone first, in reverse order, as TypeORM's runner does.
    const names = api.ds.migrations.map((m) => m.name);
    const from = names.indexOf('TreatmentCourses1766534400000');
    expect(from).toBeGreaterThanOrEqual(0);
    const redone = names.slice(from);
    // TypeORM turns SQLite's foreign keys off around runMigrations (a column change rebuilds the
    // table), not around undoLastMigration: as the runner does.
    const sqlite = api.ds.options.type !== 'postgres';
    if (sqlite) await api.ds.query('PRAGMA foreign_keys = OFF');
    for (let i = 0; i < redone.length; i++) {
      await api.ds.undoLastMigration({ transaction: 'all' });
    }
    if (sqlite) await api.ds.query('PRAGMA foreign_keys = ON');
    const tables = await api.ds.query<unknown[]>(
      api.ds.options.type === 'postgres'
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_name = 'treatment_courses'"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'treatment_courses'",
    );
    expect(tables).toEqual([]);
    const ran = await api.ds.runMigrations({ transaction: 'all' });
    expect(ran.map((m) => m.name)).toEqual(redone);

    sessions = await api.ds.query<SessionRow[]>(
      'SELECT id, patient_id, status, course_id, course_session_number, session_number, started_at FROM dosing_sessions',
    );
    courses = await api.ds.query<CourseRow[]>(
      'SELECT id, patient_id, protocol_id, kind, origin, phase, end_reason, end_note, started_at, maintenance_at FROM treatment_courses',
    );
  }, SETUP_MS);

  afterAll(async () => {
    await api?.close();
    await fresh?.drop();
  }, SETUP_MS);

  it('puts every session of the demo data into a migrated course', () => {
    expect(sessions.length).toBeGreaterThan(100);
    expect(sessions.filter((s) => s.course_id === null)).toEqual([]);
    expect(new Set(courses.map((c) => c.origin))).toEqual(new Set(['migrated']));
    const ids = new Set(courses.map((c) => c.id));
    expect(sessions.filter((s) => !ids.has(s.course_id as string))).toEqual([]);
  });

  it('numbers the sessions 1..n within each course, in the order of sessionNumber (cancelled: none)', () => {
    const wrong: string[] = [];
    for (const course of courses) {
      const own = sessions
        .filter((s) => s.course_id === course.id && s.course_session_number !== null)
        .sort((a, b) => a.session_number - b.session_number);
      const numbers = own.map((s) => Number(s.course_session_number));
      if (numbers.join() !== numbers.map((_, i) => i + 1).join()) {
        wrong.push(`${course.id}: ${numbers.join(',')}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(
      sessions.filter((s) => s.status === 'cancelled' && s.course_session_number !== null),
    ).toEqual([]);
  });

  it('leaves at most one open course per patient, every other one ended with a note', () => {
    const open = new Map<string, number>();
    for (const c of courses.filter((c) => c.phase !== 'ended')) {
      open.set(c.patient_id, (open.get(c.patient_id) ?? 0) + 1);
    }
    expect([...open.values()].filter((n) => n > 1)).toEqual([]);
    expect(
      courses.filter(
        (c) =>
          c.phase === 'ended' &&
          (c.end_reason !== 'other' || !/treatment-courses migration/.test(c.end_note ?? '')),
      ),
    ).toEqual([]);
  });

  it('splits at a gap of more than 90 days: the later course is a re-induction (s8)', () => {
    const own = courses
      .filter((c) => c.patient_id === gapPatientId)
      .sort((a, b) => ms(a.started_at) - ms(b.started_at));
    expect(own.map((c) => [c.kind, c.phase, c.protocol_id])).toEqual([
      ['initial', 'ended', BUILT_IN_PROTOCOL_IDS.ketamineIv],
      ['reinduction', 'induction', BUILT_IN_PROTOCOL_IDS.ketamineIv],
    ]);
    expect(ms(own[0].started_at)).toBe(ms(gapStarts[0]));
    expect(ms(own[1].started_at)).toBe(ms(gapStarts[3]));
    expect(own[0].end_note).toMatch(/more than 90 days without a session/);
    const numbers = (courseId: string): number[] =>
      sessions
        .filter((s) => s.course_id === courseId)
        .sort((a, b) => a.session_number - b.session_number)
        .map((s) => Number(s.course_session_number));
    expect(numbers(own[0].id)).toEqual([1, 2, 3]);
    expect(numbers(own[1].id)).toEqual([1, 2]);
  });

  it('an open course that reached its induction count is in maintenance since that session', () => {
    const wrong = courses.filter((c) => {
      const given = sessions
        .filter((s) => s.course_id === c.id && ['in_progress', 'discharged'].includes(s.status))
        .sort((a, b) => ms(a.started_at) - ms(b.started_at));
      const count = c.protocol_id === BUILT_IN_PROTOCOL_IDS.esketamineUs ? 8 : 6; // s8 templates; 6 without one (s2)
      if (c.phase === 'ended') return false;
      const expected = given.length >= count ? 'maintenance' : 'induction';
      if (c.phase !== expected) return true;
      return (
        expected === 'maintenance' &&
        ms(c.maintenance_at as string) !== ms(given[count - 1].started_at)
      );
    });
    expect(wrong).toEqual([]);
    expect(courses.some((c) => c.phase === 'maintenance')).toBe(true);
  });
});
