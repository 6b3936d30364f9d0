/**
 * Ordered and started sessions (API.md v2 "Ordered and started sessions"; CLINICAL.md s3 v2
 * "Ordered, then started"): an order is not a dose until a nurse starts it after the pre-dose
 * checks; a psychiatrist may override failed checks with a reason; an order can be cancelled;
 * rules, follow-ups, exports and the board read only doses given.
 */
import { localDate } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Flag } from '../src/flags/flag.entity';
import { FollowUpRequest } from '../src/followups/follow-up-request.entity';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  addObservation,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  messages,
  orderSession,
  type PatientRef,
  postObservation,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';

const ORDER = { drug: 'ketamine', route: 'iv', doseMg: 35, infusionMinutes: 40 };

interface ExpectedItem {
  sessionId: string;
  plannedAt: string;
  ready: boolean;
  checks: { id: string; ok: boolean; reason: string }[];
}

describe('ordered and started sessions API', () => {
  let api: TestApi;
  let world: World;
  let psych: string;
  let nurse: string;

  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });
  afterAll(() => api.close());

  const newPatient = (): Promise<PatientRef> => createPatient(api, psych, world.clinicA.id);
  const order = async (patientId: string, plannedAt = isoAt(Date.now(), 0)) => {
    const res = await orderSession(api, psych, patientId, { ...ORDER, plannedAt });
    expectStatus(res, 201);
    return res.body as SessionRef;
  };
  const start = (sessionId: string, token: string, body: Record<string, unknown>) =>
    api.http().post(`${V1}/sessions/${sessionId}/start`).set(bearer(token)).send(body);
  const cancel = (sessionId: string, token: string, reason = 'patient did not come') =>
    api.http().post(`${V1}/sessions/${sessionId}/cancel`).set(bearer(token)).send({ reason });
  /** A pre-dose BP and MOAA/S `minutesBefore` now. */
  const preDose = (sessionId: string, minutesBefore = 5) =>
    addObservation(api, nurse, sessionId, {
      recordedAt: isoAt(Date.now(), -minutesBefore * MINUTE),
      systolic: 128,
      diastolic: 82,
      heartRate: 72,
      moaas: 5,
    });
  const board = async () => {
    const res = await api.http().get(`${V1}/board`).set(bearer(nurse));
    expectStatus(res, 200);
    return res.body as { items: { sessionId: string }[]; expected: ExpectedItem[] };
  };
  const flagsOf = (patientId: string) => api.ds.getRepository(Flag).find({ where: { patientId } });

  describe('ordering', () => {
    it('plannedAt without startedAt orders the session: status ordered, no dose, no follow-ups', async () => {
      const patient = await newPatient();
      const plannedAt = isoAt(Date.now(), 30 * MINUTE);
      const session = await order(patient.id, plannedAt);
      expect(session).toMatchObject({
        status: 'ordered',
        plannedAt,
        startedAt: plannedAt,
        retrospective: false,
        startedBy: null,
        sessionNumber: 1,
        readyAt: null,
      });
      expect(
        await api.ds.getRepository(FollowUpRequest).count({ where: { sessionId: session.id } }),
      ).toBe(0);
      // reading its follow-ups creates none: no dose, no questionnaire link
      const followUps = await api
        .http()
        .get(`${V1}/sessions/${session.id}/followups`)
        .set(bearer(nurse));
      expectStatus(followUps, 200);
      expect(followUps.body).toMatchObject({ items: [], total: 0 });
      expect(
        await api.ds.getRepository(FollowUpRequest).count({ where: { sessionId: session.id } }),
      ).toBe(0);
      const readiness = await api
        .http()
        .get(`${V1}/sessions/${session.id}/discharge-readiness`)
        .set(bearer(nurse));
      expectStatus(readiness, 200);
      expect(readiness.body).toMatchObject({
        ready: false,
        reasons: ['The dose has not been started'],
      });
      // not on the board as dosed: listed as expected instead
      const b = await board();
      expect(b.items.map((i) => i.sessionId)).not.toContain(session.id);
    });

    it('startedAt records the dose as given; retrospective when more than 10 min before the request', async () => {
      const recent = await createSession(api, psych, (await newPatient()).id, {
        startedAt: isoAt(Date.now(), -2 * MINUTE),
      });
      expect(recent).toMatchObject({
        status: 'in_progress',
        retrospective: false,
        plannedAt: null,
      });
      const past = await createSession(api, psych, (await newPatient()).id, {
        startedAt: isoAt(Date.now(), -3 * HOUR),
      });
      expect(past).toMatchObject({ status: 'in_progress', retrospective: true });
    });

    it('needs startedAt or plannedAt, and a plannedAt within a day of now (400 naming the field)', async () => {
      const patient = await newPatient();
      const none = await orderSession(api, psych, patient.id, ORDER);
      expectError(none, 400, /startedAt or plannedAt is required/);
      const far = await orderSession(api, psych, patient.id, {
        ...ORDER,
        plannedAt: isoAt(Date.now(), 25 * HOUR),
      });
      expectError(far, 400, /plannedAt must not be more than 24 hours ahead/);
      const bad = await orderSession(api, psych, patient.id, { ...ORDER, plannedAt: 'tomorrow' });
      expectError(bad, 400, /plannedAt/);
    });

    it('one open order at a time: a second order or a dose while one is ordered is 422', async () => {
      const patient = await newPatient();
      await order(patient.id);
      const again = await orderSession(api, psych, patient.id, {
        ...ORDER,
        plannedAt: isoAt(Date.now(), HOUR),
      });
      expectError(again, 422, /ordered and not started; start or cancel it/);
    });

    it('a nurse cannot order (403)', async () => {
      const patient = await newPatient();
      const res = await orderSession(api, nurse, patient.id, {
        ...ORDER,
        plannedAt: isoAt(Date.now(), 0),
      });
      expectStatus(res, 403);
    });
  });

  describe('starting', () => {
    it('refuses a start without pre-dose readings with every failed check (422)', async () => {
      const session = await order((await newPatient()).id);
      const res = await start(session.id, nurse, { startedAt: isoAt(Date.now(), 0) });
      expectStatus(res, 422);
      expect(messages(res)).toEqual([
        'No pre-dose BP in the 60 min before the dose',
        'No pre-dose MOAA/S in the 60 min before the dose',
      ]);
    });

    it("a nurse's override is 403; a psychiatrist's is recorded on the session and audited", async () => {
      const session = await order((await newPatient()).id);
      const byNurse = await start(session.id, nurse, {
        startedAt: isoAt(Date.now(), 0),
        overrideReason: 'BP taken on paper',
      });
      expectStatus(byNurse, 403);
      const res = await start(session.id, psych, {
        startedAt: isoAt(Date.now(), 0),
        overrideReason: 'BP taken on paper, 130/80',
      });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'in_progress',
        startOverrideReason: 'BP taken on paper, 130/80',
        startOverriddenChecks: [
          'No pre-dose BP in the 60 min before the dose',
          'No pre-dose MOAA/S in the 60 min before the dose',
        ],
        version: 2,
      });
      const audit = await api.ds
        .getRepository(AuditEntry)
        .findOneByOrFail({ action: 'start', resourceId: session.id });
      expect(audit.details).toMatchObject({
        change: 'session.start_override',
        after: { overriddenChecks: ['predose_bp', 'predose_moaas'] },
      });
    });

    it('pre-dose readings on the order satisfy the checks; the start puts the session on the board', async () => {
      const patient = await newPatient();
      const session = await order(patient.id, isoAt(Date.now(), -20 * MINUTE));
      const reading = await preDose(session.id, 5);
      const before = await board();
      const expected = before.expected.find((e) => e.sessionId === session.id);
      expect(expected).toMatchObject({ ready: true });
      expect(expected?.checks.map((c) => [c.id, c.ok])).toEqual([
        ['predose_bp', true],
        ['predose_moaas', true],
        ['no_critical_flag', true],
      ]);
      // the planned time is past: still no monitoring flag, as no dose was given
      expect((await flagsOf(patient.id)).map((f) => f.rule)).toEqual([]);

      const startedAt = isoAt(Date.now(), 0);
      const res = await start(session.id, nurse, { startedAt });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'in_progress',
        startedAt,
        plannedAt: session.plannedAt,
        startedBy: world.users.a.nurse.id,
        startOverrideReason: null,
        retrospective: false,
      });
      // the reading is the pre-dose reading: its minutes count from the real start
      const observations = (
        res.body as { observations: { id: string; minutesSinceDose: number }[] }
      ).observations;
      expect(observations.find((o) => o.id === reading['id'])?.minutesSinceDose).toBe(-5);
      expect(
        await api.ds.getRepository(FollowUpRequest).count({ where: { sessionId: session.id } }),
      ).toBe(2);
      const after = await board();
      expect(after.items.map((i) => i.sessionId)).toContain(session.id);
      expect(after.expected.map((e) => e.sessionId)).not.toContain(session.id);
    });

    it('a reading older than 60 min or taken after the start does not count', async () => {
      const session = await order((await newPatient()).id, isoAt(Date.now(), -2 * HOUR));
      await preDose(session.id, 70);
      const res = await start(session.id, nurse, { startedAt: isoAt(Date.now(), -5 * MINUTE) });
      expectStatus(res, 422);
      expect(messages(res)).toContain('No pre-dose BP in the 60 min before the dose');
    });

    it('an open critical flag on the patient (item 9) fails the check with its rule', async () => {
      const patient = await newPatient();
      const phq9 = await api
        .http()
        .post(`${V1}/patients/${patient.id}/phq9`)
        .set(bearer(nurse))
        .send({
          administeredAt: isoAt(Date.now(), -MINUTE),
          items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
          recall: 'two_weeks',
        });
      expectStatus(phq9, 201);
      const session = await order(patient.id);
      await preDose(session.id, 5);
      const item = (await board()).expected.find((e) => e.sessionId === session.id);
      expect(item?.ready).toBe(false);
      expect(item?.checks.find((c) => c.id === 'no_critical_flag')).toEqual({
        id: 'no_critical_flag',
        ok: false,
        reason: '1 open critical flag on the patient (phq9.item9_positive)',
      });
      const res = await start(session.id, nurse, { startedAt: isoAt(Date.now(), 0) });
      expectStatus(res, 422);
      expect(messages(res)).toEqual(['1 open critical flag on the patient (phq9.item9_positive)']);
    });

    it('two nurses starting at once: one wins, the other gets 409; a stale If-Match is 412', async () => {
      const session = await order((await newPatient()).id);
      await preDose(session.id, 5);
      const body = { startedAt: isoAt(Date.now(), 0) };
      const results = await Promise.all([
        start(session.id, nurse, body),
        start(session.id, psych, body),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);

      const other = await order((await newPatient()).id);
      await preDose(other.id, 5);
      const stale = await api
        .http()
        .post(`${V1}/sessions/${other.id}/start`)
        .set(bearer(nurse))
        .set('If-Match', '"7"')
        .send(body);
      expectStatus(stale, 412);
    });

    it('startedAt in the future is 400; a start far after the reading is retrospective', async () => {
      const session = await order((await newPatient()).id, isoAt(Date.now(), -3 * HOUR));
      const future = await start(session.id, nurse, { startedAt: isoAt(Date.now(), HOUR) });
      expectError(future, 400, /startedAt must not be in the future/);
      await preDose(session.id, 150);
      const res = await start(session.id, nurse, { startedAt: isoAt(Date.now(), -2 * HOUR) });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ retrospective: true });
    });
  });

  describe('cancelling', () => {
    it('cancels an order; the number is given back to the next session', async () => {
      const patient = await newPatient();
      const session = await order(patient.id);
      expect(session.sessionNumber).toBe(1);
      const res = await cancel(session.id, nurse);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        cancelReason: 'patient did not come',
        cancelledBy: world.users.a.nurse.id,
        sessionNumber: -1,
      });
      expect(
        await api.ds
          .getRepository(AuditEntry)
          .count({ where: { action: 'cancel', resourceId: session.id } }),
      ).toBe(1);
      // no observation on a cancelled order; no start either
      const obs = await postObservation(api, nurse, session.id, {
        recordedAt: isoAt(Date.now(), 0),
        systolic: 120,
        diastolic: 80,
      });
      expectError(obs, 422, /cancelled/);
      expectStatus(
        await start(session.id, psych, {
          startedAt: isoAt(Date.now(), 0),
          overrideReason: 'try it anyway',
        }),
        409,
      );
      expectStatus(await cancel(session.id, nurse), 409);
      // the next order takes number 1
      const next = await order(patient.id);
      expect(next.sessionNumber).toBe(1);
      const list = await api.http().get(`${V1}/patients/${patient.id}/sessions`).set(bearer(nurse));
      expectStatus(list, 200);
      expect(
        (list.body as { items: SessionRef[] }).items.map((s) => [s.sessionNumber, s.status]),
      ).toEqual([
        [1, 'ordered'],
        [-1, 'cancelled'],
      ]);
    });

    it('an in-progress session cannot be cancelled (422): a dose given by mistake is entered in error', async () => {
      const session = await createSession(api, psych, (await newPatient()).id);
      const res = await cancel(session.id, psych);
      expectError(res, 422, /only an ordered session can be cancelled/);
    });

    it('needs a reason (400)', async () => {
      const session = await order((await newPatient()).id);
      const res = await api
        .http()
        .post(`${V1}/sessions/${session.id}/cancel`)
        .set(bearer(nurse))
        .send({});
      expectError(res, 400, /reason/);
    });
  });

  describe('what reads doses given', () => {
    it('misuse.session_frequency counts the order only once it is started', async () => {
      const patient = await newPatient();
      const first = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -3 * DAY),
      });
      await dischargeWithOverride(api, psych, first);
      const second = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -2 * DAY),
      });
      await dischargeWithOverride(api, psych, second);
      // The legacy course of an IV session follows the built-in IV protocol (CLINICAL.md s8: at
      // most 3 in any 7 days in induction): the order is the 4th.
      const given = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -1 * DAY),
      });
      await dischargeWithOverride(api, psych, given);
      const third = await order(patient.id);
      await preDose(third.id, 5);
      const get = await api.http().get(`${V1}/sessions/${third.id}`).set(bearer(nurse));
      expectStatus(get, 200);
      expect((await flagsOf(patient.id)).map((f) => f.rule)).not.toContain(
        'misuse.session_frequency',
      );
      // records export and FHIR: no administration for the order, nor its pre-dose reading
      const csv = await api
        .http()
        .get(`${V1}/patients/${patient.id}/records.csv`)
        .set(bearer(psych));
      expectStatus(csv, 200);
      expect(csv.text).not.toContain(third.id);
      const fhir = await api.http().get(`${V1}/patients/${patient.id}/fhir`).set(bearer(psych));
      expectStatus(fhir, 200);
      expect(JSON.stringify(fhir.body)).not.toContain(third.id);

      expectStatus(await start(third.id, nurse, { startedAt: isoAt(Date.now(), 0) }), 200);
      expect((await flagsOf(patient.id)).map((f) => f.rule)).toContain('misuse.session_frequency');
    });

    it("the board's expected list holds only orders planned on the clinic's local day", async () => {
      const zone = world.clinicA.timezone;
      const today = localDate(new Date(), zone);
      // of 23 h before and after now, at least one falls on another local day
      const offset = [23 * HOUR, -23 * HOUR].find(
        (ms) => localDate(new Date(Date.now() + ms), zone) !== today,
      ) as number;
      const otherDay = await order((await newPatient()).id, isoAt(Date.now(), offset));
      const todays = await order((await newPatient()).id, isoAt(Date.now(), 0));
      const expected = (await board()).expected.map((e) => e.sessionId);
      expect(expected).toContain(todays.id);
      expect(expected).not.toContain(otherDay.id);
      // another clinic's nurse does not see them
      const other = await api.http().get(`${V1}/board`).set(bearer(world.tokens.b.nurse));
      expectStatus(other, 200);
      expect((other.body as { expected: ExpectedItem[] }).expected).toEqual([]);
    });
  });
});
