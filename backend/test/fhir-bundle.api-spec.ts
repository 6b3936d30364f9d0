/**
 * The FHIR export's Bundle is self-contained (R4 "Resolving references in Bundles"): every entry
 * has a unique `urn:uuid:` fullUrl and every reference names one of them, with the expected target
 * type. The export used to write `Patient/<id>`, which resolves to nothing inside a collection
 * whose entries are `urn:uuid:`: a reader could not tell whose Observation it was holding.
 */
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  addObservation,
  addPhq9,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  phq9Body,
  phq9ItemsFor,
  postPhq9,
  readyObservation,
  type SessionRef,
  V1,
} from './support/clinical-fixtures';
import { type BundleLike, bundleReferenceProblems, REFERENCE_TARGETS } from './support/fhir-bundle';

interface Entry {
  fullUrl: string;
  resource: Record<string, unknown> & { resourceType: string; id: string };
}
interface Bundle extends BundleLike {
  entry: Entry[];
}
const refOf = (value: unknown) => (value as { reference?: string } | undefined)?.reference;

describe('FHIR export: references resolve inside the Bundle', () => {
  const { api, world } = useApi();
  let patientId: string;
  let first: SessionRef;
  let second: SessionRef;
  let linkedPhq9: string;
  let baselinePhq9: string;
  let other: { patientId: string; sessionId: string };

  beforeAll(async () => {
    const psy = world.tokens.a.psychiatrist;
    const nurse = world.tokens.a.nurse;
    const now = Date.now();
    const patient = await createPatient(api, psy, world.clinicA.id);
    patientId = patient.id;
    baselinePhq9 = (await addPhq9(api, psy, patientId, isoAt(now, -4 * DAY), 19, 'two_weeks')).id;

    // Session 1: vitals (a severe BP raises a flag), two side effects, discharged; a PHQ-9 the
    // next day linked to it.
    first = await createSession(api, psy, patientId, { startedAt: isoAt(now, -3 * DAY) });
    await addObservation(
      api,
      nurse,
      first.id,
      readyObservation(isoAt(first.startedAt, 40 * MINUTE), { systolic: 186, diastolic: 104 }),
    );
    await addObservation(api, nurse, first.id, {
      recordedAt: isoAt(first.startedAt, 60 * MINUTE),
      heartRate: 88,
    });
    for (const body of [
      { type: 'nausea', severity: 'moderate', onsetAt: isoAt(first.startedAt, 30 * MINUTE) },
      {
        type: 'other',
        severity: 'mild',
        onsetAt: isoAt(first.startedAt, 45 * MINUTE),
        serious: true,
        seriousCriterion: 'life_threatening',
      },
    ]) {
      expectStatus(
        await api
          .http()
          .post(`${V1}/sessions/${first.id}/side-effects`)
          .set(bearer(nurse))
          .send(body),
        201,
      );
    }
    await dischargeWithOverride(api, psy, first, isoAt(first.startedAt, 2 * HOUR));
    const linked = await postPhq9(
      api,
      psy,
      patientId,
      phq9Body(isoAt(first.startedAt, DAY), phq9ItemsFor(12), {
        recall: '24_hours',
        sessionId: first.id,
      }),
    );
    expectStatus(linked, 201);
    linkedPhq9 = (linked.body as { id: string }).id;

    // Session 2: one observation, then the session is entered in error (still exported).
    second = await createSession(api, psy, patientId, { startedAt: isoAt(now, -30 * MINUTE) });
    await addObservation(
      api,
      nurse,
      second.id,
      readyObservation(isoAt(second.startedAt, 10 * MINUTE)),
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/sessions/${second.id}/entered-in-error`)
        .set(bearer(psy))
        .send({ reason: 'Wrong patient' }),
      200,
    );

    // Another patient of the same clinic: none of their records may enter the Bundle.
    const someoneElse = await createPatient(api, psy, world.clinicA.id);
    const theirSession = await createSession(api, psy, someoneElse.id, {
      startedAt: isoAt(now, -2 * HOUR),
    });
    await addPhq9(api, psy, someoneElse.id, isoAt(now, -DAY), 15, 'two_weeks');
    other = { patientId: someoneElse.id, sessionId: theirSession.id };
  });

  const exportBundle = async (): Promise<Bundle> => {
    const res = await api
      .http()
      .get(`${V1}/patients/${patientId}/fhir`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(res, 200);
    return JSON.parse(res.text) as Bundle;
  };

  it('gives every entry a unique urn:uuid fullUrl and resolves every reference to one', async () => {
    const bundle = await exportBundle();
    const { problems, references } = bundleReferenceProblems(bundle);
    expect(problems).toEqual([]);
    // Every kind of reference the export writes was checked here, not just some.
    expect([...new Set(references.map((r) => r.path))].sort()).toEqual(
      Object.keys(REFERENCE_TARGETS).sort(),
    );
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(bundle.entry.length);
  });

  it('points each reference at the right entry', async () => {
    const bundle = await exportBundle();
    const patients = bundle.entry.filter((e) => e.resource.resourceType === 'Patient');
    expect(patients.map((e) => e.fullUrl)).toEqual([`urn:uuid:${patientId}`]);
    for (const { resource } of bundle.entry.filter((e) => e.resource.resourceType !== 'Patient')) {
      expect([resource.resourceType, refOf(resource['subject'])]).toEqual([
        resource.resourceType,
        `urn:uuid:${patientId}`,
      ]);
    }
    const byId = new Map(bundle.entry.map((e) => [e.resource.id, e.resource]));
    const partOf = (id: string) => (byId.get(id)?.['partOf'] as unknown[] | undefined)?.map(refOf);
    expect(partOf(linkedPhq9)).toEqual([`urn:uuid:${first.id}`]);
    expect(byId.get(baselinePhq9)).toBeDefined();
    expect(partOf(baselinePhq9)).toBeUndefined();

    const of = (type: string) =>
      bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
    const vitals = of('Observation').filter(
      (o) => o['id'] !== linkedPhq9 && o['id'] !== baselinePhq9,
    );
    const sessionsOfVitals = vitals.map((o) => partOf(o.id)?.[0]);
    // Session 1: BP panel, heart rate x2, SpO2, respiratory rate; session 2: four more.
    expect(sessionsOfVitals.filter((r) => r === `urn:uuid:${first.id}`)).toHaveLength(5);
    expect(sessionsOfVitals.filter((r) => r === `urn:uuid:${second.id}`)).toHaveLength(4);
    expect(byId.get(second.id)?.['status']).toBe('entered-in-error');

    const events = of('AdverseEvent');
    expect(events).toHaveLength(2);
    for (const event of events) {
      const suspects = event['suspectEntity'] as { instance: unknown }[];
      expect(suspects.map((s) => refOf(s.instance))).toEqual([`urn:uuid:${first.id}`]);
    }
    expect(of('Flag').length).toBeGreaterThan(0); // bp.severe at 40 minutes
  });

  it("holds none of another patient's records", async () => {
    const text = JSON.stringify(await exportBundle());
    expect(text).not.toContain(other.patientId);
    expect(text).not.toContain(other.sessionId);
  });

  it('the resolver is not a no-op: it refuses `Patient/<id>` and a repeated fullUrl', async () => {
    const bundle = await exportBundle();
    const observation = bundle.entry.find((e) => e.resource.resourceType === 'Observation');
    if (!observation) throw new Error('no Observation exported');
    const broken: Bundle = {
      entry: [
        ...bundle.entry.filter((e) => e !== observation),
        {
          fullUrl: observation.fullUrl,
          resource: { ...observation.resource, subject: { reference: `Patient/${patientId}` } },
        },
        ...bundle.entry.slice(0, 1), // the Patient entry again
      ],
    };
    const { problems } = bundleReferenceProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Observation\.subject: "Patient\/.*" resolves to no entry/),
        expect.stringMatching(/is not unique/),
      ]),
    );
  });
});
