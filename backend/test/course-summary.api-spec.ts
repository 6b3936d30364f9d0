/**
 * The printable course summary (API.md "REMS and printing (v2)": GET
 * /patients/:id/course-summary?courseId=): its content against the records, the course's
 * response as GET /patients/:id/response computes it, roles, clinic scoping, 400/404, the audited
 * read, and records entered in error left out.
 */
import { BUILT_IN_PROTOCOL_IDS, type CourseSummaryDto, SCREENING_ITEMS } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import {
  addPhq9,
  createPatient,
  DAY,
  dischargeWithOverride,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  type PatientRef,
} from './support/clinical-fixtures';
import { useApi } from './support/use-api';

const IV = BUILT_IN_PROTOCOL_IDS.ketamineIv;
const answers = {
  ...Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])),
  psychosis_or_mania: 'yes',
  uncontrolled_hypertension: 'unknown',
};
const daysAgo = (days: number, hours = 0): string => isoAt(Date.now(), -days * DAY + hours * HOUR);

describe('course summary API', () => {
  const { api, world, get, post } = useApi();
  const psych = (): string => world.tokens.a.psychiatrist;
  const path = (patientId: string, courseId?: string): string =>
    `/patients/${patientId}/course-summary${courseId ? `?courseId=${courseId}` : ''}`;

  const startCourse = async (patientId: string, screenedDaysAgo: number, kind = 'initial') => {
    const screening = await post(`/patients/${patientId}/screenings`, 'psychiatrist', {
      drug: 'ketamine',
      screenedAt: daysAgo(screenedDaysAgo),
      consentAt: daysAgo(screenedDaysAgo),
      answers,
      notes: { psychosis_or_mania: 'Remote history, stable for 6 years' },
    });
    expectStatus(screening, 201);
    const course = await post(`/patients/${patientId}/courses`, 'psychiatrist', {
      protocolId: IV,
      screeningId: (screening.body as { id: string }).id,
      kind,
    });
    expectStatus(course, 201);
    return course.body as { id: string };
  };
  const give = async (patientId: string, at: string) => {
    const res = await post(`/patients/${patientId}/sessions`, 'psychiatrist', {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      infusionMinutes: 40,
      startedAt: at,
    });
    expectStatus(res, 201);
    await dischargeWithOverride(api, psych(), res.body as { id: string; startedAt: string });
    return res.body as { id: string; courseSessionNumber: number };
  };
  const sideEffect = async (sessionId: string, at: string, body: Record<string, unknown>) => {
    const res = await post(`/sessions/${sessionId}/side-effects`, 'nurse', {
      onsetAt: at,
      ...body,
    });
    expectStatus(res, 201);
    return res.body as { id: string };
  };
  const inError = async (resource: string, id: string) =>
    expectStatus(
      await post(`/${resource}/${id}/entered-in-error`, 'psychiatrist', {
        reason: 'wrong patient',
      }),
      200,
    );

  /**
   * Course 1 (ended, 16-12 days ago) and course 2 (re-induction, from 8 days ago, with an order
   * for tomorrow). Course 2: baseline 20, a PHQ-9 of 9 (response) and one of 4 (remission), a
   * serious side effect, a side effect, a PHQ-9 and a session entered in error.
   */
  let patient: PatientRef;
  let first: { id: string };
  let second: { id: string };
  let secondSessions: { id: string; courseSessionNumber: number }[];
  let kept: { id: string };
  let serious: { id: string };
  let wrongEffect: { id: string };
  let wrongPhq9: { id: string };
  let wrongSession: { id: string };

  beforeAll(async () => {
    patient = await createPatient(api, psych(), world.clinicA.id, { weightKg: 70 });
    first = await startCourse(patient.id, 18);
    await addPhq9(api, psych(), patient.id, daysAgo(17), 18, 'two_weeks');
    const one = await give(patient.id, daysAgo(16));
    await give(patient.id, daysAgo(14));
    expectStatus(
      await post(`/courses/${first.id}/end`, 'psychiatrist', { reason: 'patient_choice' }),
      200,
    );

    second = await startCourse(patient.id, 10, 'reinduction');
    await addPhq9(api, psych(), patient.id, daysAgo(9), 20, 'two_weeks');
    const s1 = await give(patient.id, daysAgo(8));
    const s2 = await give(patient.id, daysAgo(6));
    wrongSession = await give(patient.id, daysAgo(5));
    const s4 = await give(patient.id, daysAgo(3));
    secondSessions = [s1, s2, s4];
    await addPhq9(api, psych(), patient.id, daysAgo(8, 24), 9);
    wrongPhq9 = await addPhq9(api, psych(), patient.id, daysAgo(6, 20), 15);
    await addPhq9(api, psych(), patient.id, daysAgo(3, 24), 4);
    kept = await sideEffect(s1.id, daysAgo(8, 1), { type: 'nausea', severity: 'mild' });
    serious = await sideEffect(s2.id, daysAgo(6, 1), {
      type: 'hypertension',
      severity: 'severe',
      serious: true,
      seriousCriterion: 'hospitalisation',
    });
    wrongEffect = await sideEffect(s2.id, daysAgo(6, 2), { type: 'headache', severity: 'mild' });
    // A side effect of the first course is not the second's.
    await sideEffect(one.id, daysAgo(16, 1), { type: 'dizziness', severity: 'moderate' });
    await inError('side-effects', wrongEffect.id);
    await inError('phq9', wrongPhq9.id);
    await inError('sessions', wrongSession.id);
    const ordered = await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      infusionMinutes: 40,
      plannedAt: isoAt(Date.now(), DAY),
    });
    expectStatus(ordered, 201);
  }, 120_000);

  it('gives the latest course by default: patient, clinic, course, protocol, screening', async () => {
    const res = await get(path(patient.id), 'psychiatrist');
    expectStatus(res, 200);
    const body = res.body as CourseSummaryDto;
    expect(body.patient).toEqual({
      id: patient.id,
      givenName: expect.any(String) as string,
      familyName: expect.any(String) as string,
      birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
      sex: expect.any(String) as string,
      mrn: expect.any(String) as string,
    });
    expect(body.clinic).toEqual({
      id: world.clinicA.id,
      name: world.clinicA.name,
      timeZone: expect.any(String) as string,
    });
    expect(Date.parse(body.generatedAt)).not.toBeNaN();
    expect(body.course).toMatchObject({ id: second.id, kind: 'reinduction', phase: 'induction' });
    expect(body.protocol).toMatchObject({ id: IV, induction: { sessions: 6, maxPerWeek: 3 } });
    expect(body.screening).toMatchObject({
      result: 'eligible_with_warnings',
      overrideReason: null,
      items: [
        {
          item: 'psychosis_or_mania',
          answer: 'yes',
          contraindication: 'relative',
          note: 'Remote history, stable for 6 years',
        },
        { item: 'uncontrolled_hypertension', answer: 'unknown', contraindication: null },
      ],
    });
  });

  it('lists the course’s sessions, PHQ-9s, response, side effects without records entered in error', async () => {
    const body = (await get(path(patient.id, second.id), 'nurse')).body as CourseSummaryDto;
    // Three given sessions and the order; the session entered in error is left out.
    expect(body.sessions.map((s) => [s.courseSessionNumber, s.status])).toEqual([
      [1, 'discharged'],
      [2, 'discharged'],
      [4, 'discharged'],
      [5, 'ordered'],
    ]);
    expect(body.sessions.map((s) => s.id)).not.toContain(wrongSession.id);
    expect(body.sessions[0]).toMatchObject({
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      doseMgPerKg: 0.5,
      infusionMinutes: 40,
      retrospective: true,
    });
    // PHQ-9s from 30 days before the first session of the course: the first course's baseline
    // (18, 17 days ago) is within them but before this course's baseline, so not judged.
    expect(body.phq9.map((p) => [p.total, p.baseline, p.changePct, p.category])).toEqual([
      [18, false, null, null],
      [20, true, null, null],
      [9, false, -55, 'response'],
      [4, false, -80, 'remission'],
    ]);
    expect(body.phq9.map((p) => p.id)).not.toContain(wrongPhq9.id);
    expect(body.response).toMatchObject({
      courseId: second.id,
      baseline: { total: 20 },
      status: 'remission',
      bestChangePct: -80,
    });
    expect(body.response.sessions.map((s) => s.sessionNumber)).toEqual([1, 2, 4]);
    expect(body.response.sessions[0].at24h).toMatchObject({ total: 9, changePct: -55 });
    expect(body.sideEffects).toEqual([
      expect.objectContaining({
        id: kept.id,
        courseSessionNumber: 1,
        type: 'nausea',
        serious: false,
        seriousCriterion: null,
      }),
      expect.objectContaining({
        id: serious.id,
        sessionId: secondSessions[1].id,
        courseSessionNumber: 2,
        severity: 'severe',
        serious: true,
        seriousCriterion: 'hospitalisation',
      }),
    ]);
  });

  it('lists the flags of the course’s sessions and span, with their titles', async () => {
    const body = (await get(path(patient.id, second.id), 'manager')).body as CourseSummaryDto;
    const serious = body.flags.find((f) => f.rule === 'adverse.serious');
    expect(serious).toMatchObject({
      title: expect.any(String) as string,
      severity: 'critical',
      sessionId: secondSessions[1].id,
      courseSessionNumber: 2,
      status: 'open',
      resolvedAt: null,
    });
    const courseSessionIds = new Set(body.sessions.map((s) => s.id));
    for (const flag of body.flags) {
      if (flag.sessionId !== null) expect(courseSessionIds.has(flag.sessionId)).toBe(true);
    }
  });

  it('an earlier course by id: its own sessions, baseline and side effects', async () => {
    const res = await get(path(patient.id, first.id), 'psychiatrist');
    expectStatus(res, 200);
    const body = res.body as CourseSummaryDto;
    expect(body.course).toMatchObject({
      id: first.id,
      phase: 'ended',
      endReason: 'patient_choice',
    });
    expect(body.sessions.map((s) => s.courseSessionNumber)).toEqual([1, 2]);
    expect(body.response.baseline).toMatchObject({ total: 18 });
    expect(body.sideEffects.map((e) => e.type)).toEqual(['dizziness']);
    // Its PHQ-9s run until the next course was started (created, here after its retrospective
    // sessions): the later ones are this course's follow-up too, judged against its baseline 18.
    expect(body.phq9.map((p) => [p.total, p.baseline, p.category])).toEqual([
      [18, true, null],
      [20, false, 'none'],
      [9, false, 'response'],
      [4, false, 'remission'],
    ]);
    expect(body.flags.some((f) => f.rule === 'adverse.serious')).toBe(false);
  });

  it('audits the read as course_summary', async () => {
    const res = await get(path(patient.id, first.id), 'nurse');
    expectStatus(res, 200);
    const entries = await api.ds.getRepository(AuditEntry).findBy({
      resourceType: 'course_summary',
      resourceId: first.id,
      actorId: world.users.a.nurse.id,
    });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'read',
        patientId: patient.id,
        clinicId: world.clinicA.id,
      }),
    ]);
  });

  it('roles: administrator 403; nobody 401', async () => {
    expectStatus(await get(path(patient.id), 'admin'), 403);
    expectStatus(await get(path(patient.id), null), 401);
  });

  it('another clinic’s patient, another patient’s course, an unknown course: 404', async () => {
    expectError(await get(path(patient.id), 'b.psychiatrist'), 404, /not found/i);
    expectError(await get(path(patient.id, second.id), 'b.manager'), 404, /not found/i);
    const other = await createPatient(api, psych(), world.clinicA.id);
    expectError(await get(path(other.id, second.id), 'psychiatrist'), 404, /not found/i);
    expectError(await get(path(other.id), 'psychiatrist'), 404, /no treatment course/);
    expectError(
      await get(path(patient.id, '00000000-0000-4000-8000-000000000000'), 'psychiatrist'),
      404,
      /not found/i,
    );
  });

  it('a bad courseId or an unknown query field: 400 naming it', async () => {
    expectError(await get(path(patient.id, 'not-a-uuid'), 'psychiatrist'), 400, /courseId/);
    expectError(
      await get(`/patients/${patient.id}/course-summary?limit=5`, 'psychiatrist'),
      400,
      /limit/,
    );
    expectStatus(await get('/patients/not-a-uuid/course-summary', 'psychiatrist'), 400);
  });
});
