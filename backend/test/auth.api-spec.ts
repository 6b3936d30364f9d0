import { AuthSession } from '../src/auth/auth-session.entity';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import {
  bearer,
  login,
  makeClinic,
  makeUser,
  PASSWORD,
  startApi,
  type TestApi,
} from './support/api';

describe('sign-in, sessions and throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ loginMaxFailuresPerAccount: 5, loginMaxFailuresPerAddress: 100_000 });
  });
  afterAll(() => api.close());

  it('logs in, returns the user without any password field, and /auth/me answers with the token', async () => {
    const clinic = await makeClinic(api.ds);
    const user = await makeUser(api.ds, 'nurse', [clinic.id]);
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(res.body.idleTimeoutSeconds).toBe(15 * 60);
    expect(res.body.user).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: 'nurse',
      clinicIds: [clinic.id],
      disabledAt: null,
      version: 1,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const me = await api.http().get('/api/v1/auth/me').set(bearer(res.body.token)).expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it('stores only a hash of the token', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    const token = await login(api, user.email);
    const sessions = await api.ds.getRepository(AuthSession).find({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sessions[0]?.tokenHash).not.toContain(token);
  });

  it('gives the same 401 for an unknown email and a wrong password, and audits both', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    const unknown = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody-at-all@test.example', password: PASSWORD })
      .expect(401);
    const wrong = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'wrong-password' })
      .expect(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Email or password is incorrect',
    });
    const failures = await api.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'login_failed', actorId: user.id } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ resourceType: 'user', outcome: 'failure' });
  });

  it('audits a login with actor, role and address', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    await login(api, user.email);
    const entries = await api.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'login', actorId: user.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorRole: 'admin',
      outcome: 'success',
      resourceId: user.id,
    });
    expect(entries[0]?.ip).toBeTruthy();
  });

  it('rejects malformed, unknown and missing tokens with 401', async () => {
    await api.http().get('/api/v1/auth/me').expect(401);
    await api.http().get('/api/v1/auth/me').set('Authorization', 'Bearer short').expect(401);
    await api
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${'x'.repeat(43)}`)
      .expect(401);
    await api.http().get('/api/v1/auth/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
  });

  it('revokes the token on logout', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    const token = await login(api, user.email);
    await api.http().post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await api.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .count({ where: { action: 'logout', actorId: user.id } }),
    ).toBe(1);
  });

  it('ends a session idle for 15 minutes, and each request slides the idle timeout', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    const token = await login(api, user.email);
    const repo = api.ds.getRepository(AuthSession);
    await repo.update({ userId: user.id }, { lastSeenAt: new Date(Date.now() - 14 * 60_000) });
    await api.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const slid = await repo.findOneByOrFail({ userId: user.id });
    expect(Date.now() - slid.lastSeenAt.getTime()).toBeLessThan(60_000);
    await repo.update(
      { userId: user.id },
      { lastSeenAt: new Date(Date.now() - 15 * 60_000 - 1000) },
    );
    await api.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('ends a session after its absolute lifetime whatever the activity', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    const token = await login(api, user.email);
    await api.ds
      .getRepository(AuthSession)
      .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    await api.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('throttles an account after 5 failed attempts (429), even with the right password', async () => {
    const user = await makeUser(api.ds, 'admin', []);
    for (let i = 0; i < 5; i++) {
      await api
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'wrong-password' })
        .expect(401);
    }
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // another account from the same address is not affected
    const other = await makeUser(api.ds, 'admin', []);
    await login(api, other.email);
  });

  it('validates the login body', async () => {
    const res = await api.http().post('/api/v1/auth/login').send({ email: 'a@b.c' }).expect(400);
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining('password')]));
    await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.c', password: 'x', extra: 1 })
      .expect(400);
    const bad = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON',
    });
  });
});

describe('throttling per address', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({
      loginMaxFailuresPerAccount: 1000,
      loginMaxFailuresPerAddress: 3,
      loginWindowMinutes: 1,
    });
  });
  afterAll(() => api.close());

  it('refuses an address after its failed attempts across accounts', async () => {
    // The window is the last minute; earlier suites' failures from this address may already count.
    for (let i = 0; i < 3; i++) {
      await api
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `nobody${i}@test.example`, password: 'wrong' });
    }
    const user = await makeUser(api.ds, 'admin', []);
    await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
  });
});
