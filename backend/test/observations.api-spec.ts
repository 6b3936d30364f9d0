/**
 * Monitoring observations and side effects through the HTTP API (API.md "Dosing sessions";
 * CLINICAL.md s1 plausible ranges, s3 minutes since dose): every range just inside and just
 * outside, types, empty and future observations, discharged sessions; a refused write writes nothing.
 */
import { SIDE_EFFECT_SEVERITIES, SIDE_EFFECT_TYPES } from '@clinic/shared';
import { Observation } from '../src/sessions/observation.entity';
import { SideEffect } from '../src/sessions/side-effect.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  dischargeWithOverride,
  expectError,
  expectNothingWritten,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  postObservation,
  type SessionRef,
  V1,
  withOffset,
} from './support/clinical-fixtures';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZEROS = [0, 0, 0, 0, 0, 0];

describe('observations and side effects API', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;
  /** In progress, dose started 60 minutes ago. */
  let session: SessionRef;
  /** Discharged. */
  let closed: SessionRef;

  const now = (): string => new Date().toISOString();
  const post = (body: Record<string, unknown>, token = nurse, sessionId = session.id) =>
    postObservation(api, token, sessionId, body);
  const postSideEffect = (body: Record<string, unknown>, token = nurse, sessionId = session.id) =>
    api.http().post(`${V1}/sessions/${sessionId}/side-effects`).set(bearer(token)).send(body);

  beforeAll(async () => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
    const patient = await createPatient(api, psych, world.clinicA.id);
    session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -60 * MINUTE),
    });
    const other = await createPatient(api, psych, world.clinicA.id);
    closed = await createSession(api, psych, other.id, { startedAt: isoAt(Date.now(), -3 * HOUR) });
    await dischargeWithOverride(api, psych, closed, isoAt(Date.now(), -HOUR));
  });

  describe('POST /sessions/:id/observations', () => {
    it('records an observation with the documented shape', async () => {
      const recordedAt = isoAt(session.startedAt, 40 * MINUTE);
      const res = await post({
        recordedAt,
        systolic: 142,
        diastolic: 88,
        heartRate: 84,
        spo2: 97,
        respiratoryRate: 16,
        moaas: 4,
        cadss6: [1, 2, 0, 3, 0, 4],
      });
      expectStatus(res, 201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID_RE),
          sessionId: session.id,
          recordedAt,
          minutesSinceDose: 40,
          systolic: 142,
          diastolic: 88,
          heartRate: 84,
          spo2: 97,
          respiratoryRate: 16,
          moaas: 4,
          cadss6: [1, 2, 0, 3, 0, 4],
          cadss6Total: 10,
          recordedBy: world.users.a.nurse.id,
        }),
      );
      const stored = await api.ds.getRepository(Observation).findOneByOrFail({ id: res.body.id });
      expect(stored).toMatchObject({
        minutesSinceDose: 40,
        cadss6Total: 10,
        cadss6: [1, 2, 0, 3, 0, 4],
        patientId: session.patientId,
      });
    });

    it('leaves absent and null measurements null', async () => {
      const res = await post({
        recordedAt: isoAt(session.startedAt, 41 * MINUTE),
        heartRate: 80,
        systolic: null,
        diastolic: null,
        cadss6: null,
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        heartRate: 80,
        systolic: null,
        diastolic: null,
        spo2: null,
        respiratoryRate: null,
        moaas: null,
        cadss6: null,
        cadss6Total: null,
      });
    });

    it.each([
      // [offset from the dose start in seconds, minutesSinceDose]
      [-600, -10],
      [-90, -1],
      [-59, 0],
      [0, 0],
      [59, 0],
      [60, 1],
      [15 * 60 + 30, 15],
      [40 * 60 + 59, 40],
    ])(
      'minutesSinceDose of a reading %p s from the dose start is %p (whole minutes, pre-dose negative)',
      async (offsetSeconds, minutes) => {
        const res = await post({
          recordedAt: isoAt(session.startedAt, offsetSeconds * 1000),
          moaas: 5,
        });
        expectStatus(res, 201);
        expect(res.body.minutesSinceDose).toBe(minutes);
      },
    );

    it('counts minutes from an offset-written recordedAt as the same instant', async () => {
      const res = await post({
        recordedAt: withOffset(isoAt(session.startedAt, 30 * MINUTE), -5),
        spo2: 98,
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        minutesSinceDose: 30,
        recordedAt: isoAt(session.startedAt, 30 * MINUTE),
      });
    });

    it.each([
      // [case, cadss6, total]
      ['all 0', ZEROS, 0],
      ['all 4', [4, 4, 4, 4, 4, 4], 24],
      ['mixed', [0, 1, 2, 3, 4, 0], 10],
    ])('cadss6Total of %s is %p', async (_case, cadss6, total) => {
      const res = await post({ recordedAt: isoAt(session.startedAt, 45 * MINUTE), cadss6 });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ cadss6, cadss6Total: total });
    });

    it.each([
      // just inside the plausible ranges of CLINICAL.md s1
      ['systolic 50', { systolic: 50, diastolic: 20 }],
      ['systolic 300', { systolic: 300, diastolic: 120 }],
      ['diastolic 20', { systolic: 110, diastolic: 20 }],
      ['diastolic 200', { systolic: 260, diastolic: 200 }],
      ['diastolic one below systolic', { systolic: 90, diastolic: 89 }],
      ['heartRate 20', { heartRate: 20 }],
      ['heartRate 250', { heartRate: 250 }],
      ['spo2 50', { spo2: 50 }],
      ['spo2 100', { spo2: 100 }],
      ['respiratoryRate 2', { respiratoryRate: 2 }],
      ['respiratoryRate 60', { respiratoryRate: 60 }],
      ['moaas 0', { moaas: 0 }],
      ['moaas 5', { moaas: 5 }],
      ['cadss6 items 0', { cadss6: ZEROS }],
      ['cadss6 items 4', { cadss6: [4, 4, 4, 4, 4, 4] }],
    ])('accepts %s', async (_case, measurements: Record<string, unknown>) => {
      const res = await post({
        recordedAt: isoAt(session.startedAt, 50 * MINUTE),
        ...measurements,
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject(measurements);
    });

    const at = (): string => isoAt(session.startedAt, 50 * MINUTE);
    it.each([
      // just outside
      [
        'systolic 49',
        { systolic: 49, diastolic: 30 },
        /^systolic must be an integer from 50 to 300$/m,
      ],
      [
        'systolic 301',
        { systolic: 301, diastolic: 100 },
        /^systolic must be an integer from 50 to 300$/m,
      ],
      [
        'diastolic 19',
        { systolic: 100, diastolic: 19 },
        /^diastolic must be an integer from 20 to 200$/m,
      ],
      [
        'diastolic 201',
        { systolic: 260, diastolic: 201 },
        /^diastolic must be an integer from 20 to 200$/m,
      ],
      [
        'diastolic equal to systolic',
        { systolic: 120, diastolic: 120 },
        /^diastolic must be lower than systolic$/m,
      ],
      [
        'diastolic above systolic',
        { systolic: 100, diastolic: 110 },
        /^diastolic must be lower than systolic$/m,
      ],
      [
        'systolic without diastolic',
        { systolic: 120 },
        /^systolic and diastolic must be recorded together$/m,
      ],
      [
        'diastolic without systolic',
        { diastolic: 80 },
        /^systolic and diastolic must be recorded together$/m,
      ],
      ['heartRate 19', { heartRate: 19 }, /^heartRate must be an integer from 20 to 250$/m],
      ['heartRate 251', { heartRate: 251 }, /^heartRate must be an integer from 20 to 250$/m],
      ['spo2 49', { spo2: 49 }, /^spo2 must be an integer from 50 to 100$/m],
      ['spo2 101', { spo2: 101 }, /^spo2 must be an integer from 50 to 100$/m],
      [
        'respiratoryRate 1',
        { respiratoryRate: 1 },
        /^respiratoryRate must be an integer from 2 to 60$/m,
      ],
      [
        'respiratoryRate 61',
        { respiratoryRate: 61 },
        /^respiratoryRate must be an integer from 2 to 60$/m,
      ],
      ['moaas -1', { moaas: -1 }, /^moaas must be an integer from 0 to 5$/m],
      ['moaas 6', { moaas: 6 }, /^moaas must be an integer from 0 to 5$/m],
      [
        'a CADSS item 5',
        { cadss6: [0, 0, 5, 0, 0, 0] },
        /^cadss6\.2 must be an integer from 0 to 4$/m,
      ],
      [
        'a CADSS item -1',
        { cadss6: [0, 0, 0, 0, 0, -1] },
        /^cadss6\.5 must be an integer from 0 to 4$/m,
      ],
      [
        'cadss6 with 5 entries',
        { cadss6: [0, 0, 0, 0, 0] },
        /^cadss6 must contain exactly 6 entries$/m,
      ],
      [
        'cadss6 with 7 entries',
        { cadss6: [0, 0, 0, 0, 0, 0, 0] },
        /^cadss6 must contain exactly 6 entries$/m,
      ],
      ['cadss6 empty', { cadss6: [] }, /^cadss6 must contain exactly 6 entries$/m],
      ['cadss6 not an array', { cadss6: 3 }, /^cadss6 must be an array$/m],
      [
        'cadss6 with a null item',
        { cadss6: [0, null, 0, 0, 0, 0] },
        /^cadss6\.1 must be an integer from 0 to 4$/m,
      ],
      [
        'cadss6 with a decimal item',
        { cadss6: [0, 1.5, 0, 0, 0, 0] },
        /^cadss6\.1 must be an integer/m,
      ],
      [
        'cadss6 with a string item',
        { cadss6: ['1', 0, 0, 0, 0, 0] },
        /^cadss6\.0 must be an integer/m,
      ],
      [
        'systolic not an integer',
        { systolic: 120.5, diastolic: 80 },
        /^systolic must be an integer/m,
      ],
      ['heartRate a string', { heartRate: '80' }, /^heartRate must be an integer/m],
      ['moaas a string', { moaas: '5' }, /^moaas must be an integer/m],
      ['spo2 a boolean', { spo2: true }, /^spo2 must be an integer/m],
      [
        'respiratoryRate an object',
        { respiratoryRate: { value: 12 } },
        /^respiratoryRate must be an integer/m,
      ],
      ['no measurement', {}, /^at least one measurement is required/m],
      [
        'only nulls',
        {
          systolic: null,
          diastolic: null,
          heartRate: null,
          spo2: null,
          respiratoryRate: null,
          moaas: null,
          cadss6: null,
        },
        /^at least one measurement is required/m,
      ],
      [
        'an unknown field',
        { moaas: 5, temperature: 37 },
        /^property temperature should not exist$/m,
      ],
      [
        'a server-set field',
        { moaas: 5, minutesSinceDose: 3 },
        /^property minutesSinceDose should not exist$/m,
      ],
    ])(
      '400 for %s, writing nothing',
      async (_case, measurements: Record<string, unknown>, pattern) => {
        const res = await expectNothingWritten(api, () =>
          post({ recordedAt: at(), ...measurements }),
        );
        expectError(res, 400, pattern);
      },
    );

    it.each([
      ['missing', undefined, /^recordedAt must be an ISO-8601 date-time with a time zone/m],
      [
        'without a zone',
        '2026-01-10T10:00:00',
        /^recordedAt must be an ISO-8601 date-time with a time zone/m,
      ],
      ['not a date', 'just now', /^recordedAt must be an ISO-8601/m],
      ['10 minutes in the future', 'FUTURE', /^recordedAt must not be in the future$/m],
      [
        'more than 24 h before the dose',
        'EARLY',
        /^recordedAt must be within 24 hours before the dose start$/m,
      ],
    ])('400 for a recordedAt %s, writing nothing', async (_case, value, pattern) => {
      const recordedAt =
        value === 'FUTURE'
          ? isoAt(Date.now(), 10 * MINUTE)
          : value === 'EARLY'
            ? isoAt(session.startedAt, -25 * HOUR)
            : value;
      const body: Record<string, unknown> = { moaas: 5 };
      if (recordedAt !== undefined) body['recordedAt'] = recordedAt;
      const res = await expectNothingWritten(api, () => post(body));
      expectError(res, 400, pattern);
    });

    it('422 on a discharged session, writing nothing', async () => {
      const res = await expectNothingWritten(api, () =>
        post({ recordedAt: now(), moaas: 5 }, nurse, closed.id),
      );
      expectError(res, 422, /discharged/);
      const byPsychiatrist = await expectNothingWritten(api, () =>
        post({ recordedAt: isoAt(closed.startedAt, 30 * MINUTE), spo2: 97 }, psych, closed.id),
      );
      expectError(byPsychiatrist, 422, /discharged/);
    });

    it('a manager may not record (403); another clinic gets 404; an unknown session 404', async () => {
      const body = { recordedAt: now(), moaas: 5 };
      expect(
        (await expectNothingWritten(api, () => post(body, world.tokens.a.manager))).status,
      ).toBe(403);
      expectError(
        await expectNothingWritten(api, () => post(body, world.tokens.b.nurse)),
        404,
        /Session not found/,
      );
      expectError(
        await expectNothingWritten(api, () =>
          post(body, nurse, '00000000-0000-4000-8000-000000000000'),
        ),
        404,
        /Session not found/,
      );
      expectError(
        await expectNothingWritten(api, () => post(body, nurse, 'nope')),
        400,
        /^id must be a UUID$/m,
      );
    });

    it('lists the observations on the session in time order, whatever the order they were entered in', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const s = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -50 * MINUTE),
      });
      for (const minutes of [40, -5, 15, 0]) {
        expectStatus(
          await post({ recordedAt: isoAt(s.startedAt, minutes * MINUTE), moaas: 5 }, nurse, s.id),
          201,
        );
      }
      const res = await api
        .http()
        .get(`${V1}/sessions/${s.id}`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(res, 200);
      expect(
        (res.body.observations as { minutesSinceDose: number }[]).map((o) => o.minutesSinceDose),
      ).toEqual([-5, 0, 15, 40]);
      expect(await api.ds.getRepository(Observation).countBy({ sessionId: s.id })).toBe(4);
    });
  });

  describe('POST /sessions/:id/side-effects', () => {
    it.each(
      SIDE_EFFECT_TYPES.map((type, i) => [
        type,
        SIDE_EFFECT_SEVERITIES[i % SIDE_EFFECT_SEVERITIES.length],
      ]),
    )('records a %s side effect (%s)', async (type, severity) => {
      const onsetAt = isoAt(session.startedAt, 20 * MINUTE);
      const res = await postSideEffect({ type, severity, onsetAt, notes: `observed ${type}` });
      expectStatus(res, 201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID_RE),
          sessionId: session.id,
          patientId: session.patientId,
          type,
          severity,
          onsetAt,
          notes: `observed ${type}`,
          recordedBy: world.users.a.nurse.id,
        }),
      );
    });

    it('a side effect at the dose start is accepted, and listed on the session and the patient', async () => {
      const res = await postSideEffect(
        { type: 'dizziness', severity: 'moderate', onsetAt: session.startedAt },
        psych,
      );
      expectStatus(res, 201);
      expect(res.body.notes).toBeNull();
      const got = await api.http().get(`${V1}/sessions/${session.id}`).set(bearer(nurse));
      expect(got.body.sideEffects.map((e: { id: string }) => e.id)).toContain(res.body.id);
      const list = await api
        .http()
        .get(`${V1}/patients/${session.patientId}/side-effects`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(list, 200);
      expect(list.body.total).toBe(
        await api.ds.getRepository(SideEffect).countBy({ patientId: session.patientId }),
      );
      expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
    });

    it.each([
      [
        'type unknown',
        { type: 'rash' },
        /^type must be one of the following values: nausea, vomiting/m,
      ],
      ['type in another case', { type: 'Nausea' }, /^type must be one of/m],
      ['type missing', { type: undefined }, /^type must be one of/m],
      [
        'severity unknown',
        { severity: 'critical' },
        /^severity must be one of the following values: mild, moderate, severe$/m,
      ],
      ['severity missing', { severity: undefined }, /^severity must be one of/m],
      [
        'onsetAt missing',
        { onsetAt: undefined },
        /^onsetAt must be an ISO-8601 date-time with a time zone/m,
      ],
      [
        'onsetAt without a zone',
        { onsetAt: '2026-01-10T10:00:00' },
        /^onsetAt must be an ISO-8601/m,
      ],
      [
        'onsetAt before the dose',
        { onsetAt: 'BEFORE' },
        /^onsetAt must not be before the dose start$/m,
      ],
      ['onsetAt in the future', { onsetAt: 'FUTURE' }, /^onsetAt must not be in the future$/m],
      ['notes not a string', { notes: 12 }, /^notes must be a string$/m],
      [
        'notes with a control character',
        { notes: 'a\u0000b' },
        /^notes must not contain control characters$/m,
      ],
      ['an unknown field', { grade: 3 }, /^property grade should not exist$/m],
    ])('400 for %s, writing nothing', async (_case, patch: Record<string, unknown>, pattern) => {
      const body: Record<string, unknown> = {
        type: 'headache',
        severity: 'mild',
        onsetAt: isoAt(session.startedAt, 30 * MINUTE),
        ...patch,
      };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
      if (body['onsetAt'] === 'BEFORE') body['onsetAt'] = isoAt(session.startedAt, -MINUTE);
      if (body['onsetAt'] === 'FUTURE') body['onsetAt'] = isoAt(Date.now(), 10 * MINUTE);
      const res = await expectNothingWritten(api, () => postSideEffect(body));
      expectError(res, 400, pattern);
    });

    it('a manager may not record a side effect; another clinic gets 404', async () => {
      const body = { type: 'headache', severity: 'mild', onsetAt: now() };
      expect(
        (await expectNothingWritten(api, () => postSideEffect(body, world.tokens.a.manager)))
          .status,
      ).toBe(403);
      expectError(
        await expectNothingWritten(api, () => postSideEffect(body, world.tokens.b.psychiatrist)),
        404,
        /Session not found/,
      );
    });
  });
});
