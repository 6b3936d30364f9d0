/**
 * Issue 20, item 2: item 9 can never be lost. `phq9.item9_unanswered` (CLINICAL.md s4 v2: warning,
 * suicidality, per patient) through the HTTP API, beyond v2-rules.api-spec.ts (raised or not):
 * - a later PHQ-9 the same day with item 9 answered does not clear it: it stays for a clinician's
 *   review, and a nurse may resolve it (docs/decisions.md, "Item 9 can never be lost");
 * - the PHQ-9 behind it entered in error closes it (evidence withdrawn, as for the other flags);
 *   with a second unanswered PHQ-9 still in force it stays, on that one alone;
 * - a signal never goes silent: an acknowledged flag counts a new unanswered PHQ-9 as new evidence;
 *   after a resolution, a new one raises a new flag.
 */
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  createPatient,
  expectStatus,
  HOUR,
  isoAt,
  phq9Body,
  postPhq9,
  type Res,
  V1,
} from './support/clinical-fixtures';

const RULE = 'phq9.item9_unanswered';

interface FlagBody {
  id: string;
  rule: string;
  category: string;
  severity: string;
  status: string;
  message: string;
  resolvedBy: string | null;
  newEvidenceCount: number;
  evidence: { phq9?: { id: string; item9: number | null }[] };
}

/** Eight items answered 1, item 9 as given. */
const withItem9 = (item9: number | null): (number | null)[] => [1, 1, 1, 1, 1, 1, 1, 1, item9];

describe('phq9.item9_unanswered: item 9 can never be lost (issue 20)', () => {
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

  async function flagsOf(patientId: string, rule = RULE): Promise<FlagBody[]> {
    const res = await api.http().get(`${V1}/flags?patientId=${patientId}`).set(bearer(psych));
    expectStatus(res, 200);
    return (res.body.items as FlagBody[]).filter((f) => f.rule === rule);
  }

  async function phq9(patientId: string, hoursAgo: number, item9: number | null): Promise<string> {
    const res = await postPhq9(
      api,
      nurse,
      patientId,
      phq9Body(isoAt(Date.now(), -hoursAgo * HOUR), withItem9(item9)),
    );
    expectStatus(res, 201);
    return (res.body as { id: string }).id;
  }

  const act = (flagId: string, action: 'acknowledge' | 'resolve', token: string): Promise<Res> =>
    api.http().post(`${V1}/flags/${flagId}/${action}`).set(bearer(token)).send({ note: 'Asked' });

  const markInError = (phq9Id: string, token: string): Promise<Res> =>
    api
      .http()
      .post(`${V1}/phq9/${phq9Id}/entered-in-error`)
      .set(bearer(token))
      .send({ reason: 'Entered on the wrong chart' });

  const evidenceIds = (flag: FlagBody): string[] => (flag.evidence.phq9 ?? []).map((p) => p.id);

  it('a later PHQ-9 the same day with item 9 answered leaves the flag open for review; a nurse resolves it', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const blank = await phq9(patient.id, 3, null);
    const [raised] = await flagsOf(patient.id);
    expect(raised).toMatchObject({ status: 'open', severity: 'warning', category: 'suicidality' });

    await phq9(patient.id, 1, 0);
    const [after] = await flagsOf(patient.id);
    expect(after).toMatchObject({ id: raised.id, status: 'open' });
    expect(evidenceIds(after)).toEqual([blank]);
    expect(await flagsOf(patient.id, 'phq9.item9_positive')).toEqual([]);

    const resolved = await act(raised.id, 'resolve', nurse);
    expectStatus(resolved, 200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: expect.any(String) });
  });

  it('a later answer above 0 raises item9_positive beside it: the unanswered flag does not hide it', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    await phq9(patient.id, 3, null);
    await phq9(patient.id, 1, 2);
    expect(await flagsOf(patient.id)).toHaveLength(1);
    expect(await flagsOf(patient.id, 'phq9.item9_positive')).toMatchObject([
      { status: 'open', severity: 'critical' },
    ]);
  });

  it('the PHQ-9 behind it entered in error closes it; with another unanswered PHQ-9 it stays on that one', async () => {
    const single = await createPatient(api, psych, world.clinicA.id);
    const only = await phq9(single.id, 2, null);
    expect(await flagsOf(single.id)).toMatchObject([{ status: 'open' }]);
    expectStatus(await markInError(only, nurse), 200);
    // Closed in the name of the one who marked it (she may resolve this rule).
    expect(await flagsOf(single.id)).toMatchObject([
      { status: 'resolved', resolvedBy: expect.any(String) },
    ]);

    const two = await createPatient(api, psych, world.clinicA.id);
    const first = await phq9(two.id, 30, null);
    const second = await phq9(two.id, 2, null);
    const [flag] = await flagsOf(two.id);
    expect(evidenceIds(flag).sort()).toEqual([first, second].sort());
    expectStatus(await markInError(second, psych), 200);
    const [kept] = await flagsOf(two.id);
    expect(kept).toMatchObject({ id: flag.id, status: 'open' });
    expect(evidenceIds(kept)).toEqual([first]);
  });

  it('never goes silent: acknowledged, a new unanswered PHQ-9 is new evidence; resolved, it raises a new flag', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    await phq9(patient.id, 50, null);
    const [flag] = await flagsOf(patient.id);
    expectStatus(await act(flag.id, 'acknowledge', nurse), 200);

    const next = await phq9(patient.id, 26, null);
    const [marked] = await flagsOf(patient.id);
    expect(marked).toMatchObject({ id: flag.id, status: 'acknowledged', newEvidenceCount: 1 });
    expect(evidenceIds(marked)).toContain(next);
    expect(marked.message).toMatch(/2 PHQ-9s with item 9 not answered in all$/);

    expectStatus(await act(flag.id, 'resolve', nurse), 200);
    const latest = await phq9(patient.id, 0.25, null);
    const flags = await flagsOf(patient.id);
    expect(flags.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    const fresh = flags.find((f) => f.status === 'open');
    expect(fresh?.id).not.toBe(flag.id);
    expect(evidenceIds(fresh as FlagBody)).toContain(latest);
  });
});
