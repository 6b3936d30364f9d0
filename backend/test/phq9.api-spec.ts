/**
 * PHQ-9, response over 24-72 h and risk events through the HTTP API (API.md "Assessments and
 * response"; CLINICAL.md s1 PHQ-9 scoring, s4 risk events, s5 response): validation, scoring
 * vectors, proration, hours since dose, the worked course of a patient, and risk events.
 */
import { RISK_EVENT_TYPES } from '@clinic/shared';
import { Phq9Assessment } from '../src/assessments/phq9-assessment.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  addPhq9,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectError,
  expectNothingWritten,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
  phq9Body,
  phq9ItemsFor,
  postPhq9,
  V1,
  withOffset,
} from './support/clinical-fixtures';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ResponsePoint {
  assessmentId: string;
  hoursSinceDose: number;
  total: number;
  changePct: number | null;
  recall: string;
}
interface ResponseBody {
  baseline: { assessmentId: string; total: number; administeredAt: string } | null;
  status: string;
  bestChangePct: number | null;
  sessions: {
    sessionId: string;
    sessionNumber: number;
    startedAt: string;
    doseMg: number;
    preDoseTotal: number | null;
    at24h: ResponsePoint | null;
    at72h: ResponsePoint | null;
    points: ResponsePoint[];
  }[];
}

describe('PHQ-9, response and risk events API', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;
  /** A patient without sessions: questionnaires are scored on it. */
  let scored: PatientRef;

  const newPatient = (): Promise<PatientRef> => createPatient(api, psych, world.clinicA.id);
  const hoursAgo = (h: number): string => isoAt(Date.now(), -h * HOUR);
  const response = async (
    patientId: string,
    token = world.tokens.a.manager,
  ): Promise<ResponseBody> => {
    const res = await api.http().get(`${V1}/patients/${patientId}/response`).set(bearer(token));
    expectStatus(res, 200);
    return res.body as ResponseBody;
  };

  beforeAll(async () => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
    scored = await newPatient();
  });

  describe('POST /patients/:id/phq9: validation', () => {
    const valid = (): Record<string, unknown> => phq9Body(hoursAgo(1), [1, 1, 1, 1, 1, 1, 1, 1, 0]);

    it.each([
      // [case, patch (undefined removes the field), message pattern]
      ['8 items', { items: [1, 1, 1, 1, 1, 1, 1, 1] }, /^items must contain exactly 9 entries$/m],
      [
        '10 items',
        { items: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
        /^items must contain exactly 9 entries$/m,
      ],
      ['no items', { items: [] }, /^items must contain exactly 9 entries$/m],
      ['items missing', { items: undefined }, /^items must be an array$/m],
      ['items not an array', { items: '111111111' }, /^items must be an array$/m],
      [
        'an item 4',
        { items: [0, 0, 0, 4, 0, 0, 0, 0, 0] },
        /^items\.3 must be an integer from 0 to 3 or null$/m,
      ],
      [
        'an item -1',
        { items: [0, 0, 0, 0, 0, 0, 0, 0, -1] },
        /^items\.8 must be an integer from 0 to 3 or null$/m,
      ],
      [
        'an item 1.5',
        { items: [1.5, 0, 0, 0, 0, 0, 0, 0, 0] },
        /^items\.0 must be an integer from 0 to 3 or null$/m,
      ],
      [
        'an item "2"',
        { items: [0, '2', 0, 0, 0, 0, 0, 0, 0] },
        /^items\.1 must be an integer from 0 to 3 or null$/m,
      ],
      [
        'an item true',
        { items: [0, 0, true, 0, 0, 0, 0, 0, 0] },
        /^items\.2 must be an integer from 0 to 3 or null$/m,
      ],
      [
        'an item {}',
        { items: [0, 0, 0, 0, {}, 0, 0, 0, 0] },
        /^items\.4 must be an integer from 0 to 3 or null$/m,
      ],
      ['item10 4', { item10: 4 }, /^item10 must be an integer from 0 to 3 or null$/m],
      ['item10 "1"', { item10: '1' }, /^item10 must be an integer from 0 to 3 or null$/m],
      ['item10 1.5', { item10: 1.5 }, /^item10 must be an integer/m],
      [
        'recall missing',
        { recall: undefined },
        /^recall must be one of the following values: two_weeks, 24_hours$/m,
      ],
      ['recall unknown', { recall: 'one_week' }, /^recall must be one of the following values/m],
      [
        'administeredAt missing',
        { administeredAt: undefined },
        /^administeredAt must be an ISO-8601 date-time with a time zone/m,
      ],
      [
        'administeredAt without a zone',
        { administeredAt: '2026-01-10T10:00:00' },
        /^administeredAt must be an ISO-8601/m,
      ],
      [
        'administeredAt a date',
        { administeredAt: '2026-01-10' },
        /^administeredAt must be an ISO-8601/m,
      ],
      [
        'administeredAt in the future',
        { administeredAt: 'FUTURE' },
        /^administeredAt must not be in the future$/m,
      ],
      ['sessionId not a UUID', { sessionId: 'session-1' }, /^sessionId must be a UUID$/m],
      [
        'sessionId unknown',
        { sessionId: '00000000-0000-4000-8000-000000000000' },
        /^sessionId must be a session of this patient$/m,
      ],
      ['total given by the client', { total: 3 }, /^property total should not exist$/m],
      ['an unknown field', { item11: 2 }, /^property item11 should not exist$/m],
    ])('400 for %s, writing nothing', async (_case, patch: Record<string, unknown>, pattern) => {
      const body = { ...valid(), ...patch };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
      if (body['administeredAt'] === 'FUTURE')
        body['administeredAt'] = isoAt(Date.now(), 10 * MINUTE);
      const res = await expectNothingWritten(api, () => postPhq9(api, nurse, scored.id, body));
      expectError(res, 400, pattern);
    });

    it('names every bad item', async () => {
      const res = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(1), [4, 0, 0, 0, 0, 0, 0, 0, 9]),
      );
      expectError(res, 400, /items\.0 must be/);
      expect(res.body.message.join('\n')).toMatch(/items\.8 must be/);
    });

    it('accepts null items and a null or absent item10; stores item10 unscored', async () => {
      const a = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(2), [null, 1, 1, 1, 1, 1, 1, 1, 1], { item10: null }),
      );
      expectStatus(a, 201);
      expect(a.body).toMatchObject({
        items: [null, 1, 1, 1, 1, 1, 1, 1, 1],
        item10: null,
        total: 9,
        prorated: true,
      });
      const b = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(2), [1, 1, 1, 1, 1, 1, 1, 1, 0], { item10: 3 }),
      );
      expectStatus(b, 201);
      expect(b.body).toMatchObject({ item10: 3, total: 8 });
      const c = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(2), [1, 1, 1, 1, 1, 1, 1, 1, 0]),
      );
      expectStatus(c, 201);
      expect(c.body.item10).toBeNull();
    });

    it('records with the documented shape; administeredAt with an offset is stored in UTC', async () => {
      const utc = hoursAgo(3);
      const res = await postPhq9(
        api,
        psych,
        scored.id,
        phq9Body(withOffset(utc, -4), [2, 2, 1, 1, 0, 0, 1, 0, 0], { recall: '24_hours' }),
      );
      expectStatus(res, 201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID_RE),
          patientId: scored.id,
          administeredAt: utc,
          items: [2, 2, 1, 1, 0, 0, 1, 0, 0],
          item10: null,
          total: 7,
          severity: 'mild',
          prorated: false,
          valid: true,
          item9Positive: false,
          recall: '24_hours',
          hoursSinceDose: null,
          sessionId: null,
          recordedBy: world.users.a.psychiatrist.id,
        }),
      );
      const stored = await api.ds
        .getRepository(Phq9Assessment)
        .findOneByOrFail({ id: res.body.id });
      expect(stored).toMatchObject({
        item1: 2,
        item9: 0,
        total: 7,
        severity: 'mild',
        recall: '24_hours',
      });
    });

    it('a manager may not record (403); another clinic 404; unknown patient 404', async () => {
      const body = valid();
      expect(
        (
          await expectNothingWritten(api, () =>
            postPhq9(api, world.tokens.a.manager, scored.id, body),
          )
        ).status,
      ).toBe(403);
      expectError(
        await expectNothingWritten(api, () => postPhq9(api, world.tokens.b.nurse, scored.id, body)),
        404,
        /Patient not found/,
      );
      expectError(
        await expectNothingWritten(api, () =>
          postPhq9(api, nurse, '00000000-0000-4000-8000-000000000000', body),
        ),
        404,
        /Patient not found/,
      );
    });
  });

  describe('POST /patients/:id/phq9: scoring', () => {
    it.each([
      // [total, severity] (CLINICAL.md s1: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe)
      [0, 'minimal'],
      [4, 'minimal'],
      [5, 'mild'],
      [9, 'mild'],
      [10, 'moderate'],
      [14, 'moderate'],
      [15, 'moderately_severe'],
      [19, 'moderately_severe'],
      [20, 'severe'],
      [27, 'severe'],
    ])('total %p is %s', async (total, severity) => {
      const items = phq9ItemsFor(total);
      const res = await postPhq9(api, nurse, scored.id, phq9Body(hoursAgo(5), items));
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ items, total, severity, prorated: false, valid: true });
    });

    it('scores the same total from any arrangement of the answers', async () => {
      const res = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(5), [0, 3, 0, 2, 0, 3, 0, 1, 0]),
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ total: 9, severity: 'mild' });
    });

    it.each([
      // [case, items, total, severity]  (mean of answered x 9, rounded half up)
      ['1 missing, 4.5 -> 5', [null, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
      ['1 missing, 13.5 -> 14', [2, 2, 2, 2, 1, 1, 1, 1, null], 14, 'moderate'],
      ['1 missing, 22.5 -> 23', [3, 3, 3, 3, 2, 2, 2, null, 2], 23, 'severe'],
      ['1 missing, 3.375 -> 3', [1, 1, 1, null, 0, 0, 0, 0, 0], 3, 'minimal'],
      ['2 missing, 3.857 -> 4', [1, 1, 1, null, null, 0, 0, 0, 0], 4, 'minimal'],
      ['2 missing, 9 -> 9', [1, 1, 1, 1, 1, 1, 1, null, null], 9, 'mild'],
      ['2 missing, 11.57 -> 12', [2, 2, 1, 1, 1, 1, 1, null, null], 12, 'moderate'],
      ['2 missing, all 3 -> 27', [null, 3, 3, 3, 3, 3, 3, 3, null], 27, 'severe'],
    ])('prorates %s', async (_case, items, total, severity) => {
      const res = await postPhq9(api, nurse, scored.id, phq9Body(hoursAgo(5), items));
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ items, total, severity, prorated: true, valid: true });
    });

    it.each([
      ['3 missing', [null, null, null, 1, 1, 1, 1, 1, 1]],
      ['all missing', [null, null, null, null, null, null, null, null, null]],
    ])('%s: stored but invalid, total and severity null', async (_case, items) => {
      const res = await postPhq9(api, nurse, scored.id, phq9Body(hoursAgo(5), items));
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        items,
        total: null,
        severity: null,
        valid: false,
        prorated: false,
      });
      expect(await api.ds.getRepository(Phq9Assessment).countBy({ id: res.body.id })).toBe(1);
    });

    it.each([
      // [case, items, item9Positive]
      ['item 9 = 0 with a severe total', [3, 3, 3, 3, 3, 3, 3, 3, 0], false],
      ['item 9 = 1 with a total of 1', [0, 0, 0, 0, 0, 0, 0, 0, 1], true],
      ['item 9 = 3 with a total of 3', [0, 0, 0, 0, 0, 0, 0, 0, 3], true],
      ['item 9 missing', [1, 1, 1, 1, 1, 1, 1, 1, null], false],
    ])('%s: item9Positive %p whatever the total', async (_case, items, positive) => {
      const res = await postPhq9(api, nurse, scored.id, phq9Body(hoursAgo(5), items));
      expectStatus(res, 201);
      expect(res.body.item9Positive).toBe(positive);
    });

    it('item9Positive also on an invalid questionnaire', async () => {
      const res = await postPhq9(
        api,
        nurse,
        scored.id,
        phq9Body(hoursAgo(5), [null, null, null, null, 0, 0, 0, 0, 2]),
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ valid: false, total: null, item9Positive: true });
    });
  });

  describe('hours since dose and session links', () => {
    it('counts hours from the latest session that began before the questionnaire (null before any)', async () => {
      const patient = await newPatient();
      const before = await addPhq9(api, nurse, patient.id, hoursAgo(80), 18, 'two_weeks');
      expect(before.hoursSinceDose).toBeNull();

      const s1 = await createSession(api, psych, patient.id, { startedAt: hoursAgo(50) });
      // at the very dose start: no session began before it
      expect((await addPhq9(api, nurse, patient.id, s1.startedAt, 17)).hoursSinceDose).toBeNull();
      expect(
        (await addPhq9(api, nurse, patient.id, isoAt(s1.startedAt, 24 * HOUR), 10)).hoursSinceDose,
      ).toBe(24);
      expect(
        (await addPhq9(api, nurse, patient.id, isoAt(s1.startedAt, 90 * MINUTE + 18_000), 10))
          .hoursSinceDose,
      ).toBe(1.51); // 1.505 h
      await dischargeWithOverride(api, psych, s1);

      const s2 = await createSession(api, psych, patient.id, { startedAt: hoursAgo(2) });
      // between the sessions, and at the second dose start: from session 1
      expect(
        (await addPhq9(api, nurse, patient.id, isoAt(s1.startedAt, 47 * HOUR), 9)).hoursSinceDose,
      ).toBe(47);
      expect((await addPhq9(api, nurse, patient.id, s2.startedAt, 9)).hoursSinceDose).toBe(48);
      // after the second: from session 2
      expect(
        (await addPhq9(api, nurse, patient.id, isoAt(s2.startedAt, 75 * MINUTE), 9)).hoursSinceDose,
      ).toBe(1.25);
    });

    it('links a questionnaire to a session of the same patient only', async () => {
      const patient = await newPatient();
      const other = await newPatient();
      const own = await createSession(api, psych, patient.id, { startedAt: hoursAgo(3) });
      const foreign = await createSession(api, psych, other.id, { startedAt: hoursAgo(3) });
      const ok = await postPhq9(
        api,
        nurse,
        patient.id,
        phq9Body(hoursAgo(1), phq9ItemsFor(6), { sessionId: own.id, recall: '24_hours' }),
      );
      expectStatus(ok, 201);
      expect(ok.body).toMatchObject({ sessionId: own.id, hoursSinceDose: 2 });
      const refused = await expectNothingWritten(api, () =>
        postPhq9(
          api,
          nurse,
          patient.id,
          phq9Body(hoursAgo(1), phq9ItemsFor(6), { sessionId: foreign.id }),
        ),
      );
      expectError(refused, 400, /^sessionId must be a session of this patient$/m);
    });
  });

  describe('GET /patients/:id/phq9', () => {
    it('lists newest first with limit, offset and total', async () => {
      const patient = await newPatient();
      const hours = [30, 10, 50, 20, 40]; // entered out of order
      const ids = new Map<number, string>();
      for (const h of hours)
        ids.set(h, (await addPhq9(api, nurse, patient.id, hoursAgo(h), h / 10, 'two_weeks')).id);

      const all = await api
        .http()
        .get(`${V1}/patients/${patient.id}/phq9`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(all, 200);
      expect(all.body.total).toBe(5);
      expect(all.body.items.map((a: { id: string }) => a.id)).toEqual(
        [10, 20, 30, 40, 50].map((h) => ids.get(h)),
      );
      expect(all.body.items[0]).toMatchObject({ total: 1, patientId: patient.id });

      const page2 = await api
        .http()
        .get(`${V1}/patients/${patient.id}/phq9?limit=2&offset=2`)
        .set(bearer(nurse));
      expectStatus(page2, 200);
      expect(page2.body.total).toBe(5);
      expect(page2.body.items.map((a: { id: string }) => a.id)).toEqual([ids.get(30), ids.get(40)]);

      const last = await api
        .http()
        .get(`${V1}/patients/${patient.id}/phq9?limit=2&offset=4`)
        .set(bearer(nurse));
      expect(last.body.items.map((a: { id: string }) => a.id)).toEqual([ids.get(50)]);

      for (const q of ['limit=0', 'limit=201', 'offset=-1', 'limit=abc', 'sort=asc']) {
        const bad = await api
          .http()
          .get(`${V1}/patients/${patient.id}/phq9?${q}`)
          .set(bearer(nurse));
        expect({ q, status: bad.status }).toEqual({ q, status: 400 });
      }
      expectError(
        await api
          .http()
          .get(`${V1}/patients/${patient.id}/phq9`)
          .set(bearer(world.tokens.b.psychiatrist)),
        404,
        /Patient not found/,
      );
    });
  });

  describe('GET /patients/:id/response', () => {
    it('follows a worked course: baseline, pre-dose scores, 24-h and 72-h points, change, status', async () => {
      const patient = await newPatient();
      const s1At = Date.now() - 10 * DAY;
      const at1 = (h: number): string => isoAt(s1At, h * HOUR);

      // Two-week baselines before the course; the last valid one counts. An invalid one is ignored.
      await addPhq9(api, nurse, patient.id, at1(-10 * 24), 25, 'two_weeks');
      const baseline = await addPhq9(api, nurse, patient.id, at1(-5 * 24), 20, 'two_weeks');
      const invalid = await postPhq9(
        api,
        nurse,
        patient.id,
        phq9Body(at1(-12), [null, null, null, 0, 0, 0, 0, 0, 0]),
      );
      expect(invalid.body.valid).toBe(false);

      let r = await response(patient.id);
      expect(r).toEqual({
        courseId: null, // no session yet, so no course (v2)
        baseline: { assessmentId: baseline.id, total: 20, administeredAt: baseline.administeredAt },
        status: 'none',
        bestChangePct: null,
        sessions: [],
      });

      // Session 1, discharged; questionnaires at 11, 20, 25, 60, 70 h and 98 h (the pre-dose of session 2)
      const s1 = await createSession(api, psych, patient.id, { startedAt: at1(0) });
      await dischargeWithOverride(api, psych, s1);
      const p11 = await addPhq9(api, nurse, patient.id, at1(11), 14);
      r = await response(patient.id);
      expect(r).toMatchObject({ status: 'partial', bestChangePct: -30 });
      expect(r.sessions[0]).toMatchObject({ preDoseTotal: 20, at24h: null, at72h: null });

      const p20 = await addPhq9(api, nurse, patient.id, at1(20), 10);
      const p25 = await addPhq9(api, nurse, patient.id, at1(25), 8);
      r = await response(patient.id);
      expect(r).toMatchObject({ status: 'response', bestChangePct: -60 });

      const p60 = await addPhq9(api, nurse, patient.id, at1(60), 11);
      const p70 = await addPhq9(api, nurse, patient.id, at1(70), 12);
      const pre2 = await addPhq9(api, nurse, patient.id, at1(98), 14);
      r = await response(patient.id);
      expect(r).toMatchObject({ status: 'partial', bestChangePct: -60 });

      // Session 2 at 100 h; 24 h after it 4 (remission), 72 h after it 11, then 16 at 124 h
      const s2 = await createSession(api, psych, patient.id, { startedAt: at1(100), doseMg: 42 });
      await dischargeWithOverride(api, psych, s2);
      const q24 = await addPhq9(api, nurse, patient.id, at1(124), 4);
      r = await response(patient.id);
      expect(r).toMatchObject({ status: 'remission', bestChangePct: -80 });
      const q72 = await addPhq9(api, nurse, patient.id, at1(172), 11);
      const q124 = await addPhq9(api, nurse, patient.id, at1(224), 16);

      r = await response(patient.id, world.tokens.a.psychiatrist);
      const point = (
        a: { id: string },
        hoursSinceDose: number,
        total: number,
        changePct: number,
      ) => ({
        assessmentId: a.id,
        hoursSinceDose,
        total,
        changePct,
        recall: '24_hours',
        source: 'clinic',
      });
      expect(r).toEqual({
        courseId: s1.courseId, // the (legacy) course both sessions belong to
        baseline: { assessmentId: baseline.id, total: 20, administeredAt: baseline.administeredAt },
        status: 'none', // latest 16: a 20 % reduction
        bestChangePct: -80,
        sessions: [
          {
            sessionId: s1.id,
            sessionNumber: 1,
            courseSessionNumber: 1,
            startedAt: s1.startedAt,
            doseMg: 35,
            preDoseTotal: 20, // nothing within 24 h before: the course baseline
            // the 11 h point is outside 12-36 h; 25 h is nearer 24 than 20 h
            at24h: point(p25, 25, 8, -60),
            // 70 h is nearer 72 than 60 h or 98 h... and 98 h is past 96 h, not a point at all
            at72h: point(p70, 70, 12, -40),
            points: [
              point(p11, 11, 14, -30),
              point(p20, 20, 10, -50),
              point(p25, 25, 8, -60),
              point(p60, 60, 11, -45),
              point(p70, 70, 12, -40),
            ],
          },
          {
            sessionId: s2.id,
            sessionNumber: 2,
            courseSessionNumber: 2,
            startedAt: s2.startedAt,
            doseMg: 42,
            preDoseTotal: 14, // the questionnaire 2 h before the dose
            at24h: point(q24, 24, 4, -80),
            at72h: point(q72, 72, 11, -45),
            points: [point(q24, 24, 4, -80), point(q72, 72, 11, -45)], // 124 h is past 96 h
          },
        ],
      });
      expect(pre2.hoursSinceDose).toBe(98);
      expect(q124.hoursSinceDose).toBe(124);
    });

    it.each([
      // [baseline, latest total, status, changePct]  (CLINICAL.md s5)
      [20, 4, 'remission', -80],
      [20, 5, 'response', -75],
      [20, 10, 'response', -50],
      [20, 11, 'partial', -45],
      [20, 15, 'partial', -25],
      [20, 16, 'none', -20],
      [20, 24, 'none', 20],
      [16, 13, 'none', -18.8], // -18.75 rounds away from zero
      [16, 12, 'partial', -25],
      [6, 4, 'remission', -33.3],
      [0, 3, 'remission', null], // change is null against a baseline of 0
      [0, 6, 'none', null],
    ])('baseline %p, 24-h total %p: status %s, change %p', async (base, total, status, change) => {
      const patient = await newPatient();
      const b = await addPhq9(api, nurse, patient.id, hoursAgo(7 * 24), base, 'two_weeks');
      const s = await createSession(api, psych, patient.id, { startedAt: hoursAgo(5 * 24) });
      const p = await addPhq9(api, nurse, patient.id, isoAt(s.startedAt, 24 * HOUR), total);
      const r = await response(patient.id);
      expect(r.baseline).toEqual({
        assessmentId: b.id,
        total: base,
        administeredAt: b.administeredAt,
      });
      expect(r.status).toBe(status);
      expect(r.bestChangePct).toBe(change);
      expect(r.sessions[0].at24h).toEqual({
        assessmentId: p.id,
        hoursSinceDose: 24,
        total,
        changePct: change,
        recall: '24_hours',
        source: 'clinic',
      });
    });

    it('takes the 24-h and 72-h points only inside 12-36 h and 48-96 h', async () => {
      const patient = await newPatient();
      await addPhq9(api, nurse, patient.id, hoursAgo(8 * 24), 20, 'two_weeks');
      const s = await createSession(api, psych, patient.id, { startedAt: hoursAgo(5 * 24) });
      const at = (h: number) => isoAt(s.startedAt, h * HOUR);
      await addPhq9(api, nurse, patient.id, at(11.5), 10);
      await addPhq9(api, nurse, patient.id, at(36.5), 10);
      await addPhq9(api, nurse, patient.id, at(47.5), 10);
      await addPhq9(api, nurse, patient.id, at(96.5), 10);
      let r = await response(patient.id);
      expect(r.sessions[0]).toMatchObject({ at24h: null, at72h: null });
      expect(r.sessions[0].points.map((p) => p.hoursSinceDose)).toEqual([11.5, 36.5, 47.5]);

      const p12 = await addPhq9(api, nurse, patient.id, at(12), 9);
      const p96 = await addPhq9(api, nurse, patient.id, at(96), 9);
      r = await response(patient.id);
      expect(r.sessions[0].at24h?.assessmentId).toBe(p12.id);
      expect(r.sessions[0].at72h?.assessmentId).toBe(p96.id);
      const p35 = await addPhq9(api, nurse, patient.id, at(35), 9);
      r = await response(patient.id);
      expect(r.sessions[0].at24h?.assessmentId).toBe(p35.id); // 35 h is 11 h from 24, 12 h is 12 h from it
    });

    it.each([
      ['no questionnaire at all', () => Promise.resolve()],
      [
        'a two-week PHQ-9 31 days before the first session only',
        async (patientId: string, s1: number) => {
          await addPhq9(api, nurse, patientId, isoAt(s1, -31 * DAY), 20, 'two_weeks');
        },
      ],
      [
        'a 24-hour recall PHQ-9 before the first session only',
        async (patientId: string, s1: number) => {
          await addPhq9(api, nurse, patientId, isoAt(s1, -2 * DAY), 20, '24_hours');
        },
      ],
      [
        'an invalid two-week PHQ-9 before the first session only',
        async (patientId: string, s1: number) => {
          const res = await postPhq9(
            api,
            nurse,
            patientId,
            phq9Body(isoAt(s1, -2 * DAY), [null, null, null, 3, 3, 3, 3, 3, 3]),
          );
          expectStatus(res, 201);
        },
      ],
    ])(
      'no_baseline with %s',
      async (_case, setup: (patientId: string, s1: number) => Promise<unknown>) => {
        const patient = await newPatient();
        const s1 = Date.now() - 4 * DAY;
        await setup(patient.id, s1);
        const s = await createSession(api, psych, patient.id, { startedAt: isoAt(s1, 0) });
        const p = await addPhq9(api, nurse, patient.id, isoAt(s.startedAt, 24 * HOUR), 8);
        const r = await response(patient.id);
        expect(r).toMatchObject({ baseline: null, status: 'no_baseline', bestChangePct: null });
        expect(r.sessions[0]).toMatchObject({
          preDoseTotal: null,
          at24h: { assessmentId: p.id, total: 8, changePct: null },
        });
      },
    );

    it('another clinic gets 404', async () => {
      expectError(
        await api
          .http()
          .get(`${V1}/patients/${scored.id}/response`)
          .set(bearer(world.tokens.b.manager)),
        404,
        /Patient not found/,
      );
    });
  });

  describe('risk events', () => {
    const postRisk = (patientId: string, body: Record<string, unknown>, token = nurse) =>
      api.http().post(`${V1}/patients/${patientId}/risk-events`).set(bearer(token)).send(body);

    it.each(RISK_EVENT_TYPES.map((t) => [t]))('records a %s event', async (type) => {
      const occurredAt = hoursAgo(2);
      const res = await postRisk(scored.id, { type, occurredAt, notes: `note on ${type}` }, psych);
      expectStatus(res, 201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID_RE),
          patientId: scored.id,
          type,
          occurredAt,
          notes: `note on ${type}`,
          recordedBy: world.users.a.psychiatrist.id,
        }),
      );
    });

    it.each([
      [
        'type unknown',
        { type: 'relapse' },
        /^type must be one of the following values: positive_uds, reported_nonclinic_use, early_session_request, craving, other$/m,
      ],
      ['type in another case', { type: 'Craving' }, /^type must be one of/m],
      ['type missing', { type: undefined }, /^type must be one of/m],
      [
        'occurredAt missing',
        { occurredAt: undefined },
        /^occurredAt must be an ISO-8601 date-time with a time zone/m,
      ],
      [
        'occurredAt without a zone',
        { occurredAt: '2026-01-10T10:00:00' },
        /^occurredAt must be an ISO-8601/m,
      ],
      [
        'occurredAt in the future',
        { occurredAt: 'FUTURE' },
        /^occurredAt must not be in the future$/m,
      ],
      ['notes not a string', { notes: ['a'] }, /^notes must be a string$/m],
      [
        'notes too long',
        { notes: 'x'.repeat(4001) },
        /^notes must be shorter than or equal to 4000 characters$/m,
      ],
      ['an unknown field', { severity: 'high' }, /^property severity should not exist$/m],
    ])('400 for %s, writing nothing', async (_case, patch: Record<string, unknown>, pattern) => {
      const body: Record<string, unknown> = { type: 'craving', occurredAt: hoursAgo(1), ...patch };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
      if (body['occurredAt'] === 'FUTURE') body['occurredAt'] = isoAt(Date.now(), 10 * MINUTE);
      const res = await expectNothingWritten(api, () => postRisk(scored.id, body));
      expectError(res, 400, pattern);
    });

    it("lists a patient's events newest first; a manager reads but may not record; another clinic 404", async () => {
      const patient = await newPatient();
      const ids: Record<string, string> = {};
      for (const [type, h] of [
        ['craving', 30],
        ['positive_uds', 5],
        ['early_session_request', 60],
      ] as const) {
        const res = await postRisk(patient.id, { type, occurredAt: hoursAgo(h) });
        expectStatus(res, 201);
        expect(res.body.notes).toBeNull();
        ids[type] = res.body.id;
      }
      const list = await api
        .http()
        .get(`${V1}/patients/${patient.id}/risk-events`)
        .set(bearer(world.tokens.a.manager));
      expectStatus(list, 200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([
        ids['positive_uds'],
        ids['craving'],
        ids['early_session_request'],
      ]);
      const paged = await api
        .http()
        .get(`${V1}/patients/${patient.id}/risk-events?limit=1&offset=1`)
        .set(bearer(nurse));
      expect(paged.body).toMatchObject({
        total: 3,
        items: [expect.objectContaining({ id: ids['craving'] })],
      });

      const body = { type: 'other', occurredAt: hoursAgo(1) };
      expect(
        (await expectNothingWritten(api, () => postRisk(patient.id, body, world.tokens.a.manager)))
          .status,
      ).toBe(403);
      expectError(
        await expectNothingWritten(api, () => postRisk(patient.id, body, world.tokens.b.nurse)),
        404,
        /Patient not found/,
      );
      expectError(
        await api
          .http()
          .get(`${V1}/patients/${patient.id}/risk-events`)
          .set(bearer(world.tokens.b.manager)),
        404,
        /Patient not found/,
      );
    });
  });
});
