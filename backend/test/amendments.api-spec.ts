/**
 * Optimistic concurrency on the POST actions of versioned records (API.md: version, ETag,
 * If-Match -> 412) and amendments, never deletes: the entered-in-error mark shown in every history
 * list, honoured by the response, the board and discharge readiness, and the flags it leaves without
 * a cause resolved in the marking user's name.
 */
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Flag } from '../src/flags/flag.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import { openStream } from './support/stream';
import {
  addObservation,
  addPhq9,
  createPatient,
  createSession,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
  phq9Body,
  postObservation,
  postPhq9,
  readyObservation,
  type Res,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';

interface FlagBody {
  id: string;
  rule: string;
  status: string;
  version: number;
  sessionId: string | null;
  resolvedBy: string | null;
  resolveNote: string | null;
}

describe('Optimistic concurrency and entered in error', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;

  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  async function flagsOf(patientId: string): Promise<FlagBody[]> {
    const res = await api.http().get(`${V1}/flags?patientId=${patientId}`).set(bearer(nurse));
    expectStatus(res, 200);
    return res.body.items as FlagBody[];
  }

  const flagOf = async (patientId: string, rule: string): Promise<FlagBody> => {
    const flag = (await flagsOf(patientId)).find((f) => f.rule === rule);
    if (!flag) throw new Error(`no ${rule} flag`);
    return flag;
  };

  /** A session started an hour ago with a normal pre-dose reading. */
  async function monitoredSession(): Promise<{ patient: PatientRef; session: SessionRef }> {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -60 * MINUTE),
    });
    await addObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, -5 * MINUTE), { systolic: 130, diastolic: 80 }),
    );
    return { patient, session };
  }

  const severeReading = (session: SessionRef, minutes: number) =>
    addObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, minutes * MINUTE), {
        systolic: 186,
        diastolic: 104,
      }),
    );

  function markInError(
    path: string,
    reason: string,
    token = psych,
    ifMatch?: string,
  ): Promise<Res> {
    const req = api.http().post(`${V1}/${path}/entered-in-error`).set(bearer(token));
    if (ifMatch !== undefined) void req.set('If-Match', ifMatch);
    return req.send({ reason });
  }

  function act(
    flagId: string,
    action: 'acknowledge' | 'resolve',
    token: string,
    ifMatch?: string,
  ): Promise<Res> {
    const req = api.http().post(`${V1}/flags/${flagId}/${action}`).set(bearer(token));
    if (ifMatch !== undefined) void req.set('If-Match', ifMatch);
    return req.send({ note: `${action} by test` });
  }

  describe('If-Match on flag actions, discharge and a session entered in error', () => {
    it('two clinicians acknowledging the same flag version: one 200, one 412 naming the current version', async () => {
      const { patient, session } = await monitoredSession();
      await severeReading(session, 40);
      const flag = await flagOf(patient.id, 'bp.severe');

      const first = await act(flag.id, 'acknowledge', nurse, `"${flag.version}"`);
      expectStatus(first, 200);
      expect(first.body.version).toBe(flag.version + 1);
      expect(first.headers['etag']).toBe(`"${flag.version + 1}"`);

      const second = await act(flag.id, 'resolve', psych, `"${flag.version}"`);
      expectError(second, 412, new RegExp(`version ${flag.version + 1}\\b`));
      const stored = await api.ds.getRepository(Flag).findOneByOrFail({ id: flag.id });
      expect(stored).toMatchObject({ status: 'acknowledged', version: flag.version + 1 });

      // with the version now shown, the resolve goes through
      const retried = await act(flag.id, 'resolve', psych, `W/"${flag.version + 1}"`);
      expectStatus(retried, 200);
      expect(retried.headers['etag']).toBe(`"${flag.version + 2}"`);
    });

    it('at the same moment, with the same version: exactly one wins', async () => {
      const { patient, session } = await monitoredSession();
      await severeReading(session, 40);
      const flag = await flagOf(patient.id, 'bp.severe');
      const results = await Promise.all([
        act(flag.id, 'acknowledge', nurse, `"${flag.version}"`),
        act(flag.id, 'resolve', psych, `"${flag.version}"`),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const stored = await api.ds.getRepository(Flag).findOneByOrFail({ id: flag.id });
      expect(stored.version).toBe(flag.version + 1);
      const winner = results.find((r) => r.status === 200) as Res;
      expect(stored.status).toBe(winner.body.status);
      // one audit entry for the one change
      expect(
        await api.ds.getRepository(AuditEntry).countBy({
          resourceType: 'flag',
          resourceId: flag.id,
          action: winner.body.status === 'resolved' ? 'resolve' : 'acknowledge',
        }),
      ).toBe(1);
    });

    it('keeps the v1 contract: no If-Match still works and returns the ETag; a malformed one is 400', async () => {
      const { patient, session } = await monitoredSession();
      await severeReading(session, 40);
      const flag = await flagOf(patient.id, 'bp.severe');
      expectError(await act(flag.id, 'acknowledge', nurse, 'version-1'), 400, /If-Match/);
      expectError(await act(flag.id, 'acknowledge', nurse, '"1.5"'), 400, /If-Match/);
      const plain = await act(flag.id, 'acknowledge', nurse);
      expectStatus(plain, 200);
      expect(plain.headers['etag']).toBe(`"${plain.body.version}"`);
      const resolved = await act(flag.id, 'resolve', nurse);
      expectStatus(resolved, 200);
      expect(resolved.body.version).toBe(plain.body.version + 1);
    });

    it('discharge honours If-Match on the session version', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const session = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -3 * HOUR),
      });
      const body = { dischargedAt: isoAt(Date.now(), -MINUTE), overrideReason: 'test: early' };
      const discharge = (ifMatch?: string) => {
        const req = api.http().post(`${V1}/sessions/${session.id}/discharge`).set(bearer(psych));
        if (ifMatch !== undefined) void req.set('If-Match', ifMatch);
        return req.send(body);
      };
      expectError(await discharge(`"${session.version + 7}"`), 412, /version 1\b/);
      expectError(await discharge('abc'), 400, /If-Match/);
      const ok = await discharge(`"${session.version}"`);
      expectStatus(ok, 200);
      expect(ok.body.status).toBe('discharged');
      expect(ok.headers['etag']).toBe(`"${session.version + 1}"`);
    });

    it('a session entered in error is a new version: a stale If-Match is 412, the mark returns the ETag', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const session = await createSession(api, psych, patient.id);
      const stale = await markInError(`sessions/${session.id}`, 'Wrong patient', psych, '"9"');
      expectError(stale, 412, /version 1\b/);
      const got = await api.http().get(`${V1}/sessions/${session.id}`).set(bearer(psych));
      expect(got.body.enteredInError).toBeNull();

      const ok = await markInError(
        `sessions/${session.id}`,
        'Wrong patient',
        psych,
        `"${session.version}"`,
      );
      expectStatus(ok, 200);
      expect(ok.body.version).toBe(session.version + 1);
      expect(ok.headers['etag']).toBe(`"${session.version + 1}"`);
      const after = await api.http().get(`${V1}/sessions/${session.id}`).set(bearer(psych));
      expect(after.headers['etag']).toBe(`"${session.version + 1}"`);
      expect(after.body.enteredInError).toMatchObject({
        reason: 'Wrong patient',
        by: world.users.a.psychiatrist.id,
        byName: world.users.a.psychiatrist.name,
      });
    });
  });

  describe('the mark in the history lists', () => {
    it('keeps marked PHQ-9s, risk events, side effects, sessions and observations, marked with who, when and why', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const session = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -60 * MINUTE),
      });
      const obs = await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, 20 * MINUTE)),
      );
      const kept = await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, 30 * MINUTE)),
      );
      const effect = await api
        .http()
        .post(`${V1}/sessions/${session.id}/side-effects`)
        .set(bearer(nurse))
        .send({ type: 'nausea', severity: 'mild', onsetAt: isoAt(session.startedAt, 25 * MINUTE) });
      expectStatus(effect, 201);
      expect(effect.body.enteredInError).toBeNull();
      const phq9 = await addPhq9(api, psych, patient.id, isoAt(Date.now(), -30 * MINUTE), 9);
      const risk = await api
        .http()
        .post(`${V1}/patients/${patient.id}/risk-events`)
        .set(bearer(psych))
        .send({ type: 'craving', occurredAt: isoAt(Date.now(), -2 * HOUR) });
      expectStatus(risk, 201);

      expectStatus(await markInError(`observations/${String(obs['id'])}`, 'Other bed', nurse), 200);
      expectStatus(
        await markInError(`side-effects/${effect.body.id}`, 'Not this patient', nurse),
        200,
      );
      expectStatus(await markInError(`phq9/${phq9.id}`, 'Wrong chart'), 200);
      expectStatus(await markInError(`risk-events/${risk.body.id}`, 'Duplicate entry'), 200);

      const get = (path: string) => api.http().get(`${V1}/${path}`).set(bearer(psych));
      const nurseMark = (reason: string) => ({
        reason,
        at: expect.any(String),
        by: world.users.a.nurse.id,
        byName: world.users.a.nurse.name,
      });
      const psychMark = (reason: string) => ({
        reason,
        at: expect.any(String),
        by: world.users.a.psychiatrist.id,
        byName: world.users.a.psychiatrist.name,
      });

      const detail = (await get(`sessions/${session.id}`)).body;
      expect(detail.observations.map((o: { id: string }) => o.id)).toEqual([obs['id'], kept['id']]);
      expect(detail.observations[0].enteredInError).toEqual(nurseMark('Other bed'));
      expect(detail.observations[1].enteredInError).toBeNull();
      expect(detail.sideEffects[0].enteredInError).toEqual(nurseMark('Not this patient'));

      const effects = (await get(`patients/${patient.id}/side-effects`)).body.items;
      expect(effects).toEqual([
        expect.objectContaining({
          id: effect.body.id,
          enteredInError: nurseMark('Not this patient'),
        }),
      ]);
      const phq9s = (await get(`patients/${patient.id}/phq9`)).body.items;
      expect(phq9s).toEqual([
        expect.objectContaining({ id: phq9.id, enteredInError: psychMark('Wrong chart') }),
      ]);
      const risks = (await get(`patients/${patient.id}/risk-events`)).body.items;
      expect(risks).toEqual([
        expect.objectContaining({ id: risk.body.id, enteredInError: psychMark('Duplicate entry') }),
      ]);

      expectStatus(
        await markInError(`sessions/${session.id}`, 'Ordered for the wrong patient'),
        200,
      );
      const sessions = (await get(`patients/${patient.id}/sessions`)).body.items;
      expect(sessions).toEqual([
        expect.objectContaining({
          id: session.id,
          enteredInError: psychMark('Ordered for the wrong patient'),
        }),
      ]);
    });
  });

  describe('the maths without them', () => {
    it('the board shows neither a marked reading among the latest values nor a marked session; readiness ignores marked readings', async () => {
      const { session } = await monitoredSession();
      await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, 30 * MINUTE), { systolic: 132, diastolic: 82 }),
      );
      const wrong = await addObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, 45 * MINUTE), {
          systolic: 150,
          diastolic: 95,
          moaas: 2,
        }),
      );
      const board = async () => {
        const res = await api.http().get(`${V1}/board`).set(bearer(nurse));
        expectStatus(res, 200);
        return res.body.items.find((i: { sessionId: string }) => i.sessionId === session.id);
      };
      const readiness = async () =>
        (
          await api
            .http()
            .get(`${V1}/sessions/${session.id}/discharge-readiness`)
            .set(bearer(nurse))
        ).body as { reasons: string[] };
      expect((await board()).latest).toMatchObject({ systolic: 150, moaas: 2 });
      expect((await readiness()).reasons.join(' ')).toMatch(/MOAA\/S|sedat|alert/i);

      expectStatus(
        await markInError(`observations/${String(wrong['id'])}`, 'Other bed', nurse),
        200,
      );
      expect((await board()).latest).toMatchObject({
        systolic: 132,
        moaas: 5,
        minutesSinceDose: 30,
      });
      expect((await readiness()).reasons.join(' ')).not.toMatch(/MOAA\/S|sedat|alert/i);

      expectStatus(await markInError(`sessions/${session.id}`, 'Wrong patient'), 200);
      expect(await board()).toBeUndefined();
      // nothing more is recorded on it
      expectError(
        await postObservation(
          api,
          nurse,
          session.id,
          readyObservation(isoAt(session.startedAt, 50 * MINUTE)),
        ),
        422,
        /entered in error/,
      );
    });

    it('a session entered in error while in progress does not block ordering the next one', async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const wrong = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -30 * MINUTE),
      });
      expectStatus(await markInError(`sessions/${wrong.id}`, 'Ordered on the wrong chart'), 200);
      const next = await createSession(api, psych, patient.id, {
        startedAt: isoAt(Date.now(), -20 * MINUTE),
      });
      expect(next.sessionNumber).toBe(2);
    });
  });

  describe('flags recomputed after a mark', () => {
    it("an item-9 PHQ-9 marked in error resolves its suicidality flag, in the marking user's name, audited", async () => {
      const patient = await createPatient(api, psych, world.clinicA.id);
      const res = await postPhq9(
        api,
        nurse,
        patient.id,
        phq9Body(isoAt(Date.now(), -HOUR), [1, 1, 1, 1, 1, 1, 1, 1, 2]),
      );
      expectStatus(res, 201);
      const flag = await flagOf(patient.id, 'phq9.item9_positive');
      expect(flag.status).toBe('open');

      // The clinic's board hears of the flag's change after the commit.
      const ticket = await api.http().post(`${V1}/board/tickets`).set(bearer(nurse));
      expectStatus(ticket, 201);
      const stream = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
      let streamed: string;
      try {
        expectStatus(await markInError(`phq9/${res.body.id}`, "Another patient's answers"), 200);
        streamed = await stream.waitFor(
          (b) => b.includes('"type":"flag"') && b.includes(patient.id),
        );
      } finally {
        stream.close();
      }
      const flagEvents = streamed
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>)
        .filter((event) => event['type'] === 'flag' && event['patientId'] === patient.id);
      expect(flagEvents).toHaveLength(1);
      const after = await flagOf(patient.id, 'phq9.item9_positive');
      expect(after).toMatchObject({
        status: 'resolved',
        resolvedBy: world.users.a.psychiatrist.id,
        version: flag.version + 1,
      });
      expect(after.resolveNote).toMatch(/PHQ-9 that raised it was entered in error/);
      expect(after.resolveNote).toContain("Another patient's answers");
      const audit = await api.ds
        .getRepository(AuditEntry)
        .findOneBy({ resourceType: 'flag', resourceId: flag.id, action: 'resolve' });
      expect(audit).toMatchObject({ actorId: world.users.a.psychiatrist.id });
      // and it is not raised again by the next evaluation
      await addPhq9(api, nurse, patient.id, isoAt(Date.now(), -10 * MINUTE), 5);
      expect(
        (await flagsOf(patient.id)).filter(
          (f) => f.rule === 'phq9.item9_positive' && f.status !== 'resolved',
        ),
      ).toEqual([]);
    });

    it('a high BP marked in error: the flag stays while another high reading raises it, and resolves with the last', async () => {
      const { patient, session } = await monitoredSession();
      const first = await severeReading(session, 40);
      const second = await severeReading(session, 50);
      const flag = await flagOf(patient.id, 'bp.severe');
      const stored = async () => api.ds.getRepository(Flag).findOneByOrFail({ id: flag.id });
      expect((await stored()).triggers).toEqual(
        expect.arrayContaining([first['id'], second['id']]),
      );

      expectStatus(
        await markInError(`observations/${String(first['id'])}`, 'Cuff on the wrong arm', nurse),
        200,
      );
      let now = await stored();
      expect(now.status).toBe('open');
      expect(now.triggers).toEqual([second['id']]);

      expectStatus(
        await markInError(`observations/${String(second['id'])}`, 'Cuff on the wrong arm', nurse),
        200,
      );
      now = await stored();
      expect(now).toMatchObject({ status: 'resolved', resolvedBy: world.users.a.nurse.id });
      expect(now.note).toMatch(
        /observation that raised it was entered in error \(Cuff on the wrong arm\)/,
      );
      // the session's critical flag no longer blocks discharge
      const readiness = await api
        .http()
        .get(`${V1}/sessions/${session.id}/discharge-readiness`)
        .set(bearer(nurse));
      expect(readiness.body.reasons.join(' ')).not.toMatch(/critical flag/);
    });

    it("a session marked in error drops its flags; the patient's other flags stay", async () => {
      const { patient, session } = await monitoredSession();
      await severeReading(session, 40);
      const item9 = await postPhq9(
        api,
        nurse,
        patient.id,
        phq9Body(isoAt(Date.now(), -2 * HOUR), [0, 0, 0, 0, 0, 0, 0, 0, 1]),
      );
      expectStatus(item9, 201);
      const before = await flagsOf(patient.id);
      const sessionFlags = before.filter(
        (f) => f.sessionId === session.id && f.rule.startsWith('bp.'),
      );
      expect(sessionFlags.map((f) => f.rule).sort()).toEqual(['bp.rise', 'bp.severe']);

      expectStatus(
        await markInError(`sessions/${session.id}`, 'Dose charted on the wrong patient'),
        200,
      );
      const after = await flagsOf(patient.id);
      for (const f of sessionFlags) {
        expect(after.find((a) => a.id === f.id)).toMatchObject({
          status: 'resolved',
          resolvedBy: world.users.a.psychiatrist.id,
          resolveNote: expect.stringContaining('session that raised it was entered in error'),
        });
      }
      expect(after.find((f) => f.rule === 'phq9.item9_positive')?.status).toBe('open');
    });
  });
});
