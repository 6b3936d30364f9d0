/**
 * (v2) A signal never goes silent (CLINICAL.md s4): a new trigger on an acknowledged critical flag
 * reopens it (history keeps the acknowledgement; board event; board and inbox show it), on an
 * acknowledged warning flag it counts as new evidence until a clinician acknowledges it again.
 */
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  DAY,
  expectError,
  expectStatus,
  isoAt,
  MINUTE,
  phq9Body,
  postObservation,
  postPhq9,
  readyObservation,
  V1,
} from './support/clinical-fixtures';
import { openStream } from './support/stream';

interface FlagBody {
  id: string;
  rule: string;
  status: string;
  severity: string;
  version: number;
  acknowledgedAt: string | null;
  newEvidenceSince: string | null;
  newEvidenceCount: number;
  history: {
    status: string;
    at: string;
    by: string | null;
    byName: string | null;
    note: string | null;
  }[];
  evidence: unknown;
}

describe('flags: a signal never goes silent', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;
  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  async function flagsOf(patientId: string, query = ''): Promise<FlagBody[]> {
    const res = await api
      .http()
      .get(`${V1}/flags?patientId=${patientId}${query}`)
      .set(bearer(nurse));
    expectStatus(res, 200);
    return res.body.items as FlagBody[];
  }

  const acknowledge = (id: string, token: string, note: string) =>
    api.http().post(`${V1}/flags/${id}/acknowledge`).set(bearer(token)).send({ note });

  it('PHQ-9 item 9 "several days", acknowledged after a call, then "nearly every day": the flag is open again, on the board and in the critical inbox', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const items = (item9: number) => [2, 2, 1, 1, 1, 1, 1, 1, item9];
    expectStatus(
      await postPhq9(api, nurse, patient.id, phq9Body(isoAt(Date.now(), -2 * DAY), items(1))),
      201,
    );
    const [raised] = (await flagsOf(patient.id)).filter((f) => f.rule === 'phq9.item9_positive');
    expect(raised).toMatchObject({ status: 'open', severity: 'critical', newEvidenceCount: 0 });
    expect(raised.history.map((h) => h.status)).toEqual(['open']);
    expectStatus(await acknowledge(raised.id, psych, 'Called the patient: passive thoughts'), 200);

    const ticket = await api.http().post(`${V1}/board/tickets`).set(bearer(nurse));
    const stream = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
    try {
      const second = await postPhq9(
        api,
        nurse,
        patient.id,
        phq9Body(isoAt(Date.now(), -MINUTE), items(3), { recall: '24_hours' }),
      );
      expectStatus(second, 201);
      const body = await stream.waitFor((b) => b.includes('"type":"flag"'));
      expect(body).toContain(`"patientId":"${patient.id}"`);

      const flags = (await flagsOf(patient.id)).filter((f) => f.rule === 'phq9.item9_positive');
      expect(flags).toHaveLength(1);
      const [reopened] = flags;
      expect(reopened).toMatchObject({
        id: raised.id,
        status: 'open',
        acknowledgedAt: null,
        newEvidenceCount: 1,
      });
      expect(reopened.newEvidenceSince).not.toBeNull();
      expect(JSON.stringify(reopened.evidence)).toContain(second.body.id);
      expect(reopened.history.map((h) => h.status)).toEqual(['open', 'acknowledged', 'reopened']);
      expect(reopened.history[1]).toMatchObject({
        by: world.users.a.psychiatrist.id,
        byName: world.users.a.psychiatrist.name,
        note: 'Called the patient: passive thoughts',
      });
      expect(reopened.history[2]).toMatchObject({ by: world.users.a.nurse.id });
      expect(reopened.history[2].note).toMatch(/New evidence/);

      // the open-critical inbox and the board's list of patients at home show it
      const inbox = await api
        .http()
        .get(`${V1}/flags?clinicId=${world.clinicA.id}&status=open&severity=critical`)
        .set(bearer(nurse));
      expect((inbox.body.items as FlagBody[]).map((f) => f.id)).toContain(raised.id);
      const board = await api
        .http()
        .get(`${V1}/board?clinicId=${world.clinicA.id}`)
        .set(bearer(nurse));
      expectStatus(board, 200);
      expect(JSON.stringify(board.body)).toContain(raised.id);
    } finally {
      stream.close();
    }

    // acknowledged again: the new-evidence marks clear, the history grows
    const again = await acknowledge(raised.id, psych, 'Seen in clinic today; safety plan');
    expectStatus(again, 200);
    expect(again.body).toMatchObject({
      status: 'acknowledged',
      newEvidenceSince: null,
      newEvidenceCount: 0,
    });
    expect((again.body as FlagBody).history.map((h) => h.status)).toEqual([
      'open',
      'acknowledged',
      'reopened',
      'acknowledged',
    ]);
  });

  it('a warning flag stays acknowledged and says there is new evidence; acknowledging it again clears that', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -45 * MINUTE),
    });
    const at = (minutes: number) => isoAt(session.startedAt, minutes * MINUTE);
    expectStatus(
      await postObservation(
        api,
        nurse,
        session.id,
        readyObservation(at(-5), { systolic: 128, diastolic: 80 }),
      ),
      201,
    );
    expectStatus(
      await postObservation(api, nurse, session.id, readyObservation(at(15), { moaas: 3 })),
      201,
    );
    const [flag] = (await flagsOf(patient.id)).filter((f) => f.rule === 'sedation.moderate');
    expectStatus(await acknowledge(flag.id, nurse, 'Expected at 15 min'), 200);
    // nothing new: acknowledging again is refused
    expectError(await acknowledge(flag.id, nurse, 'again'), 422, /already acknowledged/);

    expectStatus(
      await postObservation(api, nurse, session.id, readyObservation(at(30), { moaas: 2 })),
      201,
    );
    const [marked] = (await flagsOf(patient.id)).filter((f) => f.rule === 'sedation.moderate');
    expect(marked).toMatchObject({ id: flag.id, status: 'acknowledged', newEvidenceCount: 1 });
    expect(marked.newEvidenceSince).not.toBeNull();
    expect(marked.history.map((h) => h.status)).toEqual(['open', 'acknowledged']);

    expectStatus(
      await postObservation(api, nurse, session.id, readyObservation(at(40), { moaas: 3 })),
      201,
    );
    const [twice] = (await flagsOf(patient.id)).filter((f) => f.rule === 'sedation.moderate');
    expect(twice.newEvidenceCount).toBe(2);
    expect(twice.newEvidenceSince).toBe(marked.newEvidenceSince);

    const seen = await acknowledge(flag.id, nurse, 'MOAA/S 2 at 30 min reviewed');
    expectStatus(seen, 200);
    expect(seen.body).toMatchObject({ newEvidenceSince: null, newEvidenceCount: 0 });
  });
});
