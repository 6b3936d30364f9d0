import { bearer, newPatientBody } from './support/api';
import { useApi } from './support/use-api';

describe('audit log, clinics, users, health and OpenAPI', () => {
  const { api, world } = useApi();
  let patientA: string;
  let patientAName: string;
  beforeAll(async () => {
    const p = await api
      .http()
      .post('/api/v1/patients')
      .set(bearer(world.tokens.a.psychiatrist))
      .send(newPatientBody(world.clinicA.id))
      .expect(201);
    patientA = p.body.id;
    patientAName = `${p.body.familyName as string}, ${p.body.givenName as string}`;
    await api
      .http()
      .get(`/api/v1/patients/${patientA}`)
      .set(bearer(world.tokens.a.nurse))
      .expect(200);
  });

  it("a manager sees their clinic's entries with the fields of API.md, newest first", async () => {
    const res = await api
      .http()
      .get(`/api/v1/audit?patientId=${patientA}`)
      .set(bearer(world.tokens.a.manager))
      .expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actorId: world.users.a.nurse.id,
      actorRole: 'nurse',
      action: 'read',
      resourceType: 'patient',
      resourceId: patientA,
      patientId: patientA,
      clinicId: world.clinicA.id,
      ip: expect.any(String),
      outcome: 'success',
      details: null,
      // (v2, issue 20) names for the manager; no page view (no X-View-Id sent)
      actorName: world.users.a.nurse.name,
      patientName: patientAName,
      viewId: null,
    });
    expect(res.body.items[1]).toMatchObject({
      action: 'create',
      actorId: world.users.a.psychiatrist.id,
    });
  });

  it('a manager of another clinic sees none of them, and asking for that clinic is a 404', async () => {
    const res = await api
      .http()
      .get(`/api/v1/audit?patientId=${patientA}`)
      .set(bearer(world.tokens.b.manager))
      .expect(200);
    expect(res.body.total).toBe(0);
    await api
      .http()
      .get(`/api/v1/audit?clinicId=${world.clinicA.id}`)
      .set(bearer(world.tokens.b.manager))
      .expect(404);
  });

  it('filters by actor and time, and an admin sees every clinic and the logins', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await api
      .http()
      .get(`/api/v1/audit?actorId=${world.users.a.nurse.id}&from=${since}`)
      .set(bearer(world.tokens.a.admin))
      .expect(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['read', 'login']),
    );
    const future = await api
      .http()
      .get(`/api/v1/audit?from=2199-01-01T00:00:00Z`)
      .set(bearer(world.tokens.a.admin))
      .expect(200);
    expect(future.body.total).toBe(0);
    await api
      .http()
      .get('/api/v1/audit?from=yesterday')
      .set(bearer(world.tokens.a.admin))
      .expect(400);
  });

  it('admins create clinics and users; users never carry password fields', async () => {
    const admin = bearer(world.tokens.a.admin);
    const clinic = await api
      .http()
      .post('/api/v1/clinics')
      .set(admin)
      .send({ name: 'Lakeside Clinic', timezone: 'Europe/London' })
      .expect(201);
    expect(clinic.body).toEqual({
      id: expect.any(String),
      name: 'Lakeside Clinic',
      timezone: 'Europe/London',
    });
    await api
      .http()
      .post('/api/v1/clinics')
      .set(admin)
      .send({ name: 'Bad', timezone: 'Mars/Olympus' })
      .expect(400);
    const email = `new-${Date.now()}@test.example`;
    const user = await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email,
        name: 'New Nurse',
        role: 'nurse',
        password: 'a-long-password!',
        clinicIds: [clinic.body.id],
      })
      .expect(201);
    expect(user.body).toEqual({
      id: expect.any(String),
      email,
      name: 'New Nurse',
      role: 'nurse',
      clinicIds: [clinic.body.id],
      disabledAt: null,
      version: 1,
    });
    await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email,
        name: 'Dup',
        role: 'nurse',
        password: 'a-long-password!',
        clinicIds: [clinic.body.id],
      })
      .expect(409);
    const short = await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email: 'x@test.example',
        name: 'Short',
        role: 'nurse',
        password: 'short',
        clinicIds: [clinic.body.id],
      })
      .expect(400);
    expect(JSON.stringify(short.body.message)).toContain('password must be at least 12 characters');
    // A password on the bundled breached list (OWASP SecLists) is refused, in any letter case.
    const breached = await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email: 'breached@test.example',
        name: 'Breached',
        role: 'nurse',
        password: '1QAZ2WSX3EDC',
        clinicIds: [clinic.body.id],
      })
      .expect(400);
    expect(breached.body.message).toEqual([
      'password appears in a list of breached passwords; choose another',
    ]);
    await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email: 'y@test.example',
        name: 'No clinic',
        role: 'nurse',
        password: 'a-long-password!',
        clinicIds: [],
      })
      .expect(400);
    await api
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        email: 'z@test.example',
        name: 'Ghost',
        role: 'nurse',
        password: 'a-long-password!',
        clinicIds: ['00000000-0000-4000-8000-000000000000'],
      })
      .expect(400);
    const list = await api.http().get('/api/v1/users?limit=200').set(admin).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/password/i);
  });

  it("lists only the user's clinics, and every clinic for an admin", async () => {
    const mine = await api
      .http()
      .get('/api/v1/clinics')
      .set(bearer(world.tokens.a.nurse))
      .expect(200);
    expect(mine.body).toEqual({
      items: [expect.objectContaining({ id: world.clinicA.id })],
      total: 1,
    });
    const all = await api
      .http()
      .get('/api/v1/clinics?limit=200')
      .set(bearer(world.tokens.a.admin))
      .expect(200);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([world.clinicA.id, world.clinicB.id]),
    );
  });

  it('health names the database, OpenAPI is served, unknown routes answer in the error shape', async () => {
    const health = await api.http().get('/api/v1/health').expect(200);
    expect(health.body).toEqual({ status: 'ok', database: api.config.database.kind });
    const doc = await api.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/patients/{id}/response');
    const missing = await api
      .http()
      .get('/api/v1/nothing-here')
      .set(bearer(world.tokens.a.nurse))
      .expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('marks patient data as not cacheable', async () => {
    const res = await api
      .http()
      .get(`/api/v1/patients/${patientA}`)
      .set(bearer(world.tokens.a.nurse))
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
