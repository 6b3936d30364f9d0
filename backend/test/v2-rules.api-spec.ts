/**
 * The rules and fields of CLINICAL.md v2 s1, s3 and s4 through the HTTP API: bp.hypotension,
 * hr.bradycardia, monitoring.no_predose (raised, resolved by a pre-dose BP, raised again when that BP
 * is entered in error), adverse.serious, phq9.item9_unanswered; side effects' `serious` and
 * `seriousCriterion` (400s naming the field, nothing written); the item-9 cut-off fixed at 1
 * (PATCH naming it 400, GET shows 1, a stored override is ignored).
 */
import { Clinic } from '../src/clinics/clinic.entity';
import { Flag } from '../src/flags/flag.entity';
import { SignalsService } from '../src/signals/signals.service';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  expectError,
  expectNothingWritten,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  phq9Body,
  postObservation,
  postPhq9,
  readyObservation,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';

interface FlagBody {
  id: string;
  rule: string;
  category: string;
  severity: string;
  status: string;
  message: string;
  evidence: Record<string, unknown>;
  threshold: Record<string, unknown>;
  sessionId: string | null;
}

describe('v2 rules, serious adverse events and the fixed item-9 cut-off', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;

  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  async function flagsOf(patientId: string, rule: string): Promise<FlagBody[]> {
    const res = await api.http().get(`${V1}/flags?patientId=${patientId}`).set(bearer(nurse));
    expectStatus(res, 200);
    return (res.body.items as FlagBody[]).filter((f) => f.rule === rule);
  }

  async function inProgress(startedMinutesAgo: number, preDoseBp = true) {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -startedMinutesAgo * MINUTE),
    });
    if (preDoseBp) {
      expectStatus(
        await postObservation(
          api,
          nurse,
          session.id,
          readyObservation(isoAt(session.startedAt, -5 * MINUTE)),
        ),
        201,
      );
    }
    return { patient, session };
  }

  const at = (session: SessionRef, minutes: number) => isoAt(session.startedAt, minutes * MINUTE);
  const postSideEffect = (sessionId: string, body: Record<string, unknown>, token = nurse) =>
    api.http().post(`${V1}/sessions/${sessionId}/side-effects`).set(bearer(token)).send(body);

  describe('bp.hypotension and hr.bradycardia', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['BP 90/50, heart rate 50: nothing', { systolic: 90, diastolic: 50, heartRate: 50 }, []],
      ['BP 89/60', { systolic: 89, diastolic: 60 }, ['bp.hypotension']],
      ['BP 100/49', { systolic: 100, diastolic: 49 }, ['bp.hypotension']],
      ['heart rate 49', { heartRate: 49 }, ['hr.bradycardia']],
    ])('%s', async (_label, reading, expected) => {
      const { patient, session } = await inProgress(45);
      expectStatus(
        await postObservation(api, nurse, session.id, readyObservation(at(session, 40), reading)),
        201,
      );
      const raised = [
        ...(await flagsOf(patient.id, 'bp.hypotension')),
        ...(await flagsOf(patient.id, 'hr.bradycardia')),
      ];
      expect(raised.map((f) => f.rule)).toEqual(expected);
      for (const flag of raised) {
        expect(flag).toMatchObject({
          category: 'hemodynamic',
          severity: 'warning',
          status: 'open',
          sessionId: session.id,
        });
      }
    });

    it('names the reading and the limits in force', async () => {
      const { patient, session } = await inProgress(45);
      await postObservation(
        api,
        nurse,
        session.id,
        readyObservation(at(session, 40), { systolic: 84, diastolic: 46, heartRate: 44 }),
      );
      const [low] = await flagsOf(patient.id, 'bp.hypotension');
      expect(low.message).toBe('BP 84/46 at 40 min: systolic < 90 and diastolic < 50');
      expect(low.threshold).toEqual({ systolicBelow: 90, diastolicBelow: 50 });
      const [slow] = await flagsOf(patient.id, 'hr.bradycardia');
      expect(slow.message).toBe('Heart rate 44/min at 40 min: < 50');
      expect(slow.threshold).toEqual({ bradycardiaBelow: 50 });
    });
  });

  describe('monitoring.no_predose', () => {
    it('raised by a reading after the dose start without a pre-dose BP; resolved by one; raised again when it is entered in error', async () => {
      const { patient, session } = await inProgress(10, false);
      // A MOAA/S-only check before the dose is no pre-dose BP.
      expectStatus(
        await postObservation(api, nurse, session.id, {
          recordedAt: at(session, -3),
          moaas: 5,
        }),
        201,
      );
      expect(await flagsOf(patient.id, 'monitoring.no_predose')).toEqual([]);
      expectStatus(
        await postObservation(api, nurse, session.id, readyObservation(at(session, 5))),
        201,
      );
      const [raised] = await flagsOf(patient.id, 'monitoring.no_predose');
      expect(raised).toMatchObject({
        category: 'monitoring',
        severity: 'warning',
        status: 'open',
        sessionId: session.id,
        threshold: { noPredoseAfterMinutes: 15 },
      });
      expect(raised.message).toMatch(
        /^No pre-dose BP for session 1 \(dose started .*\): 1 reading after the dose start\./,
      );

      // The nurse enters the BP taken before the dose: the flag resolves itself.
      const pre = await postObservation(
        api,
        nurse,
        session.id,
        readyObservation(at(session, -2), { systolic: 128, diastolic: 80 }),
      );
      expectStatus(pre, 201);
      const [resolved] = await flagsOf(patient.id, 'monitoring.no_predose');
      expect(resolved).toMatchObject({ id: raised.id, status: 'resolved' });

      // That BP was another patient's: entered in error, the gap is back and raises a new flag.
      expectStatus(
        await api
          .http()
          .post(`${V1}/observations/${(pre.body as { id: string }).id}/entered-in-error`)
          .set(bearer(nurse))
          .send({ reason: 'Recorded on the wrong patient' }),
        200,
      );
      const flags = await flagsOf(patient.id, 'monitoring.no_predose');
      const again = flags.find((f) => f.status === 'open');
      expect(flags).toHaveLength(2);
      expect(again?.id).not.toBe(raised.id);
      expect(again?.message).toMatch(
        /the pre-dose BP 128\/80 2 min before the dose was entered in error/,
      );
    });

    it('raised on read once the session is 15 min past the dose start with no reading at all', async () => {
      const { patient, session } = await inProgress(16, false);
      // The scheduler's tick runs the time-based rules for sessions in progress.
      await api.app.get(SignalsService).tick(new Date());
      const [due] = await flagsOf(patient.id, 'monitoring.no_predose');
      expect(due).toMatchObject({ status: 'open', sessionId: session.id });
      expect(due.message).toMatch(/: at least 15 min since the dose start\./);
    });

    it('not open with a pre-dose BP, nor raised before 15 min without a reading', async () => {
      // Entered 30 min after the dose start: until the pre-dose BP is entered the gap is real (the
      // flag is raised with the session), and it resolves itself when the BP comes in.
      const withBp = await inProgress(30);
      await postObservation(
        api,
        nurse,
        withBp.session.id,
        readyObservation(at(withBp.session, 15)),
      );
      const flags = await flagsOf(withBp.patient.id, 'monitoring.no_predose');
      expect(flags.map((f) => f.status)).toEqual(['resolved']);
      const early = await inProgress(14, false);
      await api.app.get(SignalsService).tick(new Date());
      expect(await flagsOf(early.patient.id, 'monitoring.no_predose')).toEqual([]);
    });
  });

  describe('side effects: serious and seriousCriterion (CLINICAL.md s3 v2)', () => {
    const base = (session: SessionRef) => ({
      type: 'other',
      severity: 'moderate',
      onsetAt: at(session, 30),
      notes: 'Chest tightness; admitted overnight',
    });

    it('a serious side effect is stored with its criterion and raises adverse.serious (critical)', async () => {
      const { patient, session } = await inProgress(45);
      const res = await postSideEffect(session.id, {
        ...base(session),
        serious: true,
        seriousCriterion: 'hospitalisation',
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ serious: true, seriousCriterion: 'hospitalisation' });
      const [flag] = await flagsOf(patient.id, 'adverse.serious');
      expect(flag).toMatchObject({
        category: 'adverse_event',
        severity: 'critical',
        status: 'open',
        sessionId: session.id,
      });
      expect(flag.message).toMatch(
        /^Serious adverse event: other \(moderate\), inpatient hospitalisation or its prolongation, onset \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d E[SD]T \(30 min after the dose start of session 1\)$/,
      );
      const sessionRes = await api.http().get(`${V1}/sessions/${session.id}`).set(bearer(nurse));
      expect(sessionRes.body.sideEffects).toEqual([
        expect.objectContaining({ serious: true, seriousCriterion: 'hospitalisation' }),
      ]);
    });

    it('defaults to not serious (a severe one is not serious): no flag', async () => {
      const { patient, session } = await inProgress(45);
      const res = await postSideEffect(session.id, { ...base(session), severity: 'severe' });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ serious: false, seriousCriterion: null });
      expect(await flagsOf(patient.id, 'adverse.serious')).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        'serious without a criterion',
        { serious: true },
        /seriousCriterion is required when serious is true/,
      ],
      [
        'serious with a null criterion',
        { serious: true, seriousCriterion: null },
        /seriousCriterion is required when serious is true/,
      ],
      [
        'an unknown criterion',
        { serious: true, seriousCriterion: 'severe' },
        /seriousCriterion must be one of the following values/,
      ],
      [
        'a criterion when not serious',
        { serious: false, seriousCriterion: 'death' },
        /seriousCriterion must not be given when serious is false/,
      ],
      [
        'a criterion without serious',
        { seriousCriterion: 'death' },
        /seriousCriterion must not be given when serious is false/,
      ],
      [
        'serious not a boolean',
        { serious: 'yes', seriousCriterion: 'death' },
        /serious must be a boolean value/,
      ],
    ])('400 naming the field, nothing written: %s', async (_label, fields, message) => {
      const { session } = await inProgress(45);
      const res = await expectNothingWritten(api, () =>
        postSideEffect(session.id, { ...base(session), ...fields }),
      );
      expectError(res, 400, message);
      expect(
        await api.ds
          .getRepository(Flag)
          .countBy({ rule: 'adverse.serious', sessionId: session.id }),
      ).toBe(0);
    });
  });

  describe('phq9.item9_unanswered', () => {
    it.each<[string, (number | null)[], boolean]>([
      ['item 9 answered 0', [1, 1, 1, 1, 1, 1, 1, 1, 0], false],
      ['item 9 missing, prorated', [1, 1, 1, 1, 1, 1, 1, 1, null], true],
      ['item 9 and two more missing (invalid)', [null, null, 1, 1, 1, 1, 1, 1, null], true],
    ])('%s -> raised %p (suicidality, warning, patient level)', async (_label, items, raised) => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const res = await postPhq9(api, nurse, patient.id, phq9Body(isoAt(Date.now(), -HOUR), items));
      expectStatus(res, 201);
      const flags = await flagsOf(patient.id, 'phq9.item9_unanswered');
      expect(flags).toHaveLength(raised ? 1 : 0);
      if (raised) {
        expect(flags[0]).toMatchObject({
          category: 'suicidality',
          severity: 'warning',
          status: 'open',
        });
        expect(flags[0].message).toMatch(
          /item 9 not answered .*: suicidality is unknown; ask item 9 the same day$/,
        );
      }
    });
  });

  describe('the item-9 cut-off is fixed at 1 (CLINICAL.md s4 v2)', () => {
    const url = () => `${V1}/clinics/${world.clinicA.id}/thresholds`;

    it('PATCH naming phq9.item9AtLeast is 400 naming it, with any value, and changes nothing', async () => {
      const current = await api.http().get(url()).set(bearer(psych));
      expectStatus(current, 200);
      expect(current.body.thresholds.phq9.item9AtLeast).toBe(1);
      for (const value of [1, 2, 3]) {
        const res = await api
          .http()
          .patch(url())
          .set(bearer(psych))
          .set('If-Match', `"${current.body.version}"`)
          .send({ phq9: { item9AtLeast: value } });
        expectError(res, 400, /thresholds\.phq9\.item9AtLeast is fixed at 1 and cannot be changed/);
      }
      const after = await api.http().get(url()).set(bearer(psych));
      expect(after.body.version).toBe(current.body.version);
    });

    it('the new thresholds are shown with their defaults, and validated', async () => {
      const current = await api.http().get(url()).set(bearer(psych));
      expect(current.body.thresholds).toMatchObject({
        hypotension: { systolicBelow: 90, diastolicBelow: 50 },
        bradycardiaBelow: 50,
        noPredoseAfterMinutes: 15,
      });
      const res = await api
        .http()
        .patch(url())
        .set(bearer(psych))
        .set('If-Match', `"${current.body.version}"`)
        .send({ bradycardiaBelow: 20, hypotension: { systolicBelow: 150 } });
      expectError(res, 400, /thresholds\.bradycardiaBelow must be at least 50: safety floor/);
      expect(JSON.stringify(res.body.message)).toMatch(/thresholds\.hypotension\.systolicBelow/);
    });

    it('an override stored before v2 is ignored by the rules, hidden from GET, and dropped by the next change', async () => {
      const clinicB = world.clinicB.id;
      const repo = api.ds.getRepository(Clinic);
      const before = await repo.findOneByOrFail({ id: clinicB });
      await repo.update({ id: clinicB }, { thresholds: { phq9: { item9AtLeast: 3 } } as never });
      try {
        const patient = await createPatient(api, world.tokens.b.psychiatrist, clinicB);
        await postPhq9(
          api,
          world.tokens.b.nurse,
          patient.id,
          phq9Body(isoAt(Date.now(), -HOUR), [1, 1, 1, 1, 1, 1, 1, 1, 1]),
        );
        const flags = await api
          .http()
          .get(`${V1}/flags?patientId=${patient.id}`)
          .set(bearer(world.tokens.b.nurse));
        expect((flags.body.items as FlagBody[]).map((f) => [f.rule, f.threshold])).toEqual([
          ['phq9.item9_positive', { item9AtLeast: 1 }],
        ]);
        const shown = await api
          .http()
          .get(`${V1}/clinics/${clinicB}/thresholds`)
          .set(bearer(world.tokens.b.psychiatrist));
        expect(shown.body.thresholds.phq9.item9AtLeast).toBe(1);
        expect(shown.body.overrides).toEqual({});
        const changed = await api
          .http()
          .patch(`${V1}/clinics/${clinicB}/thresholds`)
          .set(bearer(world.tokens.b.psychiatrist))
          .set('If-Match', `"${shown.body.version}"`)
          .send({ bradycardiaBelow: 55 });
        expectStatus(changed, 200);
        expect(changed.body.overrides).toEqual({ bradycardiaBelow: 55 });
        expect((await repo.findOneByOrFail({ id: clinicB })).thresholds).toEqual({
          bradycardiaBelow: 55,
        });
      } finally {
        await repo.update(
          { id: clinicB },
          { thresholds: before.thresholds, thresholdsVersion: before.thresholdsVersion },
        );
      }
    });
  });
});
