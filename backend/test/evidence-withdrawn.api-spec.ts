/**
 * Issue 19, item 1 (API.md "Accounts and administration (v2)", last bullet): entered in error never
 * closes a flag the actor may not resolve. The attack that found it: a nurse may not acknowledge or
 * resolve a misuse.* or tolerance.* flag (403), but marking the record behind it entered in error
 * made the signals engine resolve it in her name. Now the flag stays as it is with
 * `evidenceWithdrawn: true`, a history step naming her, an audit entry and a board event, until a
 * psychiatrist resolves it or a new record raises it again. A psychiatrist's own mark resolves it as
 * before. One scenario per rule family a nurse may not resolve (misuse: reported use, urinary
 * symptoms, craving, session frequency, dose escalation; tolerance; item 9 without a screener).
 */
import type { FlagHistoryStep } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import { openStream } from './support/stream';
import {
  addPhq9,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
  phq9Body,
  postPhq9,
  type Res,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';

interface FlagBody {
  id: string;
  rule: string;
  status: string;
  version: number;
  evidenceWithdrawn: boolean;
  resolvedBy: string | null;
  resolveNote: string | null;
  triggers?: string[];
  message: string;
  history: FlagHistoryStep[];
}

describe('Entered in error never closes a flag the actor may not resolve (issue 19)', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;

  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  async function flagsOf(patientId: string): Promise<FlagBody[]> {
    const res = await api.http().get(`${V1}/flags?patientId=${patientId}`).set(bearer(psych));
    expectStatus(res, 200);
    return res.body.items as FlagBody[];
  }

  const flagOf = async (patientId: string, rule: string): Promise<FlagBody> => {
    const found = (await flagsOf(patientId)).filter((f) => f.rule === rule);
    if (found.length !== 1) throw new Error(`${String(found.length)} ${rule} flags`);
    return found[0];
  };

  const markInError = (path: string, reason: string, token: string): Promise<Res> =>
    api.http().post(`${V1}/${path}/entered-in-error`).set(bearer(token)).send({ reason });

  const act = (flagId: string, action: 'acknowledge' | 'resolve', token: string): Promise<Res> =>
    api
      .http()
      .post(`${V1}/flags/${flagId}/${action}`)
      .set(bearer(token))
      .send({ note: `${action} after review` });

  async function riskEvent(patientId: string, type: string, hoursAgo: number): Promise<string> {
    const res = await api
      .http()
      .post(`${V1}/patients/${patientId}/risk-events`)
      .set(bearer(nurse))
      .send({ type, occurredAt: isoAt(Date.now(), -hoursAgo * HOUR) });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function sideEffect(session: SessionRef, type: string): Promise<string> {
    const res = await api
      .http()
      .post(`${V1}/sessions/${session.id}/side-effects`)
      .set(bearer(nurse))
      .send({ type, severity: 'moderate', onsetAt: isoAt(session.startedAt, 30 * MINUTE) });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  /** A discharged session `daysAgo` days ago (35 mg: 0.5 mg/kg at 70 kg unless told). */
  async function pastSession(
    patient: PatientRef,
    daysAgo: number,
    overrides: Record<string, unknown> = {},
  ): Promise<SessionRef> {
    const session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -daysAgo * DAY),
      ...overrides,
    });
    await dischargeWithOverride(api, psych, session);
    return session;
  }

  /**
   * What the nurse's mark must leave: the flag as it was (status, no resolution) with its evidence
   * withdrawn, a history step naming her with her reason, and an audit entry of the change in her
   * name.
   */
  async function expectWithdrawnByNurse(
    before: FlagBody,
    patientId: string,
    reason: string,
  ): Promise<FlagBody> {
    const after = await flagOf(patientId, before.rule);
    expect(after).toMatchObject({
      id: before.id,
      status: before.status,
      evidenceWithdrawn: true,
      resolvedBy: null,
      version: before.version + 1,
    });
    const step = after.history[after.history.length - 1];
    expect(step).toMatchObject({
      status: 'evidence_withdrawn',
      by: world.users.a.nurse.id,
      byName: world.users.a.nurse.name,
    });
    expect(step?.note).toContain(reason);
    expect(after.history.filter((s) => s.status === 'resolved')).toEqual([]);
    expect(
      await api.ds.getRepository(AuditEntry).countBy({
        resourceType: 'flag',
        resourceId: before.id,
        action: 'update',
        actorId: world.users.a.nurse.id,
      }),
    ).toBe(1);
    return after;
  }

  /** A psychiatrist resolves the flag whose evidence was withdrawn, like any other. */
  async function psychiatristResolves(flag: FlagBody): Promise<void> {
    const res = await act(flag.id, 'resolve', psych);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      status: 'resolved',
      resolvedBy: world.users.a.psychiatrist.id,
      evidenceWithdrawn: true,
    });
  }

  describe('the attack: a nurse marks the risk event or side effect behind a misuse flag', () => {
    it('misuse.reported_use: a nurse may not resolve it, and marking its risk event no longer does; audited, on the board; a psychiatrist resolves it', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const eventId = await riskEvent(patient.id, 'positive_uds', 2);
      const flag = await flagOf(patient.id, 'misuse.reported_use');
      expect(flag).toMatchObject({ status: 'open', evidenceWithdrawn: false });
      expectStatus(await act(flag.id, 'resolve', nurse), 403);

      const ticket = await api.http().post(`${V1}/board/tickets`).set(bearer(psych));
      expectStatus(ticket, 201);
      const stream = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
      try {
        expectStatus(
          await markInError(`risk-events/${eventId}`, 'Result belonged to another patient', nurse),
          200,
        );
        await stream.waitFor((b) => b.includes('"type":"flag"') && b.includes(patient.id));
      } finally {
        stream.close();
      }
      const after = await expectWithdrawnByNurse(
        flag,
        patient.id,
        'Result belonged to another patient',
      );
      expect(
        await api.ds.getRepository(AuditEntry).countBy({
          resourceType: 'risk_event',
          resourceId: eventId,
          action: 'entered_in_error',
          actorId: world.users.a.nurse.id,
        }),
      ).toBe(1);
      // Still a nurse may not close it; a psychiatrist may.
      expectStatus(await act(after.id, 'acknowledge', nurse), 403);
      expectStatus(await act(after.id, 'resolve', nurse), 403);
      await psychiatristResolves(after);
    });

    it('misuse.urinary_symptoms: marking the side effect leaves the flag open', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const session = await pastSession(patient, 2);
      const effectId = await sideEffect(session, 'urinary_symptoms');
      const flag = await flagOf(patient.id, 'misuse.urinary_symptoms');
      expectStatus(await act(flag.id, 'acknowledge', nurse), 403);
      expectStatus(await markInError(`side-effects/${effectId}`, 'Wrong patient', nurse), 200);
      await psychiatristResolves(await expectWithdrawnByNurse(flag, patient.id, 'Wrong patient'));
    });

    it('misuse.craving, acknowledged by a psychiatrist: marking the craving report leaves it acknowledged', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const eventId = await riskEvent(patient.id, 'craving', 3);
      const open = await flagOf(patient.id, 'misuse.craving');
      expectStatus(await act(open.id, 'acknowledge', psych), 200);
      const flag = await flagOf(patient.id, 'misuse.craving');
      expect(flag.status).toBe('acknowledged');
      expectStatus(await markInError(`risk-events/${eventId}`, 'Duplicate entry', nurse), 200);
      await psychiatristResolves(await expectWithdrawnByNurse(flag, patient.id, 'Duplicate entry'));
    });
  });

  describe('the other records behind a flag a nurse may not resolve', () => {
    it('tolerance.diminishing_response: a nurse marking the 24-h PHQ-9 behind it leaves it open; the same mark by a psychiatrist resolves it', async () => {
      // Three sessions 4 days apart, pre-dose PHQ-9 20, 24-h improvement 10 -> 7 -> 4 points.
      async function course(): Promise<{ patient: PatientRef; last24h: string }> {
        const patient = await createPatient(api, psych, world.clinicA.id);
        let last24h = '';
        for (const [index, improvement] of [10, 7, 4].entries()) {
          const session = await pastSession(patient, 14 - index * 4);
          await addPhq9(api, nurse, patient.id, isoAt(session.startedAt, -HOUR), 20, 'two_weeks');
          last24h = (
            await addPhq9(
              api,
              nurse,
              patient.id,
              isoAt(session.startedAt, 24 * HOUR),
              20 - improvement,
            )
          ).id;
        }
        return { patient, last24h };
      }

      const byNurse = await course();
      const flag = await flagOf(byNurse.patient.id, 'tolerance.diminishing_response');
      expectStatus(await act(flag.id, 'resolve', nurse), 403);
      expectStatus(
        await markInError(`phq9/${byNurse.last24h}`, 'Typed into the wrong chart', nurse),
        200,
      );
      await psychiatristResolves(
        await expectWithdrawnByNurse(flag, byNurse.patient.id, 'Typed into the wrong chart'),
      );

      const byPsychiatrist = await course();
      const other = await flagOf(byPsychiatrist.patient.id, 'tolerance.diminishing_response');
      expectStatus(await markInError(`phq9/${byPsychiatrist.last24h}`, 'Wrong chart', psych), 200);
      expect(
        await flagOf(byPsychiatrist.patient.id, 'tolerance.diminishing_response'),
      ).toMatchObject({
        id: other.id,
        status: 'resolved',
        resolvedBy: world.users.a.psychiatrist.id,
        evidenceWithdrawn: false,
      });
    });

    it('misuse.session_frequency and misuse.dose_escalation: their records are sessions, which a nurse may not mark (403, flags untouched); a psychiatrist marking one resolves them', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      // IV sessions follow the built-in IV protocol (CLINICAL.md s8): at most 3 in any 7 days in
      // induction, doses of its plan up to 0.75 mg/kg; the 4th, at 0.8 mg/kg, breaks both.
      await pastSession(patient, 6);
      await pastSession(patient, 4);
      await pastSession(patient, 2);
      const third = await pastSession(patient, 1, { doseMg: 56 }); // 0.8 mg/kg: off the plan
      const frequency = await flagOf(patient.id, 'misuse.session_frequency');
      const escalation = await flagOf(patient.id, 'misuse.dose_escalation');

      expectStatus(await markInError(`sessions/${third.id}`, 'Not given', nurse), 403);
      expect(await flagOf(patient.id, 'misuse.session_frequency')).toEqual(frequency);
      expect(await flagOf(patient.id, 'misuse.dose_escalation')).toEqual(escalation);

      expectStatus(await markInError(`sessions/${third.id}`, 'Not given', psych), 200);
      for (const rule of ['misuse.session_frequency', 'misuse.dose_escalation']) {
        expect(await flagOf(patient.id, rule)).toMatchObject({
          status: 'resolved',
          resolvedBy: world.users.a.psychiatrist.id,
          evidenceWithdrawn: false,
        });
      }
    });

    it('phq9.item9_positive: a nurse marking the PHQ-9 with no C-SSRS screener since leaves it open; after a screener her mark closes it as she could', async () => {
      const item9 = async (): Promise<{ patient: PatientRef; phq9Id: string }> => {
        const patient = await createPatient(api, psych, world.clinicA.id);
        const res = await postPhq9(
          api,
          nurse,
          patient.id,
          phq9Body(isoAt(Date.now(), -2 * HOUR), [1, 1, 1, 1, 1, 1, 1, 1, 1]),
        );
        expectStatus(res, 201);
        return { patient, phq9Id: res.body.id as string };
      };

      const unscreened = await item9();
      const flag = await flagOf(unscreened.patient.id, 'phq9.item9_positive');
      expectStatus(await markInError(`phq9/${unscreened.phq9Id}`, 'Another patient', nurse), 200);
      const after = await expectWithdrawnByNurse(flag, unscreened.patient.id, 'Another patient');
      expect(after.history[after.history.length - 1]?.note).toMatch(/C-SSRS screener/);

      const screened = await item9();
      const screenedFlag = await flagOf(screened.patient.id, 'phq9.item9_positive');
      const screener = await api
        .http()
        .post(`${V1}/patients/${screened.patient.id}/cssrs`)
        .set(bearer(nurse))
        .send({
          administeredAt: isoAt(Date.now(), -HOUR),
          wishDead: false,
          suicidalThoughts: false,
          behavior: false,
        });
      expectStatus(screener, 201);
      expectStatus(await markInError(`phq9/${screened.phq9Id}`, 'Another patient', nurse), 200);
      expect(await flagOf(screened.patient.id, 'phq9.item9_positive')).toMatchObject({
        id: screenedFlag.id,
        status: 'resolved',
        resolvedBy: world.users.a.nurse.id,
        evidenceWithdrawn: false,
      });
    });
  });

  describe("a psychiatrist's mark, and new evidence", () => {
    it("a psychiatrist's own mark still resolves the misuse flag in their name", async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const eventId = await riskEvent(patient.id, 'reported_nonclinic_use', 5);
      const flag = await flagOf(patient.id, 'misuse.reported_use');
      expectStatus(await markInError(`risk-events/${eventId}`, 'Recorded twice', psych), 200);
      const after = await flagOf(patient.id, 'misuse.reported_use');
      expect(after).toMatchObject({
        id: flag.id,
        status: 'resolved',
        resolvedBy: world.users.a.psychiatrist.id,
        evidenceWithdrawn: false,
      });
      expect(after.resolveNote).toMatch(/risk event that raised it was entered in error/);
      expect(after.resolveNote).toContain('Recorded twice');
    });

    it('a new trigger after the evidence was withdrawn makes the same flag live again', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const first = await riskEvent(patient.id, 'positive_uds', 30);
      const flag = await flagOf(patient.id, 'misuse.reported_use');
      expectStatus(await markInError(`risk-events/${first}`, 'Wrong sample', nurse), 200);
      const withdrawn = await expectWithdrawnByNurse(flag, patient.id, 'Wrong sample');

      await riskEvent(patient.id, 'reported_nonclinic_use', 1);
      const live = await flagOf(patient.id, 'misuse.reported_use');
      expect(live).toMatchObject({
        id: flag.id,
        status: 'open',
        evidenceWithdrawn: false,
        version: withdrawn.version + 1,
      });
      expect(live.message).toMatch(/outside the clinic/);
      // Still a psychiatrist's to resolve.
      expectStatus(await act(live.id, 'resolve', nurse), 403);
      expectStatus(await act(live.id, 'resolve', psych), 200);
    });
  });
});
