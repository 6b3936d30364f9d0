import { type EntityManager, In, IsNull } from 'typeorm';
import {
  BUILT_IN_PROTOCOL_IDS,
  countedOutcomes,
  courseOutcomeUnits,
  GIVEN_SESSION_STATUSES,
  median,
  medianDaysToFirstResponse,
  type OutcomesDto,
  outcomeBaselineCounts,
  outcomesBySessionNumber,
  patientOutcome,
  SCREENING_ITEMS,
} from '@clinic/shared';
import { Phq9Assessment } from '../src/assessments/phq9-assessment.entity';
import { DosingSession } from '../src/sessions/dosing-session.entity';
import { Flag } from '../src/flags/flag.entity';
import { TreatmentCourse } from '../src/courses/treatment-course.entity';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  addPhq9,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';
import { useApi } from './support/use-api';

/**
 * CLINICAL.md section 6 on a cohort computed by hand. The same test runs on SQLite and on
 * PostgreSQL (npm test runs the API suite on both), so equal expectations mean equal results.
 *
 * T = 60 days ago. With the period starting the day before T:
 *   P1  baseline 20 (two weeks, T-1d); sessions T, T+3d, T+7d, T+10d; 24-h PHQ-9s 14 (T+1d),
 *       10 (T+4d), 4 (T+8d); a 0 at T+1d+1h entered in error.
 *       k1 partial (14), k2 response (10 <= 10), k3 remission (4), k4 none. First response k2,
 *       4 days after the first dose. Follow-up 24 h: 3 of 4; 72 h: 1 of 4 (T+4d is 96 h after T:
 *       the window's edge counts).
 *   P2  esketamine, no baseline; sessions T+1d, T+5d; PHQ-9 3 at T+2d. k1, k2 no baseline: left
 *       out of the rates and counted as noBaseline (CLINICAL.md s6 v2), so their denominator is 2.
 *       Dropout (2 sessions, the last 55 days ago). Follow-up 24 h 1 of 2; 72 h 0 of 2.
 *   P3  baseline 18 (T-3d); session T+2d and one at T+6d entered in error; PHQ-9 8 at T+3d
 *       (response: 8 <= 9), a 2 at T+3d+2h entered in error. First response k1, 1 day.
 *       Dropout (1 session). A mild nausea. Follow-up 24 h 1 of 1; 72 h 0 of 1.
 *   P4  first session 100 days ago: outside the period.
 */
describe('GET /outcomes (CLINICAL.md s6, computed by the database)', () => {
  let api: TestApi;
  let world: World;
  const T = Date.now() - 60 * DAY;
  const day = (n: number, hours = 0) => isoAt(T, n * DAY + hours * HOUR);
  const from = new Date(T - DAY).toISOString().slice(0, 10);
  let psy: string;
  let nurse: string;
  const ids: Record<string, string> = {};

  async function session(
    patientId: string,
    startedAt: string,
    extra: Record<string, unknown> = {},
  ) {
    const s = await createSession(api, psy, patientId, { startedAt, ...extra });
    await dischargeWithOverride(api, psy, s);
    return s;
  }

  async function markInError(path: string): Promise<void> {
    const res = await api
      .http()
      .post(`${V1}/${path}/entered-in-error`)
      .set(bearer(psy))
      .send({ reason: 'Recorded for the wrong patient' });
    expectStatus(res, 200);
  }

  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
    psy = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
    const clinicId = world.clinicA.id;

    const p1 = await createPatient(api, psy, clinicId);
    ids['p1'] = p1.id;
    await addPhq9(api, psy, p1.id, day(-1), 20, 'two_weeks');
    for (const d of [0, 3, 7, 10]) await session(p1.id, day(d));
    await addPhq9(api, nurse, p1.id, day(1), 14);
    await addPhq9(api, nurse, p1.id, day(4), 10);
    await addPhq9(api, nurse, p1.id, day(8), 4);
    const wrong = await addPhq9(api, nurse, p1.id, day(1, 1), 0);
    await markInError(`phq9/${wrong.id}`);

    const p2 = await createPatient(api, psy, clinicId);
    ids['p2'] = p2.id;
    const esketamine = { drug: 'esketamine', route: 'intranasal', doseMg: 56 };
    await session(p2.id, day(1), esketamine);
    await session(p2.id, day(5), esketamine);
    await addPhq9(api, nurse, p2.id, day(2), 3);

    const p3 = await createPatient(api, psy, clinicId);
    ids['p3'] = p3.id;
    await addPhq9(api, psy, p3.id, day(-3), 18, 'two_weeks');
    const first = await createSession(api, psy, p3.id, { startedAt: day(2) });
    const nausea = await api
      .http()
      .post(`${V1}/sessions/${first.id}/side-effects`)
      .set(bearer(nurse))
      .send({ type: 'nausea', severity: 'mild', onsetAt: day(2, 1) });
    expectStatus(nausea, 201);
    await dischargeWithOverride(api, psy, first);
    const second = await session(p3.id, day(6));
    await markInError(`sessions/${second.id}`);
    await addPhq9(api, nurse, p3.id, day(3), 8);
    const wrong3 = await addPhq9(api, nurse, p3.id, day(3, 2), 2);
    await markInError(`phq9/${wrong3.id}`);

    const p4 = await createPatient(api, psy, clinicId);
    await session(p4.id, isoAt(Date.now(), -100 * DAY));
  });
  afterAll(() => api.close());

  async function outcomes(query: string, token = world.tokens.a.manager) {
    const res = await api.http().get(`${V1}/outcomes?${query}`).set(bearer(token));
    expectStatus(res, 200);
    return res.body;
  }

  it('computes every metric of the hand-computed cohort', async () => {
    const o = await outcomes(`clinicId=${world.clinicA.id}&from=${from}`);
    expect(o.cohortPatients).toBe(3);
    expect(o.cohortCourses).toBe(3); // one (legacy) course per patient: the v1 numbers
    expect(o.baselineBelow10).toBe(0);
    expect(o.noBaseline).toBe(1); // P2: not in the rates' denominators
    expect(o.sessions).toBe(7); // 4 + 2 + 1: the session entered in error takes no part
    const row = (k: number) => o.bySessionNumber[k - 1];
    expect(
      [1, 2, 3, 4, 5].map((k) => [
        row(k).responseItt,
        row(k).remissionItt,
        row(k).responseCompleters,
        row(k).remissionCompleters,
      ]),
    ).toEqual([
      [
        { numerator: 1, denominator: 2, pct: 50 },
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 1, denominator: 2, pct: 50 },
        { numerator: 0, denominator: 2, pct: 0 },
      ],
      [
        { numerator: 1, denominator: 2, pct: 50 },
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 1, denominator: 1, pct: 100 },
        { numerator: 0, denominator: 1, pct: 0 },
      ],
      [
        { numerator: 1, denominator: 2, pct: 50 },
        { numerator: 1, denominator: 2, pct: 50 },
        { numerator: 1, denominator: 1, pct: 100 },
        { numerator: 1, denominator: 1, pct: 100 },
      ],
      [
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 0, denominator: 1, pct: 0 },
        { numerator: 0, denominator: 1, pct: 0 },
      ],
      [
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 0, denominator: 2, pct: 0 },
        { numerator: 0, denominator: 0, pct: null },
        { numerator: 0, denominator: 0, pct: null },
      ],
    ]);
    expect(o.bySessionNumber).toHaveLength(12);
    expect(o.responders).toBe(2);
    expect(o.medianSessionsToFirstResponse).toBe(1.5); // k2 and k1
    expect(o.medianDaysToFirstResponse).toBe(2.5); // 4 days and 1 day
    expect(o.dropout).toEqual({ numerator: 2, denominator: 3, pct: 66.7 });
    expect(o.followUp24h).toEqual({ numerator: 5, denominator: 7, pct: 71.4 });
    expect(o.followUp72h).toEqual({ numerator: 1, denominator: 7, pct: 14.3 });
    expect(o.sideEffectsPer100).toEqual([{ key: 'nausea (mild)', count: 1, per100Sessions: 14.3 }]);
    expect(o.references.map((r: { label: string }) => r.label)).toContain(
      'Osmind ORKA-1 (537 IV patients)',
    );
  });

  it('agrees with the shared reference functions (patientOutcome, outcomesBySessionNumber)', async () => {
    const o = await outcomes(`clinicId=${world.clinicA.id}&from=${from}`);
    expect(o).toMatchObject(
      await referenceOutcomes(api.ds.manager, world.clinicA.id, T - DAY, Date.now()),
    );
  });

  it('counts the cohort’s flags per 100 sessions by category and severity', async () => {
    const o = await outcomes(`clinicId=${world.clinicA.id}&from=${from}`);
    const flags = await api.ds
      .getRepository(Flag)
      .createQueryBuilder('f')
      .where('f.patient_id IN (:...ids)', { ids: [ids['p1'], ids['p2'], ids['p3']] })
      .getMany();
    const expected = new Map<string, number>();
    for (const f of flags) {
      const key = `${f.category} (${f.severity})`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(
      Object.fromEntries(
        o.flagsPer100.map((r: { key: string; count: number; per100Sessions: number }) => {
          expect(r.per100Sessions).toBe(Math.round((r.count / 7) * 1000) / 10);
          return [r.key, r.count];
        }),
      ),
    ).toEqual(Object.fromEntries(expected));
  });

  it('filters by period, drug, route and ordering psychiatrist', async () => {
    const all = await outcomes(`clinicId=${world.clinicA.id}`);
    expect(all.cohortPatients).toBe(4); // P4 too
    const esketamine = await outcomes(`clinicId=${world.clinicA.id}&drug=esketamine`);
    expect(esketamine.cohortPatients).toBe(1);
    expect(esketamine.sessions).toBe(2);
    // P2 has no baseline: counted apart, so the rates have no denominator (CLINICAL.md s6 v2)
    expect(esketamine.noBaseline).toBe(1);
    expect(esketamine.bySessionNumber[0].responseItt).toEqual({
      numerator: 0,
      denominator: 0,
      pct: null,
    });
    const iv = await outcomes(`clinicId=${world.clinicA.id}&from=${from}&route=iv`);
    expect(iv.cohortPatients).toBe(2);
    const before = await outcomes(
      `clinicId=${world.clinicA.id}&to=${new Date(T - 2 * DAY).toISOString().slice(0, 10)}`,
    );
    expect(before.cohortPatients).toBe(1); // P4 only
    const psychiatrist = await api.ds
      .getRepository(DosingSession)
      .findOneByOrFail({ patientId: ids['p1'] });
    const mine = await outcomes(
      `clinicId=${world.clinicA.id}&clinicianId=${psychiatrist.orderedBy ?? ''}`,
    );
    expect(mine.cohortPatients).toBe(4);
    const nobody = await outcomes(
      `clinicId=${world.clinicA.id}&clinicianId=00000000-0000-4000-8000-000000000000`,
    );
    expect(nobody.cohortPatients).toBe(0);
    expect(nobody.dropout).toEqual({ numerator: 0, denominator: 0, pct: null });
    expect(nobody.medianDaysToFirstResponse).toBeNull();
  });

  it('keeps to the user’s clinics: another clinic is a 404, and the read is audited', async () => {
    const other = await outcomes(`clinicId=${world.clinicB.id}`, world.tokens.b.manager);
    expect(other.cohortPatients).toBe(0);
    expectStatus(
      await api
        .http()
        .get(`${V1}/outcomes?clinicId=${world.clinicA.id}`)
        .set(bearer(world.tokens.b.manager)),
      404,
    );
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ resourceType: 'outcomes', clinicId: world.clinicA.id, action: 'read' }),
    ).toBeGreaterThan(0);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    expectError(
      await api.http().get(`${V1}/outcomes?from=2026-02-30`).set(bearer(world.tokens.a.manager)),
      400,
      /from/,
    );
    expectError(
      await api.http().get(`${V1}/outcomes?drug=heroin`).set(bearer(world.tokens.a.manager)),
      400,
      /drug/,
    );
  });
});

/**
 * The section-6 numbers the SQL gives, computed instead by the shared reference functions from the
 * stored records: the cohort is the clinic's treatment courses (CLINICAL.md s6 v2, shared
 * `courseOutcomeUnits`) whose first given session (not entered in error) starts at or after
 * `fromMs`, of the protocol and kind when given.
 */
async function referenceOutcomes(
  em: EntityManager,
  clinicId: string,
  fromMs: number,
  nowMs: number,
  filters: { protocolId?: string; kind?: string } = {},
): Promise<Partial<OutcomesDto>> {
  const sessions = await em.find(DosingSession, {
    where: {
      clinicId,
      enteredInErrorAt: IsNull(),
      status: In([...GIVEN_SESSION_STATUSES]),
    },
    order: { startedAt: 'ASC' },
  });
  const courses = await em.find(TreatmentCourse, { where: { clinicId } });
  const patientIds = [...new Set(sessions.map((s) => s.patientId))];
  const phq9 = await em.find(Phq9Assessment, {
    where: { patientId: In(patientIds), enteredInErrorAt: IsNull() },
  });
  const courseOf = new Map(courses.map((c) => [c.id, c]));
  const units = patientIds.flatMap((patientId) =>
    courseOutcomeUnits({
      courses: courses.filter((c) => c.patientId === patientId),
      sessions: sessions
        .filter((s) => s.patientId === patientId)
        .map((s) => ({
          id: s.id,
          sessionNumber: s.sessionNumber,
          startedAt: s.startedAt,
          courseId: s.courseId,
        })),
      assessments: phq9
        .filter((a) => a.patientId === patientId)
        .map((a) => ({
          id: a.id,
          administeredAt: a.administeredAt,
          total: a.total,
          valid: a.valid,
          recall: a.recall,
        })),
    }).map((unit) => ({ ...unit, patientId })),
  );
  const cohort = units.filter((u) => {
    const course = courseOf.get(u.id);
    return (
      new Date(u.firstSessionAt).getTime() >= fromMs &&
      (filters.protocolId === undefined || course?.protocolId === filters.protocolId) &&
      (filters.kind === undefined || course?.kind === filters.kind)
    );
  });
  const results = cohort.map((u) => patientOutcome(u, new Date(nowMs)));
  const counts = outcomeBaselineCounts(results);
  const firstK = countedOutcomes(results)
    .map((r) => r.firstResponseSession)
    .filter((k): k is number => k !== null);
  return {
    cohortCourses: results.length,
    cohortPatients: new Set(cohort.map((u) => u.patientId)).size,
    baselineBelow10: counts.baselineBelow10,
    noBaseline: counts.noBaseline,
    bySessionNumber: outcomesBySessionNumber(results),
    responders: firstK.length,
    medianSessionsToFirstResponse: median(firstK),
    medianDaysToFirstResponse: medianDaysToFirstResponse(results),
  };
}

/**
 * CLINICAL.md s5/s6 v2 on a second hand-computed cohort (T = 30 days ago; 24-h PHQ-9s):
 *   Q1  baseline 6, session T, PHQ-9 4: a remission, not a response (4 > 3); baseline below 10.
 *   Q2  baseline 9, session T, PHQ-9 3: would be a response; baseline below 10 (just under).
 *   Q3  baseline 10 (at the cut-off), sessions T, T+3d, PHQ-9s 5 (response, 5 <= 5, not a
 *       remission), 6 (partial after session 2).
 *   Q4  baseline 12, session T, PHQ-9 4: response and remission.
 *   Q5  no baseline, session T, PHQ-9 2.
 *   Q6  baseline 20, session T, PHQ-9 11: partial (11 > 10).
 * Rates over Q3, Q4, Q6 only: k1 response 2/3, remission 1/3; k2 (Q3 only) 0/3 ITT, 0/1 completers;
 * k3: Q3 (last session 27 days ago) has not reached it yet: ITT over Q4 and Q6 only, 0/2.
 */
describe('GET /outcomes: response <= 50% only, rates over baselines >= 10 (CLINICAL.md s5/s6 v2)', () => {
  let api: TestApi;
  let world: World;
  const T = Date.now() - 30 * DAY;
  const day = (n: number, hours = 0) => isoAt(T, n * DAY + hours * HOUR);
  const from = new Date(T - DAY).toISOString().slice(0, 10);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
    const psy = world.tokens.a.psychiatrist;
    const nurse = world.tokens.a.nurse;
    const course = async (
      name: string,
      baseline: number | null,
      sessionDays: number[],
      totals: number[],
    ): Promise<void> => {
      const patient = await createPatient(api, psy, world.clinicA.id);
      ids[name] = patient.id;
      if (baseline !== null) await addPhq9(api, psy, patient.id, day(-1), baseline, 'two_weeks');
      for (const d of sessionDays) {
        const s = await createSession(api, psy, patient.id, { startedAt: day(d) });
        await dischargeWithOverride(api, psy, s);
      }
      for (const [i, total] of totals.entries()) {
        await addPhq9(api, nurse, patient.id, day(sessionDays[i], 24), total);
      }
    };
    await course('q1', 6, [0], [4]);
    await course('q2', 9, [0], [3]);
    await course('q3', 10, [0, 3], [5, 6]);
    await course('q4', 12, [0], [4]);
    await course('q5', null, [0], [2]);
    await course('q6', 20, [0], [11]);
  });
  afterAll(() => api.close());

  it('counts baselines below 10 and missing ones apart, never in a denominator', async () => {
    const res = await api
      .http()
      .get(`${V1}/outcomes?clinicId=${world.clinicA.id}&from=${from}`)
      .set(bearer(world.tokens.a.manager));
    expectStatus(res, 200);
    const o = res.body as OutcomesDto;
    expect(o.cohortPatients).toBe(6);
    expect(o.baselineBelow10).toBe(2);
    expect(o.noBaseline).toBe(1);
    expect(o.bySessionNumber[0]).toEqual({
      sessionNumber: 1,
      responseItt: { numerator: 2, denominator: 3, pct: 66.7 },
      remissionItt: { numerator: 1, denominator: 3, pct: 33.3 },
      responseCompleters: { numerator: 2, denominator: 3, pct: 66.7 },
      remissionCompleters: { numerator: 1, denominator: 3, pct: 33.3 },
      notYetReached: 0,
    });
    expect(o.bySessionNumber[1]).toEqual({
      sessionNumber: 2,
      responseItt: { numerator: 0, denominator: 3, pct: 0 },
      remissionItt: { numerator: 0, denominator: 3, pct: 0 },
      responseCompleters: { numerator: 0, denominator: 1, pct: 0 },
      remissionCompleters: { numerator: 0, denominator: 1, pct: 0 },
      notYetReached: 0,
    });
    // Session 3: Q4 and Q6 stopped (no session for 30 days) and count as not responding; Q3 is
    // still going on (last session 27 days ago) and has not had the chance to reach it (issue 20).
    expect(o.bySessionNumber[2]).toMatchObject({
      responseItt: { numerator: 0, denominator: 2, pct: 0 },
      responseCompleters: { numerator: 0, denominator: 0, pct: null },
      notYetReached: 1,
    });
    expect(o.responders).toBe(2); // Q3 and Q4; Q1 (remission only) and Q2 (baseline 9) are not
    expect(o.medianSessionsToFirstResponse).toBe(1);
    expect(o.medianDaysToFirstResponse).toBe(1);
    // the dropout and follow-up measures keep the whole cohort
    expect(o.dropout.denominator).toBe(6);
  });

  it('agrees with the shared reference functions', async () => {
    const res = await api
      .http()
      .get(`${V1}/outcomes?clinicId=${world.clinicA.id}&from=${from}`)
      .set(bearer(world.tokens.a.manager));
    expectStatus(res, 200);
    expect(res.body).toMatchObject(
      await referenceOutcomes(api.ds.manager, world.clinicA.id, T - DAY, Date.now()),
    );
  });

  it('shows 6 -> 4 as a remission status on the patient (status keeps its order)', async () => {
    const res = await api
      .http()
      .get(`${V1}/patients/${ids['q1']}/response`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(res, 200);
    expect(res.body.status).toBe('remission');
  });

  it('puts the new counts in the CSV', async () => {
    const res = await api
      .http()
      .get(`${V1}/outcomes.csv?clinicId=${world.clinicA.id}&from=${from}`)
      .set(bearer(world.tokens.a.manager))
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => cb(null, text));
      });
    expectStatus(res, 200);
    const text = res.body as string;
    expect(text).toContain('cohort,,baseline_below_10,,,,,2');
    expect(text).toContain('cohort,,no_baseline,,,,,1');
    expect(text).toContain('by_session,1,response_itt,,2,3,66.7,');
  });
});

/**
 * CLINICAL.md s6 v2: the cohort unit is the treatment course (set up through the course endpoints;
 * days before now, 24-h PHQ-9s, IV sessions of 35 mg at 70 kg unless said):
 *   R1 initial (IV protocol): baseline 20 (-28 d); sessions -27 d, -24 d; PHQ-9s 14 (-26 d,
 *      partial), 8 (-23 d: response, 8 <= 10). Ended.
 *   R1 re-induction (IV): baseline 18 (-19 d); sessions -18 d, -15 d, -12 d; PHQ-9s 9 (-17 d:
 *      response, 9 <= 9), 12 (-14 d: none), 5 (-11 d: response, not a remission).
 *   R2 initial (esketamine, US label): baseline 15 (-11 d); sessions -10 d, -7 d (56 mg); PHQ-9 6
 *      (-9 d: response, 6 <= 7.5).
 * Per course: k1 responses 2 of 3 (the re-induction from its own baseline 18: per patient it
 * would be session 3 against 20); k2 1 of 3; k3 only the re-induction reached it (1 of 1; the
 * others are still going on: notYetReached 2). First responses at k2, k1, k1: median 1.
 */
describe('GET /outcomes per treatment course: re-inductions apart, protocol and kind filters', () => {
  const { api, world, get, post } = useApi();
  const IV = BUILT_IN_PROTOCOL_IDS.ketamineIv;
  const ESK = BUILT_IN_PROTOCOL_IDS.esketamineUs;
  const allNo = Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no']));
  const ago = (days: number): string => isoAt(Date.now(), -days * DAY);
  const from = new Date(Date.now() - 31 * DAY).toISOString().slice(0, 10);

  const startCourse = async (
    patientId: string,
    protocolId: string,
    kind: 'initial' | 'reinduction',
    screenedDaysAgo: number,
  ): Promise<string> => {
    const esketamine = protocolId === ESK;
    const screening = await post(`/patients/${patientId}/screenings`, 'psychiatrist', {
      drug: esketamine ? 'esketamine' : 'ketamine',
      screenedAt: ago(screenedDaysAgo),
      answers: allNo,
      consentAt: ago(screenedDaysAgo),
      ...(esketamine ? { remsEnrolledAt: ago(screenedDaysAgo) } : {}),
    });
    expectStatus(screening, 201);
    const course = await post(`/patients/${patientId}/courses`, 'psychiatrist', {
      protocolId,
      screeningId: (screening.body as { id: string }).id,
      kind,
    });
    expectStatus(course, 201);
    return (course.body as { id: string }).id;
  };
  const give = async (patientId: string, days: number, esketamine = false): Promise<void> => {
    const res = await post(
      `/patients/${patientId}/sessions`,
      'psychiatrist',
      esketamine
        ? { drug: 'esketamine', route: 'intranasal', doseMg: 56, startedAt: ago(days) }
        : {
            drug: 'ketamine',
            route: 'iv',
            doseMg: 35,
            weightKg: 70,
            infusionMinutes: 40,
            startedAt: ago(days),
          },
    );
    expectStatus(res, 201);
    await dischargeWithOverride(api, world.tokens.a.psychiatrist, res.body as SessionRef);
  };

  beforeAll(async () => {
    const psy = world.tokens.a.psychiatrist;
    const r1 = await createPatient(api, psy, world.clinicA.id);
    const initial = await startCourse(r1.id, IV, 'initial', 29);
    await addPhq9(api, psy, r1.id, ago(28), 20, 'two_weeks');
    await give(r1.id, 27);
    await give(r1.id, 24);
    await addPhq9(api, psy, r1.id, ago(26), 14);
    await addPhq9(api, psy, r1.id, ago(23), 8);
    expectStatus(await post(`/courses/${initial}/end`, 'psychiatrist', { reason: 'other' }), 200);
    await startCourse(r1.id, IV, 'reinduction', 20);
    await addPhq9(api, psy, r1.id, ago(19), 18, 'two_weeks');
    for (const d of [18, 15, 12]) await give(r1.id, d);
    await addPhq9(api, psy, r1.id, ago(17), 9);
    await addPhq9(api, psy, r1.id, ago(14), 12);
    await addPhq9(api, psy, r1.id, ago(11), 5);

    const r2 = await createPatient(api, psy, world.clinicA.id);
    await startCourse(r2.id, ESK, 'initial', 12);
    await addPhq9(api, psy, r2.id, ago(11), 15, 'two_weeks');
    await give(r2.id, 10, true);
    await give(r2.id, 7, true);
    await addPhq9(api, psy, r2.id, ago(9), 6);
  });

  const outcomes = async (query: string): Promise<OutcomesDto> => {
    const res = await get(`/outcomes?clinicId=${world.clinicA.id}&from=${from}${query}`, 'manager');
    expectStatus(res, 200);
    return res.body as OutcomesDto;
  };
  const rates = (o: OutcomesDto, k: number) => {
    const row = o.bySessionNumber[k - 1];
    return [row.responseItt, row.responseCompleters, row.remissionItt, row.notYetReached].map(
      (r) => (typeof r === 'number' ? r : `${String(r.numerator)}/${String(r.denominator)}`),
    );
  };

  it('counts each course apart, numbered within it, from its own baseline', async () => {
    const o = await outcomes('');
    expect(o).toMatchObject({ cohortCourses: 3, cohortPatients: 2, baselineBelow10: 0 });
    expect(o.noBaseline).toBe(0);
    expect(o.sessions).toBe(7);
    expect(rates(o, 1)).toEqual(['2/3', '2/3', '0/3', 0]);
    expect(rates(o, 2)).toEqual(['1/3', '1/3', '0/3', 0]);
    expect(rates(o, 3)).toEqual(['1/1', '1/1', '0/1', 2]);
    expect(o.responders).toBe(3);
    expect(o.medianSessionsToFirstResponse).toBe(1);
    expect(o.filters).toMatchObject({ protocolId: null, kind: null });
  });

  it('filters by kind and protocol', async () => {
    const reinduction = await outcomes('&kind=reinduction');
    expect(reinduction).toMatchObject({ cohortCourses: 1, cohortPatients: 1, sessions: 3 });
    expect(rates(reinduction, 1)).toEqual(['1/1', '1/1', '0/1', 0]);
    expect(reinduction.filters.kind).toBe('reinduction');
    const initial = await outcomes('&kind=initial');
    expect(initial).toMatchObject({ cohortCourses: 2, cohortPatients: 2, sessions: 4 });
    const esketamine = await outcomes(`&protocolId=${ESK}`);
    expect(esketamine).toMatchObject({ cohortCourses: 1, sessions: 2 });
    expect(rates(esketamine, 1)).toEqual(['1/1', '1/1', '0/1', 0]);
    const iv = await outcomes(`&protocolId=${IV}&kind=initial`);
    expect(iv).toMatchObject({ cohortCourses: 1, sessions: 2 });
    expect(rates(iv, 2)).toEqual(['1/1', '1/1', '0/1', 0]);
  });

  it.each([
    ['all courses', {}],
    ['re-inductions', { kind: 'reinduction' }],
    ['initial courses', { kind: 'initial' }],
    ['the IV protocol', { protocolId: BUILT_IN_PROTOCOL_IDS.ketamineIv }],
  ])('agrees with the shared reference functions: %s', async (_name, filters) => {
    const query = Object.entries(filters)
      .map(([key, value]) => `&${key}=${value}`)
      .join('');
    expect(await outcomes(query)).toMatchObject(
      await referenceOutcomes(
        api.ds.manager,
        world.clinicA.id,
        Date.parse(`${from}T00:00:00.000Z`),
        Date.now(),
        filters,
      ),
    );
  });

  it('refuses a bad kind or protocolId with a 400 naming it, also for the CSV', async () => {
    expectError(await get('/outcomes?kind=maintenance', 'manager'), 400, /kind/);
    expectError(await get('/outcomes?protocolId=iv-ketamine', 'manager'), 400, /protocolId/);
    expectError(await get('/outcomes.csv?kind=relapse', 'manager'), 400, /kind/);
  });

  it('names the protocol and kind in the CSV', async () => {
    const res = await get(
      `/outcomes.csv?clinicId=${world.clinicA.id}&from=${from}&protocolId=${IV}&kind=reinduction`,
      'manager',
    );
    expectStatus(res, 200);
    expect(res.headers['content-disposition']).toMatch(
      /_protocol-iv-ketamine-0-5-mg-kg_reinduction\.csv"$/,
    );
    const text = res.text;
    expect(text).toContain('report,,protocol,,,,,IV ketamine 0.5 mg/kg');
    expect(text).toContain('report,,course_kind,,,,,reinduction');
    expect(text).toContain('cohort,,courses,,,,,1');
  });
});

describe('POST .../entered-in-error', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
  });
  afterAll(() => api.close());

  it('marks a PHQ-9 once, audited, drops it from the response, keeps it in the list', async () => {
    const psy = world.tokens.a.psychiatrist;
    const patient = await createPatient(api, psy, world.clinicA.id);
    const phq9 = await addPhq9(api, psy, patient.id, isoAt(Date.now(), -HOUR), 12, 'two_weeks');
    const before = await api.http().get(`${V1}/patients/${patient.id}/response`).set(bearer(psy));
    expect(before.body.baseline?.total).toBe(12);
    const res = await api
      .http()
      .post(`${V1}/phq9/${phq9.id}/entered-in-error`)
      .set(bearer(world.tokens.a.nurse))
      .send({ reason: 'Entered on the wrong chart' });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      resourceType: 'phq9',
      id: phq9.id,
      enteredInError: { reason: 'Entered on the wrong chart', at: expect.any(String) },
    });
    const after = await api.http().get(`${V1}/patients/${patient.id}/response`).set(bearer(psy));
    expect(after.body.baseline).toBeNull();
    const list = await api.http().get(`${V1}/patients/${patient.id}/phq9`).set(bearer(psy));
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(phq9.id);
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'entered_in_error', resourceId: phq9.id }),
    ).toBe(1);
    const again = await api
      .http()
      .post(`${V1}/phq9/${phq9.id}/entered-in-error`)
      .set(bearer(psy))
      .send({ reason: 'Twice' });
    expectError(again, 422, /already/);
  });

  it('requires a reason, keeps to the clinic, and leaves sessions to psychiatrists', async () => {
    const psy = world.tokens.a.psychiatrist;
    const patient = await createPatient(api, psy, world.clinicA.id);
    const session = await createSession(api, psy, patient.id);
    expectError(
      await api
        .http()
        .post(`${V1}/sessions/${session.id}/entered-in-error`)
        .set(bearer(psy))
        .send({}),
      400,
      /reason/,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/sessions/${session.id}/entered-in-error`)
        .set(bearer(world.tokens.a.nurse))
        .send({ reason: 'Wrong patient' }),
      403,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/sessions/${session.id}/entered-in-error`)
        .set(bearer(world.tokens.b.psychiatrist))
        .send({ reason: 'Wrong patient' }),
      404,
    );
    const stored = await api.ds.getRepository(DosingSession).findOneByOrFail({ id: session.id });
    expect(stored.enteredInErrorAt).toBeNull();
    expectStatus(
      await api
        .http()
        .post(`${V1}/sessions/${session.id}/entered-in-error`)
        .set(bearer(psy))
        .send({ reason: 'Ordered for the wrong patient' }),
      200,
    );
    const marked = await api.ds.getRepository(DosingSession).findOneByOrFail({ id: session.id });
    expect(marked.enteredInErrorReason).toBe('Ordered for the wrong patient');
  });
});
