import { randomUUID } from 'node:crypto';
import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { BUILT_IN_PROTOCOL_IDS, BUILT_IN_PROTOCOLS } from '@clinic/shared';

/**
 * Treatment courses (CLINICAL.md s8 and s9, API.md "Treatment courses (v2)"): protocols (the four
 * built-in templates of s8 with their fixed ids, and clinic copies), the screenings before a
 * course, the courses themselves, and each session's course and number within it.
 *
 * Existing sessions are put into `migrated` courses (docs/decisions.md "Treatment courses: the
 * migration"): per patient, drug and route in order of start, a new course when more than
 * GAP_DAYS pass between two given sessions (a re-induction, s8); the patient's most recent course
 * stays open, every earlier one is ended (`other`) with a note saying why.
 */
export class TreatmentCourses1766534400000 implements MigrationInterface {
  name = 'TreatmentCourses1766534400000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    const fk = (column: string, table: string): TableForeignKey =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
      });
    const ix = (table: string, ...columns: string[]): TableIndex =>
      new TableIndex({ name: `ix_${table}_${columns.join('_')}`, columnNames: columns });

    await q.createTable(
      new Table({
        name: 'protocols',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          // Null for the built-in templates of CLINICAL.md s8.
          { name: 'clinic_id', ...uuid, isNullable: true },
          { name: 'name', type: 'varchar', length: '120' },
          { name: 'drug', type: 'varchar', length: '20' },
          { name: 'route', type: 'varchar', length: '20' },
          { name: 'built_in', type: 'boolean' },
          { name: 'based_on_id', ...uuid, isNullable: true },
          { name: 'source', type: 'varchar', length: '500', isNullable: true },
          { name: 'induction', type: 'text' },
          { name: 'maintenance', type: 'text', isNullable: true },
          { name: 'dose_plan', type: 'text' },
          { name: 'created_at', type: ts, isNullable: true },
          { name: 'created_by', ...uuid, isNullable: true },
        ],
        foreignKeys: [fk('clinic_id', 'clinics'), fk('based_on_id', 'protocols')],
        indices: [ix('protocols', 'clinic_id'), ix('protocols', 'based_on_id')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'screenings',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'drug', type: 'varchar', length: '20' },
          { name: 'screened_at', type: ts },
          { name: 'answers', type: 'text' },
          { name: 'notes', type: 'text' },
          { name: 'concomitant', type: 'text' },
          { name: 'consent_at', type: ts },
          { name: 'rems_enrolled_at', type: ts, isNullable: true },
          { name: 'result', type: 'varchar', length: '30' },
          { name: 'absolute', type: 'text' },
          { name: 'relative', type: 'text' },
          { name: 'unknown', type: 'text' },
          { name: 'recorded_by', ...uuid, isNullable: true },
          { name: 'created_at', type: ts },
        ],
        foreignKeys: [fk('patient_id', 'patients'), fk('clinic_id', 'clinics')],
        indices: [ix('screenings', 'patient_id', 'screened_at'), ix('screenings', 'clinic_id')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'treatment_courses',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'protocol_id', ...uuid, isNullable: true },
          { name: 'drug', type: 'varchar', length: '20' },
          { name: 'route', type: 'varchar', length: '20' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'origin', type: 'varchar', length: '20' },
          { name: 'phase', type: 'varchar', length: '20' },
          { name: 'started_at', type: ts },
          { name: 'maintenance_at', type: ts, isNullable: true },
          { name: 'maintenance_reason', type: 'text', isNullable: true },
          { name: 'maintenance_by', ...uuid, isNullable: true },
          { name: 'ended_at', type: ts, isNullable: true },
          { name: 'end_reason', type: 'varchar', length: '30', isNullable: true },
          { name: 'end_note', type: 'text', isNullable: true },
          { name: 'ended_by', ...uuid, isNullable: true },
          { name: 'screening_id', ...uuid, isNullable: true },
          { name: 'override_reason', type: 'text', isNullable: true },
          { name: 'override_by', ...uuid, isNullable: true },
          { name: 'created_by', ...uuid, isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [
          fk('patient_id', 'patients'),
          fk('clinic_id', 'clinics'),
          fk('protocol_id', 'protocols'),
          fk('screening_id', 'screenings'),
        ],
        indices: [
          ix('treatment_courses', 'patient_id', 'phase'),
          ix('treatment_courses', 'clinic_id', 'origin'),
          ix('treatment_courses', 'protocol_id'),
          ix('treatment_courses', 'screening_id'),
        ],
      }),
    );
    await q.addColumns('dosing_sessions', [
      new TableColumn({ name: 'course_id', ...uuid, isNullable: true }),
      new TableColumn({ name: 'course_session_number', type: 'integer', isNullable: true }),
    ]);
    await q.createForeignKey('dosing_sessions', fk('course_id', 'treatment_courses'));
    await q.createIndex('dosing_sessions', ix('dosing_sessions', 'course_id'));

    const param = (i: number): string => (pg ? `$${String(i)}` : '?');
    const placeholders = (n: number): string =>
      Array.from({ length: n }, (_, i) => param(i + 1)).join(', ');
    for (const p of BUILT_IN_PROTOCOLS) {
      await q.query(
        'INSERT INTO protocols (id, clinic_id, name, drug, route, built_in, based_on_id, source, ' +
          `induction, maintenance, dose_plan, created_at, created_by) VALUES (${placeholders(13)})`,
        [
          p.id,
          null,
          p.name,
          p.drug,
          p.route,
          pg ? true : 1,
          null,
          p.source,
          JSON.stringify(p.induction),
          p.maintenance === null ? null : JSON.stringify(p.maintenance),
          JSON.stringify(p.dosePlan),
          null,
          null,
        ],
      );
    }
    await migrateSessions(q, pg, param, placeholders);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dosing_sessions', 'ix_dosing_sessions_course_id');
    const table = await q.getTable('dosing_sessions');
    const foreignKey = table?.foreignKeys.find((f) => f.columnNames.includes('course_id'));
    if (foreignKey) await q.dropForeignKey('dosing_sessions', foreignKey);
    await q.dropColumns('dosing_sessions', ['course_session_number', 'course_id']);
    await q.dropTable('treatment_courses');
    await q.dropTable('screenings');
    await q.dropTable('protocols');
  }
}

/**
 * More than this many days between two given sessions of a drug and route starts a new course
 * (a re-induction): maintenance is every 1-2 weeks (CLINICAL.md s2, s8), so a gap of three months
 * means the response is lost and treatment restarts. docs/decisions.md explains the choice.
 */
export const GAP_DAYS = 90;
const DAY_MS = 86_400_000;
/** Without a protocol, the induction count of CLINICAL.md s2 ("typically 6 sessions"). */
const DEFAULT_INDUCTION = 6;

interface SessionRow {
  id: string;
  patient_id: string;
  clinic_id: string;
  session_number: number;
  drug: string;
  route: string;
  started_at: Date | string;
  discharged_at: Date | string | null;
  status: string;
  entered_in_error_at: Date | string | null;
}

/** A course the migration builds (exported for its unit test). */
export interface PlannedCourse {
  patientId: string;
  clinicId: string;
  drug: string;
  route: string;
  protocolId: string | null;
  kind: 'initial' | 'reinduction';
  phase: 'induction' | 'maintenance' | 'ended';
  startedAt: Date | string;
  maintenanceAt: Date | string | null;
  endedAt: Date | string | null;
  endNote: string | null;
  /** The course's sessions with their number in the course (null: a cancelled order). */
  sessions: { id: string; courseSessionNumber: number | null }[];
}

const ms = (t: Date | string): number =>
  t instanceof Date ? t.getTime() : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
const given = (s: SessionRow): boolean =>
  (s.status === 'in_progress' || s.status === 'discharged') && s.entered_in_error_at === null;

/** The built-in template a migrated course follows (s8), or null (IM, oral, sublingual ketamine). */
export function builtInProtocolFor(drug: string, route: string): string | null {
  if (drug === 'esketamine' && route === 'intranasal') return BUILT_IN_PROTOCOL_IDS.esketamineUs;
  if (drug === 'ketamine' && route === 'iv') return BUILT_IN_PROTOCOL_IDS.ketamineIv;
  return null;
}

/**
 * The courses of existing sessions (pure, rows of any order): per patient, drug and route in order
 * of start, a new course when a given session comes more than GAP_DAYS after the previous given
 * one. Sessions not given (ordered, cancelled, entered in error) stay in the course they fall in.
 * Numbers within a course follow `session_number` (given and ordered sessions, entered-in-error
 * ones too, keep theirs; a cancelled order gave its number back: null). The patient's latest
 * course stays open; every earlier one is ended.
 */
export function planCourses(rows: readonly SessionRow[]): PlannedCourse[] {
  const byGroup = new Map<string, SessionRow[]>();
  for (const row of rows) {
    const key = `${row.patient_id}|${row.drug}|${row.route}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), row]);
  }
  const courses: (PlannedCourse & { lastAt: number; rows: SessionRow[] })[] = [];
  for (const group of byGroup.values()) {
    group.sort(
      (a, b) => ms(a.started_at) - ms(b.started_at) || a.session_number - b.session_number,
    );
    let current: SessionRow[] = [];
    let lastGiven: number | null = null;
    const close = (): void => {
      if (current.length === 0) return;
      const first = current[0];
      courses.push({
        patientId: first.patient_id,
        clinicId: first.clinic_id,
        drug: first.drug,
        route: first.route,
        protocolId: builtInProtocolFor(first.drug, first.route),
        kind: 'initial',
        phase: 'induction',
        startedAt: first.started_at,
        maintenanceAt: null,
        endedAt: null,
        endNote: null,
        sessions: [],
        lastAt: Math.max(...current.map((s) => ms(s.started_at))),
        rows: current,
      });
      current = [];
    };
    for (const row of group) {
      if (given(row)) {
        const at = ms(row.started_at);
        if (lastGiven !== null && at - lastGiven > GAP_DAYS * DAY_MS) close();
        lastGiven = at;
      }
      current.push(row);
    }
    close();
  }
  // Kinds per patient and drug (CourseKind: `initial` is a patient's first course of a drug);
  // the open course per patient (the latest).
  courses.sort((a, b) => ms(a.startedAt) - ms(b.startedAt));
  const seenDrug = new Set<string>();
  const latest = new Map<string, (typeof courses)[number]>();
  for (const course of courses) {
    const drugKey = `${course.patientId}|${course.drug}`;
    course.kind = seenDrug.has(drugKey) ? 'reinduction' : 'initial';
    seenDrug.add(drugKey);
    const open = latest.get(course.patientId);
    if (!open || course.lastAt >= open.lastAt) latest.set(course.patientId, course);
  }
  for (const course of courses) {
    const numbered = course.rows
      .filter((s) => s.session_number > 0)
      .sort((a, b) => a.session_number - b.session_number);
    const numbers = new Map(numbered.map((s, i) => [s.id, i + 1]));
    course.sessions = course.rows.map((s) => ({
      id: s.id,
      courseSessionNumber: numbers.get(s.id) ?? null,
    }));
    const givenRows = course.rows.filter(given);
    const induction =
      BUILT_IN_PROTOCOLS.find((p) => p.id === course.protocolId)?.induction.sessions ??
      DEFAULT_INDUCTION;
    const reached = givenRows.length >= induction ? givenRows[induction - 1] : null;
    course.maintenanceAt = reached?.started_at ?? null;
    if (latest.get(course.patientId) === course) {
      course.phase = reached ? 'maintenance' : 'induction';
      continue;
    }
    const last = course.rows[course.rows.length - 1];
    course.phase = 'ended';
    course.endedAt = last.discharged_at ?? last.started_at;
    const next = courses.find(
      (c) => c.patientId === course.patientId && c !== course && c.lastAt > course.lastAt,
    );
    course.endNote =
      next && next.drug === course.drug && next.route === course.route
        ? `Closed by the treatment-courses migration: more than ${String(GAP_DAYS)} days without a session, treatment restarted as a new course`
        : 'Closed by the treatment-courses migration: the patient has a later course (another drug or route, or after a gap)';
  }
  return courses.map(({ lastAt: _lastAt, rows: _rows, ...course }) => course);
}

async function migrateSessions(
  q: QueryRunner,
  pg: boolean,
  param: (i: number) => string,
  placeholders: (n: number) => string,
): Promise<void> {
  const rows = (await q.query(
    'SELECT id, patient_id, clinic_id, session_number, drug, route, started_at, discharged_at, ' +
      'status, entered_in_error_at FROM dosing_sessions',
  )) as SessionRow[];
  const now = new Date();
  // SQLite keeps TypeORM's UTC datetime text; PostgreSQL takes the Date.
  const stamp = pg ? now : now.toISOString().replace('T', ' ').replace('Z', '');
  const update = `UPDATE dosing_sessions SET course_id = ${param(1)}, course_session_number = ${param(2)} WHERE id = ${param(3)}`;
  for (const course of planCourses(rows)) {
    const id = randomUUID();
    await q.query(
      'INSERT INTO treatment_courses (id, patient_id, clinic_id, protocol_id, drug, route, kind, ' +
        'origin, phase, started_at, maintenance_at, ended_at, end_reason, end_note, version, ' +
        `created_at, updated_at) VALUES (${placeholders(17)})`,
      [
        id,
        course.patientId,
        course.clinicId,
        course.protocolId,
        course.drug,
        course.route,
        course.kind,
        'migrated',
        course.phase,
        course.startedAt,
        course.maintenanceAt,
        course.endedAt,
        course.phase === 'ended' ? 'other' : null,
        course.endNote,
        1,
        stamp,
        stamp,
      ],
    );
    for (const session of course.sessions) {
      await q.query(update, [id, session.courseSessionNumber, session.id]);
    }
  }
}
