import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Patient } from '../src/patients/patient.entity';
import { bearer, newPatientBody } from './support/api';
import { useApi } from './support/use-api';

describe('patients', () => {
  const { api, world } = useApi();
  let psych: { Authorization: string };
  beforeAll(() => {
    psych = bearer(world.tokens.a.psychiatrist);
  });

  const create = (body: Record<string, unknown>) =>
    api.http().post('/api/v1/patients').set(psych).send(body);

  it('creates a patient with the full shape, an ETag and an audit entry in the same transaction', async () => {
    const body = newPatientBody(world.clinicA.id, { weightKg: 72.5, sex: 'other' });
    const res = await create(body).expect(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clinicId: world.clinicA.id,
      mrn: body['mrn'],
      givenName: 'Test',
      familyName: body['familyName'],
      birthDate: '1980-04-12',
      sex: 'other',
      weightKg: 72.5,
      email: null,
      phone: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const audit = await api.ds
      .getRepository(AuditEntry)
      .find({ where: { patientId: res.body.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'create',
      resourceType: 'patient',
      actorId: world.users.a.psychiatrist.id,
      actorRole: 'psychiatrist',
      clinicId: world.clinicA.id,
      outcome: 'success',
    });
  });

  it('answers 409 for an MRN already used in the clinic, but allows it in another clinic', async () => {
    const body = newPatientBody(world.clinicA.id);
    await create(body).expect(201);
    const dup = await create({ ...body, familyName: 'Other' }).expect(409);
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await api
      .http()
      .post('/api/v1/patients')
      .set(bearer(world.tokens.b.psychiatrist))
      .send({ ...body, clinicId: world.clinicB.id })
      .expect(201);
  });

  it.each([
    ['clinicId', { clinicId: 'not-a-uuid' }],
    ['mrn', { mrn: '' }],
    ['mrn', { mrn: 'x'.repeat(65) }],
    ['mrn', { mrn: '<script>' }],
    ['givenName', { givenName: '' }],
    ['givenName', { givenName: 42 }],
    ['familyName', { familyName: 'x'.repeat(101) }],
    ['birthDate', { birthDate: '1980-02-30' }],
    ['birthDate', { birthDate: '12/04/1980' }],
    ['birthDate', { birthDate: '2999-01-01' }],
    ['birthDate', { birthDate: '1899-12-31' }],
    ['sex', { sex: 'f' }],
    ['weightKg', { weightKg: 19.9 }],
    ['weightKg', { weightKg: 400.1 }],
    ['weightKg', { weightKg: '70' }],
    ['nickname', { nickname: 'x' }],
  ])('rejects a bad %s with a 400 naming it, and writes nothing', async (field, override) => {
    const before = await api.ds.getRepository(Patient).count();
    const res = await create(newPatientBody(world.clinicA.id, override)).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await api.ds.getRepository(Patient).count()).toBe(before);
  });

  it('rejects a missing required field', async () => {
    const body = newPatientBody(world.clinicA.id);
    delete body['birthDate'];
    const res = await create(body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain('birthDate');
  });

  it('lists by family name with search (name or MRN, case-insensitive) and pagination', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    for (const [given, family, mrn] of [
      ['Ana', `${tag}alpha`, `${tag}-1`],
      ['Ben', `${tag}beta`, `${tag}-2`],
      ['Cy', `${tag}gamma`, `${tag}-3`],
    ] as const) {
      await create(
        newPatientBody(world.clinicA.id, { givenName: given, familyName: family, mrn }),
      ).expect(201);
    }
    const all = await api
      .http()
      .get(`/api/v1/patients?search=${tag.toLowerCase()}`)
      .set(psych)
      .expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((p: { givenName: string }) => p.givenName)).toEqual([
      'Ana',
      'Ben',
      'Cy',
    ]);
    const paged = await api
      .http()
      .get(`/api/v1/patients?search=${tag}&limit=2&offset=2`)
      .set(psych)
      .expect(200);
    expect(paged.body).toMatchObject({
      total: 3,
      items: [expect.objectContaining({ givenName: 'Cy' })],
    });
    const byMrn = await api
      .http()
      .get(`/api/v1/patients?search=${tag}-2`)
      .set(bearer(world.tokens.a.nurse))
      .expect(200);
    expect(byMrn.body.items).toHaveLength(1);
    const wildcard = await api.http().get('/api/v1/patients?search=%25').set(psych).expect(200);
    expect(wildcard.body.total).toBe(0);
    // each listed patient is audited as a search by the reader
    const audit = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'search', actorId: world.users.a.nurse.id } });
    expect(audit).toBe(1);
  });

  it.each([
    ['limit=0'],
    ['limit=201'],
    ['limit=abc'],
    ['offset=-1'],
    ['clinicId=nope'],
    ['unknown=1'],
  ])('rejects the query %s with 400', async (query) => {
    await api.http().get(`/api/v1/patients?${query}`).set(psych).expect(400);
  });

  it('updates with If-Match: 428 without it, 412 when stale, version and ETag advance, audited', async () => {
    const created = await create(newPatientBody(world.clinicA.id)).expect(201);
    const url = `/api/v1/patients/${created.body.id}`;
    await api.http().patch(url).set(psych).send({ weightKg: 80 }).expect(428);
    await api
      .http()
      .patch(url)
      .set(psych)
      .set('If-Match', 'garbage')
      .send({ weightKg: 80 })
      .expect(400);
    const ok = await api
      .http()
      .patch(url)
      .set(psych)
      .set('If-Match', '"1"')
      .send({ weightKg: 80, familyName: 'Renamed' })
      .expect(200);
    expect(ok.body).toMatchObject({ weightKg: 80, familyName: 'Renamed', version: 2 });
    expect(ok.headers['etag']).toBe('"2"');
    const stale = await api
      .http()
      .patch(url)
      .set(psych)
      .set('If-Match', '"1"')
      .send({ weightKg: 81 })
      .expect(412);
    expect(stale.body).toMatchObject({ statusCode: 412, error: 'Precondition Failed' });
    const got = await api.http().get(url).set(psych).expect(200);
    expect(got.body.weightKg).toBe(80);
    const search = await api.http().get('/api/v1/patients?search=renamed').set(psych).expect(200);
    expect(search.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    const updates = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { patientId: created.body.id, action: 'update' } });
    expect(updates).toBe(1);
  });

  it('refuses an unknown field and a clinicId change on PATCH', async () => {
    const created = await create(newPatientBody(world.clinicA.id)).expect(201);
    await api
      .http()
      .patch(`/api/v1/patients/${created.body.id}`)
      .set(psych)
      .set('If-Match', '"1"')
      .send({ clinicId: world.clinicB.id })
      .expect(400);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await api
      .http()
      .get('/api/v1/patients/00000000-0000-4000-8000-000000000000')
      .set(psych)
      .expect(404);
    const res = await api.http().get('/api/v1/patients/123').set(psych).expect(400);
    expect(res.body.message).toEqual(['id must be a UUID']);
  });

  it('audits reads of a patient record', async () => {
    const created = await create(newPatientBody(world.clinicA.id)).expect(201);
    await api
      .http()
      .get(`/api/v1/patients/${created.body.id}`)
      .set(bearer(world.tokens.a.manager))
      .expect(200);
    const reads = await api.ds
      .getRepository(AuditEntry)
      .find({ where: { patientId: created.body.id, action: 'read' } });
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorId: world.users.a.manager.id,
      actorRole: 'manager',
      resourceType: 'patient',
    });
  });
});
