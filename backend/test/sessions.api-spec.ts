/**
 * Dosing sessions through the HTTP API (API.md "Dosing sessions"; CLINICAL.md s2 dosing limits,
 * s3 discharge readiness): ordering, dose per kg, limits, sequence rules, validation, reading,
 * discharge readiness and discharge.
 */
import { Flag } from '../src/flags/flag.entity';
import { DosingSession } from '../src/sessions/dosing-session.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  addObservation,
  createPatient,
  createSession,
  dischargeWithOverride,
  expectError,
  expectNothingWritten,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  orderSession,
  type PatientRef,
  postObservation,
  readyObservation,
  sessionBody,
  type SessionRef,
  V1,
  withOffset,
} from './support/clinical-fixtures';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('dosing sessions API', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;
  /** A patient (70 kg) that never gets a session: refused orders are tried on it. */
  let idle: PatientRef;

  const newPatient = (overrides: Record<string, unknown> = {}): Promise<PatientRef> =>
    createPatient(api, psych, world.clinicA.id, overrides);
  const readiness = async (sessionId: string, token = nurse) => {
    const res = await api
      .http()
      .get(`${V1}/sessions/${sessionId}/discharge-readiness`)
      .set(bearer(token));
    expectStatus(res, 200);
    return res.body as {
      ready: boolean;
      reasons: string[];
      readyAt: string | null;
      monitoringEndsAt?: string;
    };
  };
  const discharge = (sessionId: string, token: string, body: Record<string, unknown>) =>
    api.http().post(`${V1}/sessions/${sessionId}/discharge`).set(bearer(token)).send(body);
  const getSession = async (sessionId: string) => {
    const res = await api.http().get(`${V1}/sessions/${sessionId}`).set(bearer(nurse));
    expectStatus(res, 200);
    return res;
  };

  beforeAll(async () => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
    idle = await newPatient();
  });

  describe('POST /patients/:id/sessions', () => {
    it('creates session 1 with the documented shape, the patient weight and an ETag', async () => {
      const patient = await newPatient({ weightKg: 70 });
      const startedAt = isoAt(Date.now(), -10 * MINUTE);
      const res = await orderSession(api, psych, patient.id, {
        drug: 'ketamine',
        route: 'iv',
        doseMg: 35,
        startedAt,
        infusionMinutes: 40,
        lotNumber: 'KET-2026/01',
        concomitantMedications: ['sertraline 100 mg'],
        notes: 'first infusion',
      });
      expectStatus(res, 201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID_RE),
          patientId: patient.id,
          clinicId: world.clinicA.id,
          sessionNumber: 1,
          drug: 'ketamine',
          route: 'iv',
          doseMg: 35,
          doseMgPerKg: 0.5,
          weightKg: 70,
          startedAt,
          infusionMinutes: 40,
          lotNumber: 'KET-2026/01',
          concomitantMedications: ['sertraline 100 mg'],
          notes: 'first infusion',
          doseWarnings: [],
          status: 'in_progress',
          readyAt: null,
          dischargedAt: null,
          observations: [],
          sideEffects: [],
          flags: expect.any(Array), // e.g. monitoring.overdue: no observation yet
          version: 1,
        }),
      );
      expect(res.headers['etag']).toBe('"1"');
      const stored = await api.ds.getRepository(DosingSession).findOneByOrFail({ id: res.body.id });
      expect(stored.doseMgPerKg).toBe(0.5);
      expect(stored.startedAt.toISOString()).toBe(startedAt);
    });

    it('stores startedAt given with a UTC offset as the same instant in UTC', async () => {
      const patient = await newPatient();
      const utc = isoAt(Date.now(), -20 * MINUTE);
      const res = await orderSession(
        api,
        psych,
        patient.id,
        sessionBody({ startedAt: withOffset(utc, 2) }),
      );
      expectStatus(res, 201);
      expect(res.body.startedAt).toBe(utc);
    });

    it('computes doseMgPerKg from the weight given with the session over the patient weight', async () => {
      const patient = await newPatient({ weightKg: 70 });
      const res = await orderSession(
        api,
        psych,
        patient.id,
        sessionBody({ doseMg: 40, weightKg: 80 }),
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ doseMgPerKg: 0.5, weightKg: 80 });
    });

    it.each([
      // [route, doseMg, weightKg, doseMgPerKg]
      ['iv', 35, 73.3, 0.477], // 0.47749
      ['iv', 33.33, 66.7, 0.5], // 0.49970 rounds to 0.500
      ['oral', 5, 80, 0.063], // 0.0625: half up
      ['oral', 50, 70, 0.714], // 0.714285...
      ['im', 45.5, 65, 0.7],
    ])(
      'rounds doseMgPerKg to 3 decimals (ketamine %s %p mg at %p kg -> %p)',
      async (route, doseMg, weightKg, expected) => {
        const patient = await newPatient({ weightKg });
        const res = await orderSession(api, psych, patient.id, sessionBody({ route, doseMg }));
        expectStatus(res, 201);
        expect(res.body.doseMgPerKg).toBe(expected);
        expect(res.body.weightKg).toBe(weightKg);
      },
    );

    it.each([
      // [case, drug, route, doseMg, warning pattern or null]
      [
        'ketamine IV at the sanity maximum 1.0 mg/kg',
        'ketamine',
        'iv',
        70,
        /1 mg\/kg is above the usual maximum of 0\.75 mg\/kg/,
      ],
      [
        'ketamine IV 0.8 mg/kg (above usual)',
        'ketamine',
        'iv',
        56,
        /0\.8 mg\/kg is above the usual maximum of 0\.75 mg\/kg/,
      ],
      ['ketamine IV at the usual maximum 0.75 mg/kg', 'ketamine', 'iv', 52.5, null],
      [
        'ketamine IM at the sanity maximum 2.0 mg/kg',
        'ketamine',
        'im',
        140,
        /2 mg\/kg is above the usual maximum of 1 mg\/kg/,
      ],
      ['ketamine IM 1.0 mg/kg', 'ketamine', 'im', 70, null],
      ['ketamine oral at the sanity maximum 7 mg/kg', 'ketamine', 'oral', 490, null],
      ['ketamine sublingual 10 mg', 'ketamine', 'sublingual', 10, null],
      ['esketamine 28 mg', 'esketamine', 'intranasal', 28, null],
      ['esketamine 56 mg', 'esketamine', 'intranasal', 56, null],
      ['esketamine 84 mg', 'esketamine', 'intranasal', 84, null],
      [
        'esketamine 112 mg (the maximum, above usual)',
        'esketamine',
        'intranasal',
        112,
        /112 mg is above the usual maximum of 84 mg/,
      ],
      [
        'esketamine 70 mg (not a multiple of 28)',
        'esketamine',
        'intranasal',
        70,
        /not a multiple of the 28 mg/,
      ],
    ])('accepts %s', async (_case, drug, route, doseMg, warning) => {
      const patient = await newPatient({ weightKg: 70 });
      const res = await orderSession(
        api,
        psych,
        patient.id,
        sessionBody({ drug, route, doseMg, infusionMinutes: route === 'iv' ? 40 : undefined }),
      );
      expectStatus(res, 201);
      if (warning === null) {
        expect(res.body.doseWarnings).toEqual([]);
      } else {
        expect(res.body.doseWarnings).toHaveLength(1);
        expect(res.body.doseWarnings[0]).toMatch(warning);
      }
      const got = await getSession(res.body.id);
      expect(got.body.doseWarnings).toEqual(res.body.doseWarnings);
    });

    it('accepts esketamine for a patient without any weight (doseMgPerKg null)', async () => {
      const patient = await newPatient({ weightKg: null });
      const res = await orderSession(
        api,
        psych,
        patient.id,
        sessionBody({
          drug: 'esketamine',
          route: 'intranasal',
          doseMg: 56,
          infusionMinutes: undefined,
        }),
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ doseMgPerKg: null, weightKg: null, doseWarnings: [] });
    });

    it.each([
      // [case, patch of the body, message pattern]
      [
        'ketamine IV 1.001 mg/kg',
        { doseMg: 70.07 },
        /doseMg 1\.001 mg\/kg exceeds the sanity maximum of 1 mg\/kg/,
      ],
      ['ketamine IV 2 mg/kg', { doseMg: 140 }, /^doseMg .*exceeds/m],
      ['ketamine IM 2.001 mg/kg', { route: 'im', doseMg: 140.07 }, /doseMg 2\.001 mg\/kg exceeds/],
      [
        'ketamine oral 7.001 mg/kg',
        { route: 'oral', doseMg: 490.07 },
        /doseMg 7\.001 mg\/kg exceeds/,
      ],
      [
        'esketamine 113 mg',
        { drug: 'esketamine', route: 'intranasal', doseMg: 113 },
        /doseMg 113 mg exceeds the sanity maximum of 112 mg/,
      ],
      [
        'esketamine 140 mg',
        { drug: 'esketamine', route: 'intranasal', doseMg: 140 },
        /doseMg 140 mg exceeds/,
      ],
      [
        'esketamine IV',
        { drug: 'esketamine', route: 'iv', doseMg: 56 },
        /route must be intranasal for esketamine/,
      ],
      [
        'esketamine oral',
        { drug: 'esketamine', route: 'oral', doseMg: 56 },
        /route must be intranasal/,
      ],
      [
        'esketamine IM',
        { drug: 'esketamine', route: 'im', doseMg: 56 },
        /route must be intranasal/,
      ],
      [
        'ketamine intranasal',
        { drug: 'ketamine', route: 'intranasal', doseMg: 35 },
        /^route must be/m,
      ],
    ])('refuses %s with 400 naming the field, writing nothing', async (_case, patch, pattern) => {
      const res = await expectNothingWritten(api, () =>
        orderSession(api, psych, idle.id, sessionBody(patch)),
      );
      expectError(res, 400, pattern);
    });

    it('refuses ketamine without a weight on the session or the patient (400 naming weightKg)', async () => {
      const patient = await newPatient({ weightKg: null });
      const res = await expectNothingWritten(api, () =>
        orderSession(api, psych, patient.id, sessionBody()),
      );
      expectError(res, 400, /^weightKg is required/m);
      // the same order with a session weight is accepted
      const ok = await orderSession(api, psych, patient.id, sessionBody({ weightKg: 70 }));
      expectStatus(ok, 201);
      expect(ok.body).toMatchObject({ doseMgPerKg: 0.5, weightKg: 70 });
    });

    const future = (ms: number) => isoAt(Date.now(), ms);
    it.each([
      // [case, patch (undefined removes the field), message pattern]
      [
        'drug missing',
        { drug: undefined },
        /^drug must be one of the following values: ketamine, esketamine$/m,
      ],
      ['drug in another case', { drug: 'Ketamine' }, /^drug must be one of/m],
      ['drug unknown', { drug: 'morphine' }, /^drug must be one of/m],
      [
        'route unknown',
        { route: 'nasal' },
        /^route must be one of the following values: iv, im, intranasal, sublingual, oral$/m,
      ],
      ['route missing', { route: undefined }, /^route must be one of/m],
      ['doseMg missing', { doseMg: undefined }, /^doseMg must/m],
      ['doseMg a string', { doseMg: '35' }, /^doseMg must be a number/m],
      ['doseMg null', { doseMg: null }, /^doseMg must/m],
      ['doseMg boolean', { doseMg: true }, /^doseMg must be a number/m],
      ['doseMg 0', { doseMg: 0 }, /^doseMg must not be less than 0\.01$/m],
      ['doseMg negative', { doseMg: -5 }, /^doseMg must not be less than/m],
      ['doseMg with 3 decimals', { doseMg: 35.125 }, /^doseMg must be a number/m],
      [
        // v2: without startedAt, plannedAt orders the session; without either, 400 naming both
        'startedAt (and plannedAt) missing',
        { startedAt: undefined },
        /^startedAt or plannedAt is required/m,
      ],
      [
        'startedAt without a zone',
        { startedAt: '2026-01-10T10:00:00' },
        /^startedAt must be an ISO-8601 date-time with a time zone/m,
      ],
      ['startedAt a date only', { startedAt: '2026-01-10' }, /^startedAt must be/m],
      ['startedAt month 13', { startedAt: '2026-13-01T10:00:00Z' }, /^startedAt must be/m],
      ['startedAt 30 February', { startedAt: '2026-02-30T10:00:00Z' }, /^startedAt must be/m],
      ['startedAt not a date', { startedAt: 'yesterday' }, /^startedAt must be/m],
      ['startedAt epoch milliseconds', { startedAt: Date.now() }, /^startedAt must be/m],
      [
        'startedAt more than 24 h ahead',
        { startedAt: future(25 * HOUR) },
        /^startedAt must not be more than 24 hours ahead$/m,
      ],
      ['weightKg below 20', { weightKg: 19.9 }, /^weightKg must not be less than 20$/m],
      ['weightKg above 400', { weightKg: 400.1 }, /^weightKg must not be greater than 400$/m],
      ['weightKg a string', { weightKg: '70' }, /^weightKg must be a number/m],
      ['weightKg with 2 decimals', { weightKg: 70.25 }, /^weightKg must be a number/m],
      ['infusionMinutes 0', { infusionMinutes: 0 }, /^infusionMinutes must not be less than 1$/m],
      [
        'infusionMinutes 241',
        { infusionMinutes: 241 },
        /^infusionMinutes must not be greater than 240$/m,
      ],
      [
        'infusionMinutes not an integer',
        { infusionMinutes: 40.5 },
        /^infusionMinutes must be an integer/m,
      ],
      ['lotNumber empty', { lotNumber: '' }, /^lotNumber/m],
      ['lotNumber with markup', { lotNumber: '<b>1</b>' }, /^lotNumber may hold letters, digits/m],
      [
        'lotNumber too long',
        { lotNumber: 'A'.repeat(65) },
        /^lotNumber must be shorter than or equal to 64 characters$/m,
      ],
      [
        'concomitantMedications not a list',
        { concomitantMedications: 'sertraline' },
        /^concomitantMedications must be an array$/m,
      ],
      [
        'concomitantMedications with a number',
        { concomitantMedications: [1] },
        /^each value in concomitantMedications must be a string$/m,
      ],
      [
        'notes with a control character',
        { notes: 'bad \u0007 bell' },
        /^notes must not contain control characters$/m,
      ],
      ['an unknown field', { foo: 1 }, /^property foo should not exist$/m],
      [
        'a server-set field (status)',
        { status: 'discharged' },
        /^property status should not exist$/m,
      ],
      [
        'a server-set field (sessionNumber)',
        { sessionNumber: 7 },
        /^property sessionNumber should not exist$/m,
      ],
      [
        'a server-set field (doseMgPerKg)',
        { doseMgPerKg: 0.1 },
        /^property doseMgPerKg should not exist$/m,
      ],
    ])('400 when %s, writing nothing', async (_case, patch, pattern) => {
      const body = sessionBody(patch);
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete body[k];
      const res = await expectNothingWritten(api, () => orderSession(api, psych, idle.id, body));
      expectError(res, 400, pattern);
    });

    it('400 for a body that is not JSON', async () => {
      const res = await expectNothingWritten(api, () =>
        api
          .http()
          .post(`${V1}/patients/${idle.id}/sessions`)
          .set(bearer(psych))
          .set('Content-Type', 'application/json')
          .send('{"drug": "ketamine",'),
      );
      expectError(res, 400, /not valid JSON/);
    });

    it.each([
      ['nurse', 403],
      ['manager', 403],
      ['admin', 403],
    ] as const)('a %s may not order a dose (%p)', async (role, status) => {
      const res = await expectNothingWritten(api, () =>
        orderSession(api, world.tokens.a[role], idle.id, sessionBody()),
      );
      expect(res.status).toBe(status);
    });

    it('404 for a patient of another clinic and for an unknown patient; 400 for a malformed id', async () => {
      const other = await expectNothingWritten(api, () =>
        orderSession(api, world.tokens.b.psychiatrist, idle.id, sessionBody()),
      );
      expectError(other, 404, /Patient not found/);
      const unknown = await expectNothingWritten(api, () =>
        orderSession(api, psych, '00000000-0000-4000-8000-000000000000', sessionBody()),
      );
      expectError(unknown, 404, /Patient not found/);
      const malformed = await expectNothingWritten(api, () =>
        orderSession(api, psych, 'not-a-uuid', sessionBody()),
      );
      expectError(malformed, 400, /^id must be a UUID$/m);
    });
  });

  describe('session sequence', () => {
    it('numbers successive sessions 1, 2, 3 and lists them', async () => {
      const patient = await newPatient();
      const base = Date.now() - 10 * 24 * HOUR;
      const numbers: number[] = [];
      for (let k = 0; k < 3; k++) {
        const session = await createSession(api, psych, patient.id, {
          startedAt: isoAt(base, k * 3 * 24 * HOUR),
        });
        numbers.push(session.sessionNumber);
        await dischargeWithOverride(api, psych, session);
      }
      expect(numbers).toEqual([1, 2, 3]);

      const list = await api
        .http()
        .get(`${V1}/patients/${patient.id}/sessions`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(list, 200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((s: SessionRef) => s.sessionNumber).sort()).toEqual([1, 2, 3]);
      for (const item of list.body.items) {
        expect(item).toMatchObject({
          patientId: patient.id,
          status: 'discharged',
          version: 2,
          drug: 'ketamine',
          doseMgPerKg: 0.5,
        });
      }
      const paged = await api
        .http()
        .get(`${V1}/patients/${patient.id}/sessions?limit=1&offset=1`)
        .set(bearer(nurse));
      expectStatus(paged, 200);
      expect(paged.body.total).toBe(3);
      expect(paged.body.items).toHaveLength(1);
      const bad = await api
        .http()
        .get(`${V1}/patients/${patient.id}/sessions?limit=201`)
        .set(bearer(nurse));
      expectError(bad, 400, /^limit must not be greater than 200$/m);
    });

    it('422 for a second order while a session is in progress, writing nothing', async () => {
      const patient = await newPatient();
      const first = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -30 * MINUTE),
      });
      const res = await expectNothingWritten(api, () =>
        orderSession(
          api,
          psych,
          patient.id,
          sessionBody({ startedAt: isoAt(Date.now(), -1 * MINUTE) }),
        ),
      );
      expectError(res, 422, /still in progress/);
      expect((await getSession(first.id)).body.status).toBe('in_progress');
    });

    it.each([
      ['earlier than', -HOUR],
      ['equal to', 0],
    ])(
      '422 for a startedAt %s the previous session start, writing nothing',
      async (_case, shift) => {
        const patient = await newPatient();
        const first = await createSession(api, psych, patient.id, {
          startedAt: isoAt(Date.now(), -5 * HOUR),
        });
        await dischargeWithOverride(api, psych, first);
        const res = await expectNothingWritten(api, () =>
          orderSession(
            api,
            psych,
            patient.id,
            sessionBody({ startedAt: isoAt(first.startedAt, shift) }),
          ),
        );
        expectError(res, 422, /startedAt must be after the previous session's start/);
        const later = await createSession(api, psych, patient.id, {
          startedAt: isoAt(first.startedAt, MINUTE),
        });
        expect(later.sessionNumber).toBe(2);
      },
    );
  });

  describe('GET /sessions/:id', () => {
    it('returns the session with its observations, side effects and flags, version and ETag', async () => {
      const patient = await newPatient();
      const session = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -50 * MINUTE),
      });
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, -5 * MINUTE)),
      );
      await addObservation(api, nurse, session.id, {
        recordedAt: isoAt(session.startedAt, 40 * MINUTE),
        systolic: 150,
        diastolic: 92,
        moaas: 4,
      });
      const se = await api
        .http()
        .post(`${V1}/sessions/${session.id}/side-effects`)
        .set(bearer(nurse))
        .send({ type: 'nausea', severity: 'mild', onsetAt: isoAt(session.startedAt, 20 * MINUTE) });
      expectStatus(se, 201);

      for (const role of ['psychiatrist', 'nurse', 'manager'] as const) {
        const res = await api
          .http()
          .get(`${V1}/sessions/${session.id}`)
          .set(bearer(world.tokens.a[role]));
        expectStatus(res, 200);
        expect(res.headers['etag']).toBe(`"${res.body.version}"`);
        expect(res.body).toMatchObject({
          id: session.id,
          sessionNumber: 1,
          status: 'in_progress',
          version: 1,
          flags: expect.any(Array), // e.g. monitoring.overdue: no observation yet
        });
        expect(
          res.body.observations.map((o: { minutesSinceDose: number }) => o.minutesSinceDose),
        ).toEqual([-5, 40]);
        expect(res.body.observations[1]).toMatchObject({
          sessionId: session.id,
          systolic: 150,
          diastolic: 92,
          moaas: 4,
          spo2: null,
          cadss6: null,
          cadss6Total: null,
        });
        expect(res.body.sideEffects).toEqual([
          expect.objectContaining({ id: se.body.id, type: 'nausea', severity: 'mild' }),
        ]);
      }
    });

    it('404 for another clinic or an unknown id, 400 for a malformed id', async () => {
      const patient = await newPatient();
      const session = await createSession(api, psych, patient.id);
      expectError(
        await api.http().get(`${V1}/sessions/${session.id}`).set(bearer(world.tokens.b.nurse)),
        404,
        /Session not found/,
      );
      expectError(
        await api
          .http()
          .get(`${V1}/sessions/00000000-0000-4000-8000-000000000000`)
          .set(bearer(nurse)),
        404,
        /Session not found/,
      );
      expectError(
        await api.http().get(`${V1}/sessions/1234`).set(bearer(nurse)),
        400,
        /^id must be a UUID$/m,
      );
      expectError(
        await api
          .http()
          .get(`${V1}/patients/${patient.id}/sessions`)
          .set(bearer(world.tokens.b.psychiatrist)),
        404,
        /Patient not found/,
      );
    });
  });

  describe('discharge readiness and discharge', () => {
    const NO_MEASUREMENTS = [
      'no MOAA/S recorded since the dose',
      'no CADSS-6 recorded since the dose',
      'no BP recorded since the dose',
      'no SpO2 recorded since the dose',
    ];

    it('esketamine: reasons before and after the observations that meet the criteria; readyAt recorded; discharge when ready', async () => {
      const patient = await newPatient();
      const startedAt = isoAt(Date.now(), -130 * MINUTE);
      const session = await createSession(api, psych, patient.id, {
        drug: 'esketamine',
        route: 'intranasal',
        doseMg: 56,
        startedAt,
        infusionMinutes: undefined,
      });

      let r = await readiness(session.id);
      expect(r).toMatchObject({ ready: false, reasons: NO_MEASUREMENTS, readyAt: null });
      expect(r.monitoringEndsAt).toBe(isoAt(startedAt, 120 * MINUTE));

      // A pre-dose reading is not a post-dose measurement.
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(startedAt, -5 * MINUTE), { systolic: 120, diastolic: 80 }),
      );
      r = await readiness(session.id);
      expect(r).toMatchObject({ ready: false, reasons: NO_MEASUREMENTS, readyAt: null });

      // 40 min: sedated and dissociated
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(startedAt, 40 * MINUTE), {
          systolic: 150,
          diastolic: 95,
          moaas: 3,
          cadss6: [1, 1, 0, 0, 0, 0],
        }),
      );
      r = await readiness(session.id);
      expect(r).toMatchObject({
        ready: false,
        reasons: ['latest MOAA/S is 3 (must be 5)', 'latest CADSS-6 total is 2 (must be 0)'],
        readyAt: null,
      });
      const notReady = await expectNothingWritten(api, () =>
        discharge(session.id, nurse, { dischargedAt: isoAt(Date.now(), 0) }),
      );
      expectError(notReady, 422, /latest MOAA\/S is 3/);
      expect(notReady.body.message).toEqual(r.reasons);

      // 100 min: every criterion met, and the 120 min are over
      const readyAtIso = isoAt(startedAt, 100 * MINUTE);
      await addObservation(api, nurse, session.id, readyObservation(readyAtIso));
      r = await readiness(session.id);
      expect(r).toEqual(expect.objectContaining({ ready: true, reasons: [], readyAt: readyAtIso }));
      expect((await getSession(session.id)).body.readyAt).toBe(readyAtIso);

      const dischargedAt = isoAt(Date.now(), -MINUTE);
      const res = await discharge(session.id, nurse, { dischargedAt });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        id: session.id,
        status: 'discharged',
        dischargedAt,
        readyAt: readyAtIso,
        dischargeOverrideReason: null,
        version: 2,
      });
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body.observations).toHaveLength(3);

      // twice: 422, nothing changes
      const again = await discharge(session.id, psych, {
        dischargedAt: isoAt(Date.now(), 0),
        overrideReason: 'second attempt',
      });
      expectError(again, 422, /already discharged/);
      expect((await getSession(session.id)).body).toMatchObject({
        status: 'discharged',
        dischargedAt,
        version: 2,
      });

      // no more observations on a discharged session
      const late = await expectNothingWritten(api, () =>
        postObservation(api, nurse, session.id, readyObservation(isoAt(Date.now(), 0))),
      );
      expectError(late, 422, /discharged/);
    });

    it('readyAt is the start of the stretch in which every non-time criterion has held, frozen at discharge (docs/decisions.md)', async () => {
      const patient = await newPatient();
      const startedAt = isoAt(Date.now(), -130 * MINUTE);
      const session = await createSession(api, psych, patient.id, {
        drug: 'esketamine',
        route: 'intranasal',
        doseMg: 84,
        startedAt,
        infusionMinutes: undefined,
      });
      const first = isoAt(startedAt, 5 * MINUTE);
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, -5 * MINUTE)));
      await addObservation(api, nurse, session.id, readyObservation(first));
      expect(await readiness(session.id)).toMatchObject({ ready: true, readyAt: first });
      expect((await getSession(session.id)).body.readyAt).toBe(first);
      // sedated at 40 min: not ready, and the count starts again
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(startedAt, 40 * MINUTE), { moaas: 2 }),
      );
      expect(await readiness(session.id)).toMatchObject({
        ready: false,
        reasons: ['latest MOAA/S is 2 (must be 5)'],
        readyAt: null,
      });
      expect((await getSession(session.id)).body.readyAt).toBeNull();
      const recovered = isoAt(startedAt, 90 * MINUTE);
      await addObservation(api, nurse, session.id, readyObservation(recovered));
      expect(await readiness(session.id)).toMatchObject({
        ready: true,
        reasons: [],
        readyAt: recovered,
      });
      const res = await discharge(session.id, nurse, { dischargedAt: isoAt(Date.now(), 0) });
      expectStatus(res, 200);
      expect(res.body.readyAt).toBe(recovered);
      expect(await readiness(session.id)).toMatchObject({ readyAt: recovered });
    });

    it('ketamine IV with an infusion: monitoring runs 60 min after the infusion; override rules', async () => {
      const patient = await newPatient();
      const startedAt = isoAt(Date.now(), -90 * MINUTE);
      const session = await createSession(api, psych, patient.id, {
        startedAt,
        infusionMinutes: 40,
      });
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, -3 * MINUTE)));
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, 45 * MINUTE)));
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, 85 * MINUTE)));

      const r = await readiness(session.id, world.tokens.a.manager);
      expect(r).toEqual({
        ready: false,
        reasons: [
          'minimum monitoring of 60 min after the 40 min infusion not reached (90 min since the dose, 100 min needed)',
        ],
        readyAt: isoAt(startedAt, 45 * MINUTE),
        monitoringEndsAt: isoAt(startedAt, 100 * MINUTE),
      });

      const dischargedAt = isoAt(Date.now(), 0);
      // not ready, no override: 422 with the reasons
      const refused = await discharge(session.id, nurse, { dischargedAt });
      expectError(
        refused,
        422,
        /minimum monitoring of 60 min after the 40 min infusion not reached/,
      );
      expect(refused.body.message).toEqual(r.reasons);
      // a nurse may not override
      const nurseOverride = await discharge(session.id, nurse, {
        dischargedAt,
        overrideReason: 'patient insists on leaving',
      });
      expectError(nurseOverride, 403, /Only a psychiatrist/);
      // an override reason must say something
      expectError(
        await discharge(session.id, psych, { dischargedAt, overrideReason: 'ok' }),
        400,
        /^overrideReason must be longer than or equal to 5 characters$/m,
      );
      expect((await getSession(session.id)).body).toMatchObject({
        status: 'in_progress',
        dischargedAt: null,
        dischargeOverrideReason: null,
        version: 1,
      });

      // a psychiatrist may
      const res = await discharge(session.id, psych, {
        dischargedAt,
        overrideReason: 'patient insists on leaving; escorted home',
      });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'discharged',
        dischargedAt,
        dischargeOverrideReason: 'patient insists on leaving; escorted home',
        readyAt: isoAt(startedAt, 45 * MINUTE),
        version: 2,
      });
      const stored = await api.ds.getRepository(DosingSession).findOneByOrFail({ id: session.id });
      expect(stored.dischargeOverrideReason).toBe('patient insists on leaving; escorted home');
      expect(stored.dischargedBy).toBe(world.users.a.psychiatrist.id);
      expectError(
        await discharge(session.id, psych, { dischargedAt, overrideReason: 'once more please' }),
        422,
        /already discharged/,
      );
    });

    it('ketamine IV ready after infusion + 60 min: discharged without an override', async () => {
      const patient = await newPatient();
      const startedAt = isoAt(Date.now(), -105 * MINUTE);
      const session = await createSession(api, psych, patient.id, {
        startedAt,
        infusionMinutes: 40,
      });
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, 95 * MINUTE)));
      const r = await readiness(session.id);
      expect(r).toMatchObject({ ready: true, reasons: [], readyAt: isoAt(startedAt, 95 * MINUTE) });
      const res = await discharge(session.id, nurse, { dischargedAt: isoAt(Date.now(), 0) });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ status: 'discharged', dischargeOverrideReason: null });
    });

    it('ketamine IM without an infusion: 60 min from the dose; BP and SpO2 criteria named with their numbers', async () => {
      const patient = await newPatient();
      const startedAt = isoAt(Date.now(), -70 * MINUTE);
      const session = await createSession(api, psych, patient.id, {
        route: 'im',
        startedAt,
        infusionMinutes: undefined,
      });
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(startedAt, -2 * MINUTE), { systolic: 120, diastolic: 80 }),
      );
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(startedAt, 60 * MINUTE), { systolic: 182, diastolic: 96, spo2: 93 }),
      );
      const r = await readiness(session.id);
      expect(r.ready).toBe(false);
      expect(r.reasons).toEqual([
        'BP 182/96 is not below 180/110',
        'BP 182/96 has risen 62/16 over the pre-dose 120/80 (rise must stay below 40/25)',
        'latest SpO2 is 93% (must be at least 94%)',
        '1 open critical flag on the session', // bp.severe, raised by the 182 mmHg reading
      ]);
      expect(r.readyAt).toBeNull();
    });

    it.each([
      ['dischargedAt missing', {}, 400, /^dischargedAt must be an ISO-8601 date-time/m],
      [
        'dischargedAt without a zone',
        { dischargedAt: '2026-01-10T10:00:00' },
        400,
        /^dischargedAt must be an ISO-8601/m,
      ],
      [
        'dischargedAt in the future',
        { dischargedAt: isoAt(Date.now(), HOUR) },
        400,
        /^dischargedAt must not be in the future$/m,
      ],
      [
        'dischargedAt before the dose',
        { dischargedAt: 'BEFORE' },
        400,
        /^dischargedAt must not be before the dose start$/m,
      ],
      [
        'an unknown field',
        { dischargedAt: 'NOW', ready: true },
        400,
        /^property ready should not exist$/m,
      ],
    ])('refuses a discharge with %s', async (_case, body, status, pattern) => {
      const patient = await newPatient();
      const session = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -30 * MINUTE),
      });
      const b: Record<string, unknown> = { ...body, overrideReason: 'closing for the test' };
      if (b['dischargedAt'] === 'BEFORE') b['dischargedAt'] = isoAt(session.startedAt, -MINUTE);
      if (b['dischargedAt'] === 'NOW') b['dischargedAt'] = isoAt(Date.now(), 0);
      expectError(await discharge(session.id, psych, b), status, pattern);
      expect((await getSession(session.id)).body).toMatchObject({
        status: 'in_progress',
        version: 1,
      });
    });

    it('a manager may read readiness but not discharge; another clinic gets 404', async () => {
      const patient = await newPatient();
      const session = await createSession(api, psych, patient.id);
      expect((await readiness(session.id, world.tokens.a.manager)).ready).toBe(false);
      expect(
        (
          await discharge(session.id, world.tokens.a.manager, {
            dischargedAt: isoAt(Date.now(), 0),
            overrideReason: 'manager tries',
          })
        ).status,
      ).toBe(403);
      expectError(
        await discharge(session.id, world.tokens.b.psychiatrist, {
          dischargedAt: isoAt(Date.now(), 0),
          overrideReason: 'other clinic',
        }),
        404,
        /Session not found/,
      );
      expectError(
        await api
          .http()
          .get(`${V1}/sessions/${session.id}/discharge-readiness`)
          .set(bearer(world.tokens.b.nurse)),
        404,
        /Session not found/,
      );
      expect((await getSession(session.id)).body.status).toBe('in_progress');
    });
  });

  describe('CLINICAL.md v2: infusion length (s2)', () => {
    const required = /infusionMinutes is required for IV ketamine \(1-240 min\)/;
    it.each<[string, Record<string, unknown>, RegExp]>([
      ['no infusionMinutes', { infusionMinutes: undefined }, required],
      ['infusionMinutes null', { infusionMinutes: null }, /infusionMinutes/],
      ['infusionMinutes 0', { infusionMinutes: 0 }, /infusionMinutes must not be less than 1/],
      [
        'infusionMinutes 241',
        { infusionMinutes: 241 },
        /infusionMinutes must not be greater than 240/,
      ],
      ['infusionMinutes 40.5', { infusionMinutes: 40.5 }, /infusionMinutes must be an integer/],
    ])(
      'refuses IV ketamine with %s (400 naming infusionMinutes, nothing written)',
      async (_l, patch, pattern) => {
        const res = await expectNothingWritten(api, () =>
          orderSession(api, psych, idle.id, sessionBody(patch)),
        );
        expectError(res, 400, pattern);
      },
    );

    it.each<[string, Record<string, unknown>]>([
      ['IV ketamine over 1 min', { infusionMinutes: 1 }],
      ['IV ketamine over 240 min', { infusionMinutes: 240 }],
      ['IM ketamine without it', { route: 'im', infusionMinutes: undefined }],
    ])('accepts %s', async (_l, patch) => {
      const patient = await newPatient({ weightKg: 70 });
      const res = await orderSession(api, psych, patient.id, sessionBody(patch));
      expectStatus(res, 201);
      expect(res.body.infusionMinutes).toBe(patch['infusionMinutes'] ?? null);
    });

    it('a stored IV session without its infusion length is never ready on time (not guessed)', async () => {
      const patient = await newPatient({ weightKg: 70 });
      const startedAt = isoAt(Date.now(), -5 * HOUR);
      const session = await createSession(api, psych, patient.id, { startedAt });
      // as a row recorded before v2 required it
      await api.ds.getRepository(DosingSession).update(session.id, { infusionMinutes: null });
      await addObservation(api, nurse, session.id, readyObservation(isoAt(startedAt, 30 * MINUTE)));
      const r = await readiness(session.id);
      expect(r.ready).toBe(false);
      expect(r.reasons).toEqual([expect.stringMatching(/^infusion length not recorded/)]);
      expect(r.monitoringEndsAt).toBeNull();
      expect(r.readyAt).toBe(isoAt(startedAt, 30 * MINUTE));
      expectError(
        await discharge(session.id, nurse, { dischargedAt: new Date().toISOString() }),
        422,
        /infusion length not recorded/,
      );
      expectStatus(
        await discharge(session.id, psych, {
          dischargedAt: new Date().toISOString(),
          overrideReason: 'Infusion ended at 40 min per the pump log',
        }),
        200,
      );
    });
  });

  describe("CLINICAL.md v2: the clinic's dose limits (s2)", () => {
    // Clinic B, so that the other tests keep the default limits.
    const url = () => `${V1}/clinics/${world.clinicB.id}/thresholds`;
    const patch = async (body: unknown) => {
      const current = await api.http().get(url()).set(bearer(world.tokens.b.manager));
      expectStatus(current, 200);
      return api
        .http()
        .patch(url())
        .set(bearer(world.tokens.b.manager))
        .set('If-Match', `"${current.body.version as number}"`)
        .send(body as object);
    };

    it('shows the s2 defaults', async () => {
      const res = await api.http().get(url()).set(bearer(world.tokens.b.nurse));
      expectStatus(res, 200);
      expect(res.body.thresholds.doseLimits).toEqual({
        'ketamine.iv': { usualMax: 0.75, sanityMax: 1 },
        'ketamine.im': { usualMax: 1, sanityMax: 2 },
        'ketamine.oral': { usualMax: 7, sanityMax: 7 },
        'ketamine.sublingual': { usualMax: 7, sanityMax: 7 },
        'esketamine.intranasal': { usualMax: 84, sanityMax: 112 },
      });
    });

    it.each<[string, unknown, RegExp]>([
      [
        'an IV sanity maximum above s2',
        { doseLimits: { 'ketamine.iv': { sanityMax: 1.5 } } },
        /doseLimits\.ketamine\.iv\.sanityMax must be a number from 0\.01 to 1$/,
      ],
      [
        'an IV usual maximum above s2',
        { doseLimits: { 'ketamine.iv': { usualMax: 0.8 } } },
        /doseLimits\.ketamine\.iv\.usualMax must be a number from 0\.01 to 0\.75$/,
      ],
      [
        'esketamine 140 mg',
        { doseLimits: { 'esketamine.intranasal': { sanityMax: 140 } } },
        /doseLimits\.esketamine\.intranasal\.sanityMax/,
      ],
      [
        'a usual maximum above the sanity maximum',
        { doseLimits: { 'ketamine.im': { usualMax: 0.9, sanityMax: 0.8 } } },
        /doseLimits\.ketamine\.im\.usualMax \(0\.9\) must not be above thresholds\.doseLimits\.ketamine\.im\.sanityMax \(0\.8\)/,
      ],
      [
        'another key spelling',
        { doseLimits: { 'ketamine:iv': { sanityMax: 5 } } },
        /doseLimits\.ketamine:iv is not a threshold/,
      ],
      ['the whole group replaced', { doseLimits: 5 }, /thresholds\.doseLimits must be an object/],
      [
        'a string number',
        { doseLimits: { 'ketamine.iv': { sanityMax: '5' } } },
        /doseLimits\.ketamine\.iv\.sanityMax/,
      ],
    ])('refuses %s with a 400 naming the field', async (_l, body, pattern) => {
      const before = await api.http().get(url()).set(bearer(world.tokens.b.manager));
      expectError(await patch(body), 400, pattern);
      const after = await api.http().get(url()).set(bearer(world.tokens.b.manager));
      expect(after.body.version).toBe(before.body.version);
    });

    it("orders against the clinic's lower limits: above its sanity maximum 400, above its usual maximum flagged", async () => {
      expectStatus(
        await patch({ doseLimits: { 'ketamine.iv': { usualMax: 0.6, sanityMax: 0.8 } } }),
        200,
      );
      const psychB = world.tokens.b.psychiatrist;
      const patient = await createPatient(api, psychB, world.clinicB.id, { weightKg: 70 });
      // 0.801 mg/kg at 70 kg: refused by the clinic (s2 would allow up to 1.0)
      const over = await expectNothingWritten(api, () =>
        orderSession(api, psychB, patient.id, sessionBody({ doseMg: 56.07 })),
      );
      expectError(
        over,
        400,
        /doseMg 0\.801 mg\/kg exceeds the clinic's sanity maximum of 0\.8 mg\/kg/,
      );
      // at the clinic's sanity maximum: accepted, above its usual maximum
      const at = await orderSession(
        api,
        psychB,
        patient.id,
        sessionBody({ doseMg: 56, startedAt: isoAt(Date.now(), -3 * HOUR) }),
      );
      expectStatus(at, 201);
      expect(at.body.doseWarnings).toEqual([
        "0.8 mg/kg is above the clinic's usual maximum of 0.6 mg/kg for ketamine iv",
      ]);
      const flag = await api.ds
        .getRepository(Flag)
        .findOneByOrFail({ patientId: patient.id, rule: 'misuse.dose_escalation' });
      expect(flag.message).toContain("above the clinic's usual maximum of 0.6 mg/kg");
      expect(flag.threshold).toMatchObject({ usualMaxByDrugRoute: { 'ketamine.iv': 0.6 } });
    });
  });

  describe('CLINICAL.md v2: readyAt (s3)', () => {
    const resolve = async (flagId: string) => {
      const res = await api
        .http()
        .post(`${V1}/flags/${flagId}/resolve`)
        .set(bearer(nurse))
        .send({ note: 'BP rechecked, treated' });
      expectStatus(res, 200);
      return res.body as { resolvedAt: string };
    };

    it('ignores a reading at exactly startedAt, moves to the later stretch, is null under an open critical flag and is frozen at discharge', async () => {
      const patient = await newPatient({ weightKg: 70 });
      const startedAt = isoAt(Date.now(), -3 * HOUR);
      const session = await createSession(api, psych, patient.id, { startedAt });
      const at = (minutes: number) => isoAt(startedAt, minutes * MINUTE);

      // a fine reading at exactly the dose start is the pre-dose reading
      await addObservation(api, nurse, session.id, readyObservation(at(0)));
      expect((await readiness(session.id)).readyAt).toBeNull();
      await addObservation(api, nurse, session.id, readyObservation(at(15)));
      expect((await readiness(session.id)).readyAt).toBe(at(15));

      // a criterion fails (MOAA/S 3), then holds again: the later stretch
      await addObservation(api, nurse, session.id, readyObservation(at(30), { moaas: 3 }));
      expect((await readiness(session.id)).readyAt).toBeNull();
      await addObservation(api, nurse, session.id, readyObservation(at(60)));
      expect((await readiness(session.id)).readyAt).toBe(at(60));
      expect((await getSession(session.id)).body.readyAt).toBe(at(60));

      // an open critical flag on the session (bp.severe) makes it null, even once the BP is fine
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(at(70), { systolic: 186, diastolic: 104 }),
      );
      await addObservation(api, nurse, session.id, readyObservation(at(80)));
      const severe = await api.ds
        .getRepository(Flag)
        .findOneByOrFail({ sessionId: session.id, rule: 'bp.severe' });
      expect(severe.severity).toBe('critical');
      const held = await readiness(session.id);
      expect(held.readyAt).toBeNull();
      expect(held.reasons).toContain('1 open critical flag on the session');

      // resolved: the stretch starts again at the resolution
      const { resolvedAt } = await resolve(severe.id);
      const ready = await readiness(session.id);
      expect(ready).toMatchObject({ ready: true, reasons: [], readyAt: resolvedAt });

      // frozen at discharge
      const done = await discharge(session.id, nurse, { dischargedAt: new Date().toISOString() });
      expectStatus(done, 200);
      expect(done.body.readyAt).toBe(resolvedAt);
      expect((await readiness(session.id)).readyAt).toBe(resolvedAt);
      expect((await getSession(session.id)).body.readyAt).toBe(resolvedAt);
    });

    it('is judged up to the discharge time: a later reading does not move it', async () => {
      const patient = await newPatient({ weightKg: 70 });
      const startedAt = isoAt(Date.now(), -4 * HOUR);
      const session = await createSession(api, psych, patient.id, { startedAt });
      const at = (minutes: number) => isoAt(startedAt, minutes * MINUTE);
      await addObservation(api, nurse, session.id, readyObservation(at(-5)));
      await addObservation(api, nurse, session.id, readyObservation(at(20)));
      await addObservation(api, nurse, session.id, readyObservation(at(150), { moaas: 4 }));
      const done = await discharge(session.id, nurse, { dischargedAt: at(120) });
      expectStatus(done, 200);
      expect(done.body.readyAt).toBe(at(20));
      expect((await getSession(session.id)).body.readyAt).toBe(at(20));
    });
  });
});
