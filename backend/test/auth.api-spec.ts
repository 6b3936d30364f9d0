import { randomUUID } from 'node:crypto';
import { AuthSession, LoginAttempt } from '../src/auth/auth-session.entity';
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
    api = await startApi();
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

/** Sign-in throttling (issue 19): slowed per account and address, never locked. */
describe('sign-in throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    // Addresses come from X-Forwarded-For (one trusted proxy), so each test signs in from its own.
    api = await startApi({
      trustProxy: true,
      loginMaxFailuresPerPair: 5,
      loginMaxFailuresPerAccount: 8,
      loginMaxFailuresPerAddress: 10,
      loginWindowMinutes: 60,
      loginMaxDelaySeconds: 900,
      loginKnownAddressDays: 30,
    });
  });
  afterAll(() => api.close());

  let octet = 0;
  /** A documentation address (RFC 5737) no other test uses. */
  const newAddress = (): string => {
    octet += 1;
    return `198.51.${Math.floor(octet / 250)}.${(octet % 250) + 1}`;
  };
  const attempt = (email: string, password: string, from: string) =>
    api.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  /**
   * Dates the latest failure matching `where` now: what a 429 says next no longer depends on how
   * long the machine took to answer the attempts before it (argon2 is slow on a busy machine).
   */
  const pinLatest = async (where: { ip?: string; account?: string }): Promise<void> => {
    const repo = api.ds.getRepository(LoginAttempt);
    const latest = await repo.findOneOrFail({
      where: { ...where, success: false },
      order: { at: 'DESC' },
    });
    await repo.update({ id: latest.id }, { at: new Date() });
  };
  /** Moves an address's recorded attempts back in time, as if that many seconds had passed. */
  const age = async (from: string, seconds: number): Promise<void> => {
    const repo = api.ds.getRepository(LoginAttempt);
    for (const row of await repo.find({ where: { ip: from } })) {
      await repo.update({ id: row.id }, { at: new Date(row.at.getTime() - seconds * 1000) });
    }
  };

  it("five wrong passwords from an attacker's address do not lock the owner out of their own", async () => {
    const owner = await makeUser(api.ds, 'nurse', []);
    const home = newAddress();
    const attacker = newAddress();
    await attempt(owner.email, PASSWORD, home).expect(200);
    for (let i = 0; i < 5; i++) await attempt(owner.email, 'wrong-password', attacker).expect(401);
    // The attacker's pair waits, even with the right password (it is not even checked)...
    await pinLatest({ ip: attacker });
    const slowed = await attempt(owner.email, PASSWORD, attacker).expect(429);
    expect(slowed.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many failed sign-in attempts; try again later',
    });
    expect(slowed.headers['retry-after']).toBe('1');
    // ... while the owner signs in from their own address at once.
    await attempt(owner.email, PASSWORD, home).expect(200);
    // and from an address never seen before too (the account is far from its ceiling)
    await attempt(owner.email, PASSWORD, newAddress()).expect(200);
  });

  it('slows a guessing pair with a delay that doubles (1 s, 2 s, 4 s) and is never a lockout', async () => {
    const user = await makeUser(api.ds, 'nurse', []);
    const from = newAddress();
    for (let i = 0; i < 5; i++) await attempt(user.email, 'wrong-password', from).expect(401);
    await pinLatest({ ip: from });
    expect(
      (await attempt(user.email, 'wrong-password', from).expect(429)).headers['retry-after'],
    ).toBe('1');
    // a refused attempt does not count as a failure: still a 1 s wait
    await pinLatest({ ip: from });
    expect(
      (await attempt(user.email, 'wrong-password', from).expect(429)).headers['retry-after'],
    ).toBe('1');
    await age(from, 1.5);
    await attempt(user.email, 'wrong-password', from).expect(401);
    await pinLatest({ ip: from });
    expect((await attempt(user.email, PASSWORD, from).expect(429)).headers['retry-after']).toBe(
      '2',
    );
    await age(from, 2.5);
    await attempt(user.email, 'wrong-password', from).expect(401);
    await pinLatest({ ip: from });
    expect((await attempt(user.email, PASSWORD, from).expect(429)).headers['retry-after']).toBe(
      '4',
    );
    // once the wait is over, the right password signs in and resets the pair
    await age(from, 4.5);
    await attempt(user.email, PASSWORD, from).expect(200);
    await attempt(user.email, 'wrong-password', from).expect(401);
    await attempt(user.email, PASSWORD, from).expect(200);
  });

  it('caps the wait at LOGIN_MAX_DELAY_SECONDS and forgets failures older than the window', async () => {
    const user = await makeUser(api.ds, 'nurse', []);
    const from = newAddress();
    const repo = api.ds.getRepository(LoginAttempt);
    const account = user.email.toLowerCase();
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      account,
      ip: from,
      success: false,
      at: new Date(Date.now() - 60_000 + i),
    }));
    await repo.insert(rows);
    const capped = await attempt(user.email, PASSWORD, from).expect(429);
    const seconds = Number(capped.headers['retry-after']);
    expect(seconds).toBeGreaterThan(800);
    expect(seconds).toBeLessThanOrEqual(900);
    await age(from, 61 * 60);
    await attempt(user.email, PASSWORD, from).expect(200);
  });

  it('guessing one account from many addresses slows new addresses only, never the owner at home', async () => {
    const owner = await makeUser(api.ds, 'psychiatrist', []);
    const home = newAddress();
    await attempt(owner.email, PASSWORD, home).expect(200);
    // 8 addresses, one guess each: no pair reaches its limit, the account reaches its ceiling
    for (let i = 0; i < 8; i++)
      await attempt(owner.email, 'wrong-password', newAddress()).expect(401);
    await pinLatest({ account: owner.email.toLowerCase() });
    const fresh = await attempt(owner.email, PASSWORD, newAddress()).expect(429);
    expect(fresh.headers['retry-after']).toBe('1');
    await attempt(owner.email, PASSWORD, home).expect(200);
  }, 90_000);

  it("a clinic's NAT: spraying from one address slows new accounts there, not the staff who sign in there", async () => {
    const nat = newAddress();
    const colleague = await makeUser(api.ds, 'nurse', []);
    await attempt(colleague.email, PASSWORD, nat).expect(200);
    // 10 failures across accounts from the NAT (password spraying): the address ceiling
    for (let i = 0; i < 10; i++) {
      await attempt(`sprayed-${i}-${nat}@test.example`, 'Winter2026!', nat).expect(401);
    }
    const stranger = await makeUser(api.ds, 'nurse', []);
    const slowed = await attempt(stranger.email, PASSWORD, nat).expect(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // the colleague signed in from the NAT before: not slowed by the address's ceiling
    await attempt(colleague.email, PASSWORD, nat).expect(200);
    // the stranger is not locked anywhere else
    await attempt(stranger.email, PASSWORD, newAddress()).expect(200);
  }, 90_000);

  it('guesses sent all at once count each other (no burst slips past the limit)', async () => {
    const user = await makeUser(api.ds, 'nurse', []);
    const from = newAddress();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => attempt(user.email, 'wrong-password', from)),
    );
    const seconds = (Date.now() - started) / 1000;
    const checked = answers.filter((r) => r.status === 401).length;
    // Past the 5 free failures each further guess waits 1, 2, 4 ... s after the last one (a delay,
    // not a lock): a burst spread over T s by a loaded machine may earn floor(log2(T + 1)) more,
    // and no more; sent within a second, none.
    expect(checked).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)));
    expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    for (const r of answers.filter((a) => a.status === 429)) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  });
});
