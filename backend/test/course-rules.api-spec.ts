/**
 * The flag lifecycle of the protocol-aware and new course rules through the HTTP API (CLINICAL.md
 * s4 "a signal never goes silent", s8, s9): each raised (or not) as the protocol says, then a new
 * trigger while acknowledged (warning and info rules stay acknowledged and count new evidence), a
 * new trigger after it was resolved (a new flag; a re-evaluation without one raises none), and the
 * triggering session entered in error (a psychiatrist's mark resolves it). Set up through the
 * course endpoints: screening, course, sessions given retrospectively with `startedAt` (days
 * before now, same time of day, so each is its own calendar day in the clinic's zone).
 */
import { BUILT_IN_PROTOCOL_IDS, SCREENING_ITEMS } from '@clinic/shared';
import {
  addPhq9,
  createPatient,
  DAY,
  dischargeWithOverride,
  expectStatus,
  isoAt,
  MINUTE,
  type PatientRef,
} from './support/clinical-fixtures';
import { useApi } from './support/use-api';

const IV = BUILT_IN_PROTOCOL_IDS.ketamineIv;
const ESK = BUILT_IN_PROTOCOL_IDS.esketamineUs;
const allNo = Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no']));
const ago = (days: number, minutes = 0): string =>
  isoAt(Date.now(), -days * DAY + minutes * MINUTE);

interface FlagBody {
  id: string;
  rule: string;
  status: string;
  severity: string;
  newEvidenceSince: string | null;
  newEvidenceCount: number;
  message: string;
}

describe('course rules: flag lifecycle through the API', () => {
  const { api, world, get, post } = useApi();

  const newPatient = (): Promise<PatientRef> =>
    createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);

  const startCourse = async (
    patientId: string,
    protocolId: string,
    options: { screenedDaysAgo?: number; override?: string; kind?: string } = {},
  ): Promise<string> => {
    const esketamine = protocolId === ESK;
    const days = options.screenedDaysAgo ?? 29;
    const screening = await post(`/patients/${patientId}/screenings`, 'psychiatrist', {
      drug: esketamine ? 'esketamine' : 'ketamine',
      screenedAt: ago(days),
      consentAt: ago(days),
      ...(esketamine ? { remsEnrolledAt: ago(days) } : {}),
      ...(options.override
        ? {
            answers: { ...allNo, aneurysmal_vascular_disease: 'yes' },
            notes: { aneurysmal_vascular_disease: 'Abdominal aortic aneurysm, 3.1 cm, stable' },
          }
        : { answers: allNo }),
    });
    expectStatus(screening, 201);
    const course = await post(`/patients/${patientId}/courses`, 'psychiatrist', {
      protocolId,
      screeningId: (screening.body as { id: string }).id,
      kind: options.kind ?? 'initial',
      ...(options.override ? { overrideReason: options.override } : {}),
    });
    expectStatus(course, 201);
    return (course.body as { id: string }).id;
  };

  /** A dose given at `at` (IV 35 mg at 70 kg = 0.5 mg/kg unless said), discharged. */
  const give = async (
    patientId: string,
    at: string,
    body: Record<string, unknown> = {},
  ): Promise<string> => {
    const res = await post(`/patients/${patientId}/sessions`, 'psychiatrist', {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      weightKg: 70,
      infusionMinutes: 40,
      startedAt: at,
      ...body,
    });
    expectStatus(res, 201);
    await dischargeWithOverride(
      api,
      world.tokens.a.psychiatrist,
      res.body as { id: string; startedAt: string },
    );
    return (res.body as { id: string }).id;
  };
  const esk = (mg: number) => ({ drug: 'esketamine', route: 'intranasal', doseMg: mg });

  const flagsOf = async (patientId: string, rule: string): Promise<FlagBody[]> => {
    const res = await get(`/flags?patientId=${patientId}&limit=100`, 'psychiatrist');
    expectStatus(res, 200);
    return (res.body.items as FlagBody[]).filter((f) => f.rule === rule);
  };
  const onlyFlag = async (patientId: string, rule: string): Promise<FlagBody> => {
    const flags = await flagsOf(patientId, rule);
    expect(flags).toHaveLength(1);
    return flags[0];
  };
  const acknowledge = async (id: string): Promise<void> =>
    expectStatus(await post(`/flags/${id}/acknowledge`, 'psychiatrist', { note: 'Reviewed' }), 200);
  const resolve = async (id: string): Promise<void> =>
    expectStatus(
      await post(`/flags/${id}/resolve`, 'psychiatrist', { note: 'Discussed, plan agreed' }),
      200,
    );
  const enteredInError = async (sessionId: string): Promise<void> =>
    expectStatus(
      await post(`/sessions/${sessionId}/entered-in-error`, 'psychiatrist', {
        reason: 'Recorded for the wrong patient',
      }),
      200,
    );

  describe('misuse.session_frequency with the IV protocol (at most 3 in any 7 days)', () => {
    it('3 in 7 days: no flag; a 4th: a flag; acknowledged, a 5th is new evidence; resolved, a 6th a new flag', async () => {
      const p = await newPatient();
      await startCourse(p.id, IV);
      for (const d of [10, 8, 6]) await give(p.id, ago(d));
      expect(await flagsOf(p.id, 'misuse.session_frequency')).toEqual([]);
      await give(p.id, ago(5));
      const raised = await onlyFlag(p.id, 'misuse.session_frequency');
      expect(raised).toMatchObject({ status: 'open', severity: 'warning', newEvidenceCount: 0 });
      expect(raised.message).toContain('IV ketamine 0.5 mg/kg allows at most 3 in any 7 days');

      await acknowledge(raised.id);
      await give(p.id, ago(4));
      const marked = await onlyFlag(p.id, 'misuse.session_frequency');
      expect(marked).toMatchObject({ id: raised.id, status: 'acknowledged', newEvidenceCount: 1 });
      expect(marked.newEvidenceSince).not.toBeNull();

      await resolve(raised.id);
      // a re-evaluation without a new trigger raises nothing
      await addPhq9(api, world.tokens.a.nurse, p.id, ago(3), 15);
      expect((await flagsOf(p.id, 'misuse.session_frequency')).map((f) => f.status)).toEqual([
        'resolved',
      ]);
      await give(p.id, ago(3));
      const flags = await flagsOf(p.id, 'misuse.session_frequency');
      expect(flags.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    });

    it('the 4th session entered in error: the flag is resolved', async () => {
      const p = await newPatient();
      await startCourse(p.id, IV);
      for (const d of [10, 8, 6]) await give(p.id, ago(d));
      const fourth = await give(p.id, ago(5));
      expect((await onlyFlag(p.id, 'misuse.session_frequency')).status).toBe('open');
      await enteredInError(fourth);
      expect((await onlyFlag(p.id, 'misuse.session_frequency')).status).toBe('resolved');
    });
  });

  describe('misuse.dose_escalation on the esketamine label (56 mg, then 56 or 84 mg)', () => {
    it('titration 56 -> 84: no flag; 112 (off the plan): a flag; acknowledged, another 112 is new evidence; resolved, a third a new flag', async () => {
      const p = await newPatient();
      await startCourse(p.id, ESK);
      await give(p.id, ago(28), esk(56));
      await give(p.id, ago(24), esk(84));
      await give(p.id, ago(20), esk(84));
      expect(await flagsOf(p.id, 'misuse.dose_escalation')).toEqual([]);

      await give(p.id, ago(16), esk(112));
      const raised = await onlyFlag(p.id, 'misuse.dose_escalation');
      expect(raised).toMatchObject({ status: 'open', severity: 'warning' });
      expect(raised.message).toContain("not a step of Esketamine (US label)'s dose plan");

      await acknowledge(raised.id);
      await give(p.id, ago(12), esk(112)); // above the usual maximum of 84 mg again
      expect(await onlyFlag(p.id, 'misuse.dose_escalation')).toMatchObject({
        id: raised.id,
        status: 'acknowledged',
        newEvidenceCount: 1,
      });

      await resolve(raised.id);
      await give(p.id, ago(8), esk(84)); // back on the plan: nothing new
      expect((await flagsOf(p.id, 'misuse.dose_escalation')).map((f) => f.status)).toEqual([
        'resolved',
      ]);
      await give(p.id, ago(4), esk(112));
      const flags = await flagsOf(p.id, 'misuse.dose_escalation');
      expect(flags.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    });

    it('the escalated session entered in error: the flag is resolved', async () => {
      const p = await newPatient();
      await startCourse(p.id, ESK);
      await give(p.id, ago(20), esk(56));
      const escalated = await give(p.id, ago(16), esk(112));
      expect((await onlyFlag(p.id, 'misuse.dose_escalation')).status).toBe('open');
      await enteredInError(escalated);
      expect((await onlyFlag(p.id, 'misuse.dose_escalation')).status).toBe('resolved');
    });
  });

  describe('course.off_protocol (a session earlier than the minimum interval: twice on one day)', () => {
    it('raised by the early session; acknowledged, a second early one is new evidence; resolved, a third a new flag', async () => {
      const p = await newPatient();
      await startCourse(p.id, IV);
      await give(p.id, ago(12));
      await give(p.id, ago(10));
      expect(await flagsOf(p.id, 'course.off_protocol')).toEqual([]);
      await give(p.id, ago(10, 1));
      const raised = await onlyFlag(p.id, 'course.off_protocol');
      expect(raised).toMatchObject({ status: 'open', severity: 'info' });

      await acknowledge(raised.id);
      await give(p.id, ago(6));
      await give(p.id, ago(6, 1));
      expect(await onlyFlag(p.id, 'course.off_protocol')).toMatchObject({
        id: raised.id,
        status: 'acknowledged',
        newEvidenceCount: 1,
      });

      await resolve(raised.id);
      await give(p.id, ago(2));
      expect((await flagsOf(p.id, 'course.off_protocol')).map((f) => f.status)).toEqual([
        'resolved',
      ]);
      await give(p.id, ago(2, 1));
      const flags = await flagsOf(p.id, 'course.off_protocol');
      expect(flags.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    });

    it('the early session entered in error: the flag is resolved', async () => {
      const p = await newPatient();
      await startCourse(p.id, IV);
      await give(p.id, ago(10));
      const early = await give(p.id, ago(10, 1));
      expect((await onlyFlag(p.id, 'course.off_protocol')).status).toBe('open');
      await enteredInError(early);
      expect((await onlyFlag(p.id, 'course.off_protocol')).status).toBe('resolved');
    });
  });

  describe('screening.override (a course started despite an absolute contraindication)', () => {
    it('raised when the course is started; acknowledged, a re-induction with an override is new evidence; resolved, another is a new flag; the first session entered in error leaves it', async () => {
      const p = await newPatient();
      const first = await startCourse(p.id, ESK, {
        override: 'Vascular surgeon: stable, low risk',
      });
      const raised = await onlyFlag(p.id, 'screening.override');
      expect(raised).toMatchObject({ status: 'open', severity: 'warning' });
      expect(raised.message).toContain('Vascular surgeon: stable, low risk');

      // the trigger is the course: its first session entered in error withdraws nothing
      const session = await give(p.id, ago(20), esk(56));
      await enteredInError(session);
      expect((await onlyFlag(p.id, 'screening.override')).status).toBe('open');

      await acknowledge(raised.id);
      expectStatus(await post(`/courses/${first}/end`, 'psychiatrist', { reason: 'other' }), 200);
      const second = await startCourse(p.id, ESK, {
        override: 'Re-induction: surgeon agrees again',
        kind: 'reinduction',
        screenedDaysAgo: 1,
      });
      expect(await onlyFlag(p.id, 'screening.override')).toMatchObject({
        id: raised.id,
        status: 'acknowledged',
        newEvidenceCount: 1,
      });

      await resolve(raised.id);
      expectStatus(await post(`/courses/${second}/end`, 'psychiatrist', { reason: 'other' }), 200);
      await startCourse(p.id, ESK, {
        override: 'Third course: agreed at the case conference',
        kind: 'reinduction',
        screenedDaysAgo: 1,
      });
      const flags = await flagsOf(p.id, 'screening.override');
      expect(flags.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    });
  });

  describe('nonresponse.after_induction at the protocol’s induction count (esketamine: 8)', () => {
    it('no flag after 6 sessions (the v1 count), a flag at the 8th; acknowledged, a PHQ-9 without response adds nothing; resolved, nothing new raises it again', async () => {
      const p = await newPatient();
      await startCourse(p.id, ESK);
      await addPhq9(api, world.tokens.a.psychiatrist, p.id, ago(29), 20, 'two_weeks');
      const days = [28, 25, 21, 18, 14, 11, 7, 4];
      for (const [i, d] of days.entries()) {
        await give(p.id, ago(d), esk(i === 0 ? 56 : 84));
        await addPhq9(api, world.tokens.a.nurse, p.id, ago(d - 1), 17);
        if (i === 5) expect(await flagsOf(p.id, 'nonresponse.after_induction')).toEqual([]);
      }
      const raised = await onlyFlag(p.id, 'nonresponse.after_induction');
      expect(raised).toMatchObject({ status: 'open', severity: 'info' });
      expect(raised.message).toContain('Esketamine (US label): 8 sessions');

      await acknowledge(raised.id);
      // its one trigger is the session that completed the induction: no new one here
      await addPhq9(api, world.tokens.a.nurse, p.id, ago(2), 16);
      await give(p.id, ago(1), esk(84));
      expect(await onlyFlag(p.id, 'nonresponse.after_induction')).toMatchObject({
        status: 'acknowledged',
        newEvidenceCount: 0,
      });
      await resolve(raised.id);
      await addPhq9(api, world.tokens.a.nurse, p.id, ago(0.5), 15);
      expect((await onlyFlag(p.id, 'nonresponse.after_induction')).status).toBe('resolved');
    });

    it('the session that completed the induction entered in error: the automatic move to maintenance is undone, the course is back in induction and the finding is withdrawn with it; the 8th given again raises it anew', async () => {
      const p = await newPatient();
      const courseId = await startCourse(p.id, ESK);
      await addPhq9(api, world.tokens.a.psychiatrist, p.id, ago(29), 20, 'two_weeks');
      const ids: string[] = [];
      for (const d of [28, 25, 21, 18, 14, 11, 7, 4]) ids.push(await give(p.id, ago(d), esk(84)));
      const raised = await onlyFlag(p.id, 'nonresponse.after_induction');
      // the 8th completed the induction: it belongs to it (the move dates from its start)
      expect(raised.message).not.toContain('moved to maintenance after');
      const moved = await get(`/courses/${courseId}`, 'psychiatrist');
      expect(moved.body).toMatchObject({ phase: 'maintenance', sessionCount: 8 });

      await enteredInError(ids[7]);
      const back = await get(`/courses/${courseId}`, 'psychiatrist');
      expect(back.body).toMatchObject({ phase: 'induction', maintenanceAt: null, sessionCount: 7 });
      const withdrawn = await onlyFlag(p.id, 'nonresponse.after_induction');
      expect(withdrawn.id).toBe(raised.id);
      expect(withdrawn.status).not.toBe('open');

      // a real 8th session completes the induction again: a new trigger, a new flag
      await give(p.id, ago(2), esk(84));
      const again = await get(`/courses/${courseId}`, 'psychiatrist');
      expect(again.body).toMatchObject({ phase: 'maintenance', sessionCount: 8 });
      const flags = await flagsOf(p.id, 'nonresponse.after_induction');
      expect(flags.filter((f) => f.status === 'open')).toHaveLength(1);
    });

    it('a psychiatrist moved the course to maintenance: a session entered in error leaves the decision', async () => {
      const p = await newPatient();
      const courseId = await startCourse(p.id, ESK);
      const ids: string[] = [];
      for (const d of [28, 25, 21]) ids.push(await give(p.id, ago(d), esk(84)));
      expectStatus(
        await post(`/courses/${courseId}/phase`, 'psychiatrist', {
          phase: 'maintenance',
          reason: 'Full response after 3 sessions; weekly from now',
        }),
        200,
      );
      await enteredInError(ids[2]);
      const after = await get(`/courses/${courseId}`, 'psychiatrist');
      expect(after.body).toMatchObject({ phase: 'maintenance', sessionCount: 2 });
    });
  });
});
