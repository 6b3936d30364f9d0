/**
 * Response and course baseline per treatment course (CLINICAL.md s5 v2, s8; API.md "Treatment
 * courses (v2)"): `GET /patients/:id/response?courseId=` answers one course (the latest by
 * default) from its own baseline and sessions; a re-induction starts from its own baseline; the
 * course's `baseline` and `nextDue` in GET /patients/:id/courses and GET /courses/:id.
 *
 * Days before now (IV ketamine, built-in protocol "IV ketamine 0.5 mg/kg", 6 in 21 days):
 *   course 1 (initial): screening -29 d; baseline PHQ-9 20 (two weeks) -28 d; sessions -27 d and
 *     -25 d; 24-h PHQ-9 14 at -26 d; ended (nonresponse).
 *   course 2 (re-induction): screening -20 d; baseline 16 (two weeks) -19 d; sessions -18 d and
 *     -15 d; 24-h PHQ-9s 8 at -17 d (response: 8 <= 16 / 2) and 9 at -14 d (partial: 44% down).
 */
import { BUILT_IN_PROTOCOL_IDS, type CourseDto, SCREENING_ITEMS } from '@clinic/shared';
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
const allNo = Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no']));
const daysAgo = (days: number, hours = 0): string => isoAt(Date.now(), -days * DAY + hours * HOUR);

describe('response and baseline per treatment course', () => {
  const { api, world, get, post } = useApi();
  let patient: PatientRef;
  let first: CourseDto;
  let second: CourseDto;
  const sessions: { id: string; courseSessionNumber: number; sessionNumber: number }[] = [];
  const phq9: Record<string, string> = {};

  const startCourse = async (screenedDaysAgo: number, kind: 'initial' | 'reinduction') => {
    const screening = await post(`/patients/${patient.id}/screenings`, 'psychiatrist', {
      drug: 'ketamine',
      screenedAt: daysAgo(screenedDaysAgo),
      answers: allNo,
      consentAt: daysAgo(screenedDaysAgo),
    });
    expectStatus(screening, 201);
    const res = await post(`/patients/${patient.id}/courses`, 'psychiatrist', {
      protocolId: IV,
      screeningId: (screening.body as { id: string }).id,
      kind,
    });
    expectStatus(res, 201);
    return res.body as CourseDto;
  };
  const give = async (days: number) => {
    const res = await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      weightKg: 70,
      infusionMinutes: 40,
      startedAt: daysAgo(days),
    });
    expectStatus(res, 201);
    await dischargeWithOverride(
      api,
      world.tokens.a.psychiatrist,
      res.body as { id: string; startedAt: string },
    );
    sessions.push(res.body as (typeof sessions)[number]);
  };

  beforeAll(async () => {
    const psy = world.tokens.a.psychiatrist;
    patient = await createPatient(api, psy, world.clinicA.id);
    first = await startCourse(29, 'initial');
    phq9['baseline1'] = (await addPhq9(api, psy, patient.id, daysAgo(28), 20, 'two_weeks')).id;
    await give(27);
    await give(25);
    await addPhq9(api, psy, patient.id, daysAgo(26), 14);
    const ended = await post(`/courses/${first.id}/end`, 'psychiatrist', { reason: 'nonresponse' });
    expectStatus(ended, 200);
    second = await startCourse(20, 'reinduction');
    phq9['baseline2'] = (await addPhq9(api, psy, patient.id, daysAgo(19), 16, 'two_weeks')).id;
    await give(18);
    await give(15);
    phq9['response2'] = (await addPhq9(api, psy, patient.id, daysAgo(17), 8)).id;
    await addPhq9(api, psy, patient.id, daysAgo(14), 9);
  });

  it('answers the latest course by default: its own baseline, sessions numbered within it', async () => {
    const res = await get(`/patients/${patient.id}/response`, 'nurse');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      courseId: second.id,
      baseline: { assessmentId: phq9['baseline2'], total: 16 },
      status: 'partial', // 9 against 16 (a re-induction starts again from its own baseline)
      bestChangePct: -50,
    });
    expect(
      (res.body.sessions as { sessionNumber: number; courseSessionNumber: number }[]).map((s) => [
        s.sessionNumber,
        s.courseSessionNumber,
      ]),
    ).toEqual([
      [3, 1],
      [4, 2],
    ]);
    expect(res.body.sessions[0].at24h).toMatchObject({ assessmentId: phq9['response2'], total: 8 });
  });

  it('answers an earlier course from its own baseline and sessions', async () => {
    const res = await get(`/patients/${patient.id}/response?courseId=${first.id}`, 'manager');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      courseId: first.id,
      baseline: { assessmentId: phq9['baseline1'], total: 20 },
    });
    expect(res.body.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([
      sessions[0].id,
      sessions[1].id,
    ]);
    expect(res.body.sessions[0]).toMatchObject({ courseSessionNumber: 1, preDoseTotal: 20 });
    expect(res.body.sessions[0].at24h).toMatchObject({ total: 14, changePct: -30 });
  });

  it('is 404 for another patient’s course, 400 naming courseId for a bad id, 404 across clinics', async () => {
    const other = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    expectError(
      await get(`/patients/${other.id}/response?courseId=${first.id}`, 'psychiatrist'),
      404,
      /Course not found/,
    );
    expectError(
      await get(`/patients/${patient.id}/response?courseId=not-a-course`, 'psychiatrist'),
      400,
      /courseId/,
    );
    expectStatus(
      await get(`/patients/${patient.id}/response?courseId=${first.id}`, 'b.psychiatrist'),
      404,
    );
  });

  it('keeps the v1 answer for a patient without a course (PHQ-9s only), with courseId null', async () => {
    const fresh = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    await addPhq9(api, world.tokens.a.psychiatrist, fresh.id, daysAgo(1), 12, 'two_weeks');
    const res = await get(`/patients/${fresh.id}/response`, 'psychiatrist');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ courseId: null, baseline: { total: 12 }, sessions: [] });
  });

  it('audits the read of the response', async () => {
    const before = await api.ds
      .getRepository(AuditEntry)
      .countBy({ resourceType: 'response', patientId: patient.id, action: 'read' });
    expectStatus(await get(`/patients/${patient.id}/response`, 'psychiatrist'), 200);
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ resourceType: 'response', patientId: patient.id, action: 'read' }),
    ).toBe(before + 1);
  });

  it('gives each course its own baseline and the open course its next due session', async () => {
    const res = await get(`/patients/${patient.id}/courses`, 'nurse');
    expectStatus(res, 200);
    const [latest, earlier] = res.body.items as CourseDto[];
    expect(latest).toMatchObject({
      id: second.id,
      kind: 'reinduction',
      sessionCount: 2,
      baseline: { phq9Id: phq9['baseline2'], total: 16 },
    });
    expect(earlier).toMatchObject({
      id: first.id,
      phase: 'ended',
      baseline: { phq9Id: phq9['baseline1'], total: 20 },
      nextDue: null, // ended
    });
    // Session 3 of 6: the last dose (0.5 mg/kg) is a step of the plan; nothing holds it back.
    expect(latest.nextDue).toMatchObject({
      dose: 0.5,
      unit: 'mg_per_kg',
      reason: expect.stringContaining('Session 3 of 6 of induction') as unknown,
    });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    // today in the clinic's zone, whatever it is
    expect([yesterday, today, tomorrow]).toContain(latest.nextDue?.earliestDate);
    const one = await get(`/courses/${second.id}`, 'psychiatrist');
    expectStatus(one, 200);
    expect(one.body).toMatchObject({ baseline: latest.baseline, nextDue: latest.nextDue });
  });
});
