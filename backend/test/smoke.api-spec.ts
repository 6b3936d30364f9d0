import { bearer, makeWorld, newPatientBody, startApi, type TestApi, type World } from './support/api';

describe('smoke', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
  });
  afterAll(() => api.close());

  it('health', async () => {
    const res = await api.http().get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('creates and reads a patient', async () => {
    const created = await api.http().post('/api/v1/patients').set(bearer(world.tokens.a.psychiatrist)).send(newPatientBody(world.clinicA.id));
    expect(created.status).toBe(201);
    const got = await api.http().get(`/api/v1/patients/${created.body.id}`).set(bearer(world.tokens.a.nurse)).expect(200);
    expect(got.body.mrn).toBe(created.body.mrn);
    await api.http().get(`/api/v1/patients/${created.body.id}`).set(bearer(world.tokens.b.nurse)).expect(404);
  });
});
