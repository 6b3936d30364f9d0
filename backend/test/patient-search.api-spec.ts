/**
 * Issue 20 item 9: the list shows "Marlow, Dora", so a search typed that way (or "dora marlow",
 * "marlow dora", any case) finds her; POST /patients/search takes the term in the body so a name
 * never travels in a URL, and answers exactly as the GET list does.
 */
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { bearer, makeClinic, makeUser, login, startApi, type TestApi } from './support/api';

describe('patient search by "family, given" and "given family"', () => {
  let api: TestApi;
  let clinicId: string;
  let otherClinicId: string;
  let token: string;
  let nurseId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    const clinic = await makeClinic(api.ds);
    const other = await makeClinic(api.ds);
    clinicId = clinic.id;
    otherClinicId = other.id;
    const psychiatrist = await makeUser(api.ds, 'psychiatrist', [clinicId]);
    const nurse = await makeUser(api.ds, 'nurse', [clinicId]);
    nurseId = nurse.id;
    const psychToken = await login(api, psychiatrist.email);
    token = await login(api, nurse.email);
    const people: [string, string, string][] = [
      ['dora', 'Dora', 'Marlow'],
      ['doreen', 'Doreen', 'Marlowe'],
      ['mark', 'Mark', 'Dorado'],
      ['ann', 'Ann', 'Marlow'],
    ];
    for (const [key, givenName, familyName] of people) {
      const res = await api
        .http()
        .post('/api/v1/patients')
        .set(bearer(psychToken))
        .send({
          clinicId,
          mrn: `SR-${key}`,
          givenName,
          familyName,
          birthDate: '1980-04-12',
          sex: 'female',
        });
      expect(res.status).toBe(201);
      ids[key] = res.body.id as string;
    }
  });
  afterAll(() => api.close());

  const viaPost = async (search: string): Promise<string[]> => {
    const res = await api
      .http()
      .post('/api/v1/patients/search')
      .set(bearer(token))
      .send({ clinicId, search, limit: 50 });
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((p) => p.id).sort();
  };
  const viaGet = async (search: string): Promise<string[]> => {
    const res = await api
      .http()
      .get('/api/v1/patients')
      .query({ clinicId, search, limit: 50 })
      .set(bearer(token));
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((p) => p.id).sort();
  };
  const only = (...keys: string[]) => keys.map((k) => ids[k]).sort();

  it.each([
    ['Marlow, Dora', ['dora']],
    ['marlow dora', ['dora']],
    ['Dora Marlow', ['dora']],
    ['MARLOW,DORA', ['dora']],
    ['  marlow ,  dora  ', ['dora']],
    ['Marlow, D', ['dora', 'doreen']],
    ['marlow', ['dora', 'doreen', 'ann']],
    ['dor', ['dora', 'doreen', 'mark']],
    ['Marlow, Mark', []],
    ['SR-ann', ['ann']],
    ['Marlow SR-dora', ['dora']],
  ])('%p finds exactly its patients (POST and GET alike)', async (term, keys) => {
    expect(await viaPost(term)).toEqual(only(...keys));
    expect(await viaGet(term)).toEqual(only(...keys));
  });

  it('pages and counts like the list, and audits each listed patient as a search', async () => {
    const before = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'search', actorId: nurseId } });
    const res = await api
      .http()
      .post('/api/v1/patients/search')
      .set(bearer(token))
      .send({ clinicId, search: 'marlow', limit: 2, offset: 1 });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    // ordered by family then given name: Marlow Ann, Marlow Dora, Marlowe Doreen
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([ids['dora'], ids['doreen']]);
    const after = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'search', actorId: nurseId } });
    expect(after - before).toBe(2);
  });

  it('refuses a bad body naming the field, and another clinic as not found', async () => {
    const bad = await api
      .http()
      .post('/api/v1/patients/search')
      .set(bearer(token))
      .send({ clinicId, search: 'x'.repeat(101) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/search/);
    const limit = await api
      .http()
      .post('/api/v1/patients/search')
      .set(bearer(token))
      .send({ clinicId, limit: 'ten' });
    expect(limit.status).toBe(400);
    expect(JSON.stringify(limit.body.message)).toMatch(/limit/);
    const foreign = await api
      .http()
      .post('/api/v1/patients/search')
      .set(bearer(token))
      .send({ clinicId: otherClinicId, search: 'marlow' });
    expect(foreign.status).toBe(404);
  });
});
