/**
 * Issue 19, item 3 (API.md v2 "Accounts and administration"). The attacks that found it: an
 * administrator created clinics and users (a psychiatrist given every clinic) and no audit entry
 * was written; there was no way to disable an account or end a user's sessions (someone who leaves
 * keeps working tokens until they expire). Now every administration action is audited with
 * before/after (one entry for the administrator, one under each clinic concerned), and accounts
 * can be disabled, enabled, changed (If-Match) and signed out everywhere.
 */
import { AuthSession } from '../src/auth/auth-session.entity';
import { AuthService, hashToken } from '../src/auth/auth.service';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { User } from '../src/users/user.entity';
import {
  bearer,
  login,
  makeUser,
  makeWorld,
  PASSWORD,
  startApi,
  type TestApi,
  type World,
} from './support/api';
import { expectError, expectStatus, messages, V1 } from './support/clinical-fixtures';
import { type FreshDatabase, freshDatabase } from './support/fresh-database';
import { openStream } from './support/stream';

interface AuditBody {
  action: string;
  resourceType: string;
  resourceId: string | null;
  clinicId: string | null;
  actorId: string | null;
  details: {
    change?: string;
    reason?: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  } | null;
}

describe('accounts and administration (API.md v2)', () => {
  let fresh: FreshDatabase;
  let api: TestApi;
  let world: World;
  let admin: { Authorization: string };
  beforeAll(async () => {
    // A database of its own: the "last enabled administrator" rule counts every administrator.
    fresh = await freshDatabase('admin_accounts');
    api = await startApi({ database: fresh.database });
    world = await makeWorld(api);
    admin = bearer(world.tokens.a.admin);
  });
  afterAll(async () => {
    await api.close();
    await fresh.drop();
  });

  const auditOf = async (token: string, query: string): Promise<AuditBody[]> => {
    const res = await api.http().get(`${V1}/audit?limit=200&${query}`).set(bearer(token));
    expectStatus(res, 200);
    return res.body.items as AuditBody[];
  };
  const adminEntries = async (resourceId: string): Promise<AuditBody[]> =>
    (await auditOf(world.tokens.a.admin, `actorId=${world.users.admin.id}`)).filter(
      (e) => e.resourceId === resourceId && e.action === 'admin',
    );
  const userVersion = async (id: string): Promise<number> =>
    (await api.ds.getRepository(User).findOneByOrFail({ id })).version;

  describe('administration is audited with before and after', () => {
    it('creating a clinic: one entry for the administrator, one under the new clinic', async () => {
      const res = await api
        .http()
        .post(`${V1}/clinics`)
        .set(admin)
        .send({ name: 'Harbour Clinic', timezone: 'Europe/Dublin' });
      expectStatus(res, 201);
      const entries = await adminEntries(res.body.id);
      expect(entries.map((e) => e.clinicId).sort()).toEqual([res.body.id, null].sort());
      for (const entry of entries) {
        expect(entry).toMatchObject({
          resourceType: 'clinic',
          details: {
            change: 'clinic.create',
            before: {},
            after: { name: 'Harbour Clinic', timezone: 'Europe/Dublin' },
          },
        });
      }
    });

    it('a psychiatrist given every clinic: audited without the password; each clinic sees only itself', async () => {
      const email = `every-clinic-${Date.now()}@test.example`;
      const res = await api
        .http()
        .post(`${V1}/users`)
        .set(admin)
        .send({
          email,
          name: 'Dr Everywhere',
          role: 'psychiatrist',
          password: 'a-long-password-for-everywhere',
          clinicIds: [world.clinicA.id, world.clinicB.id],
        });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ disabledAt: null, version: 1 });
      const entries = await adminEntries(res.body.id);
      const whole = entries.find((e) => e.clinicId === null);
      expect(whole?.details).toEqual({
        change: 'user.create',
        before: {},
        after: {
          email,
          name: 'Dr Everywhere',
          role: 'psychiatrist',
          clinicIds: [world.clinicA.id, world.clinicB.id].sort(),
        },
      });
      expect(JSON.stringify(entries)).not.toMatch(/password|argon|\$/i);
      // clinic A's manager sees that someone was added to clinic A, and nothing of clinic B
      const seenByA = (
        await auditOf(world.tokens.a.manager, `clinicId=${world.clinicA.id}`)
      ).filter((e) => e.resourceId === res.body.id);
      expect(seenByA).toHaveLength(1);
      expect(seenByA[0]?.details?.after['clinicIds']).toEqual([world.clinicA.id]);
      expect(JSON.stringify(seenByA)).not.toContain(world.clinicB.id);
    });
  });

  describe('PATCH /users/:id (If-Match)', () => {
    it('changes name, role and clinics; audited before/after, under the clinics left and joined', async () => {
      const user = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      const url = `${V1}/users/${user.id}`;
      expectStatus(await api.http().patch(url).set(admin).send({ name: 'Renamed' }), 428);
      expectStatus(
        await api.http().patch(url).set(admin).set('If-Match', '"7"').send({ name: 'Renamed' }),
        412,
      );
      const res = await api
        .http()
        .patch(url)
        .set(admin)
        .set('If-Match', '"1"')
        .send({ name: 'Sam Moved', role: 'psychiatrist', clinicIds: [world.clinicB.id] });
      expectStatus(res, 200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'Sam Moved',
        role: 'psychiatrist',
        clinicIds: [world.clinicB.id],
        disabledAt: null,
        version: 2,
      });
      // the change holds at once for the user's next request
      const token = await login(api, user.email);
      const me = await api.http().get(`${V1}/auth/me`).set(bearer(token));
      expect(me.body).toMatchObject({ role: 'psychiatrist', clinicIds: [world.clinicB.id] });

      const entries = await adminEntries(user.id);
      expect(entries.find((e) => e.clinicId === null)?.details).toEqual({
        change: 'user.update',
        before: { name: 'Test nurse', role: 'nurse', clinicIds: [world.clinicA.id] },
        after: { name: 'Sam Moved', role: 'psychiatrist', clinicIds: [world.clinicB.id] },
      });
      const left = (await auditOf(world.tokens.a.manager, `clinicId=${world.clinicA.id}`)).find(
        (e) => e.resourceId === user.id && e.action === 'admin',
      );
      expect(left?.details).toMatchObject({
        before: { clinicIds: [world.clinicA.id] },
        after: { clinicIds: [] },
      });
      const joined = (await auditOf(world.tokens.b.manager, `clinicId=${world.clinicB.id}`)).find(
        (e) => e.resourceId === user.id && e.action === 'admin',
      );
      expect(joined?.details).toMatchObject({
        before: { clinicIds: [] },
        after: { clinicIds: [world.clinicB.id] },
      });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['an empty change', {}, /at least one of name, role, clinicIds/],
      ['a null name', { name: null }, /name must be/],
      [
        'an unknown field',
        { password: 'a-new-long-password' },
        /property password should not exist/,
      ],
      ['an unknown role', { role: 'owner' }, /role must be one of/],
      ['an admin with clinics', { role: 'admin' }, /clinicIds must be empty for an administrator/],
      ['a nurse with no clinic', { clinicIds: [] }, /clinicIds must name at least one clinic/],
      [
        'a clinic that does not exist',
        { clinicIds: ['00000000-0000-4000-8000-000000000000'] },
        /clinicIds must name existing clinics/,
      ],
    ])('refuses %s (400 naming the field, nothing changed)', async (_label, body, pattern) => {
      const user = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      const res = await api
        .http()
        .patch(`${V1}/users/${user.id}`)
        .set(admin)
        .set('If-Match', '"1"')
        .send(body);
      expectError(res, 400, pattern);
      expect(await userVersion(user.id)).toBe(1);
    });

    it('an administrator cannot change their own role (422)', async () => {
      const res = await api
        .http()
        .patch(`${V1}/users/${world.users.admin.id}`)
        .set(admin)
        .set('If-Match', `"${await userVersion(world.users.admin.id)}"`)
        .send({ role: 'psychiatrist', clinicIds: [world.clinicA.id] });
      expectError(res, 422, /^role: administrators cannot change their own role$/);
    });

    it('an unknown user is a 404', async () => {
      const res = await api
        .http()
        .patch(`${V1}/users/00000000-0000-4000-8000-000000000000`)
        .set(admin)
        .set('If-Match', '"1"')
        .send({ name: 'Nobody' });
      expectStatus(res, 404);
    });
  });

  describe('disable and enable', () => {
    it('the attack: a leaver keeps working tokens. Disabled: every session ends at once, sign-in refused as bad credentials', async () => {
      const nurse = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      const first = await login(api, nurse.email);
      const second = await login(api, nurse.email);
      const ticket = await api.http().post(`${V1}/board/tickets`).set(bearer(first));
      expectStatus(ticket, 201);
      const stream = await openStream(api.app, `${V1}/board/stream`, bearer(second));
      expect(stream.status).toBe(200);
      stream.close();

      const missingReason = await api
        .http()
        .post(`${V1}/users/${nurse.id}/disable`)
        .set(admin)
        .send({});
      expectError(missingReason, 400, /^reason is required/);
      const res = await api
        .http()
        .post(`${V1}/users/${nurse.id}/disable`)
        .set(admin)
        .send({ reason: 'Left the clinic' });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: nurse.id, version: 2, disabledAt: expect.any(String) });
      expect(res.headers['etag']).toBe('"2"');

      for (const token of [first, second]) {
        const next = await api.http().get(`${V1}/auth/me`).set(bearer(token));
        expectStatus(next, 401);
      }
      // the live board: the ticket no longer opens a stream, and an open stream's heartbeat check fails
      const viaTicket = await openStream(
        api.app,
        `${V1}/board/stream?ticket=${ticket.body.ticket}`,
      );
      expect(viaTicket.status).toBe(401);
      viaTicket.close();
      const session = await api.ds
        .getRepository(AuthSession)
        .findOneByOrFail({ tokenHash: hashToken(second) });
      expect(await api.app.get(AuthService).isSessionActive(session.id)).toBe(false);

      const refused = await api
        .http()
        .post(`${V1}/auth/login`)
        .send({ email: nurse.email, password: PASSWORD });
      const unknown = await api
        .http()
        .post(`${V1}/auth/login`)
        .send({ email: `nobody-${Date.now()}@test.example`, password: PASSWORD });
      expectStatus(refused, 401);
      expect(refused.body).toEqual(unknown.body);

      const entry = (await adminEntries(nurse.id)).find((e) => e.clinicId === null);
      expect(entry?.details).toEqual({
        change: 'user.disable',
        reason: 'Left the clinic',
        before: { disabledAt: null, activeSessions: 2 },
        after: { disabledAt: res.body.disabledAt, activeSessions: 0 },
      });
      // clinic A's manager sees it too
      const seen = await auditOf(world.tokens.a.manager, `clinicId=${world.clinicA.id}`);
      expect(
        seen.some((e) => e.resourceId === nurse.id && e.details?.change === 'user.disable'),
      ).toBe(true);

      // enabled again: sign-in works; the ended sessions stay ended
      const enabled = await api
        .http()
        .post(`${V1}/users/${nurse.id}/enable`)
        .set(admin)
        .set('If-Match', '"2"')
        .send({ reason: 'Came back' });
      expectStatus(enabled, 200);
      expect(enabled.body).toMatchObject({ disabledAt: null, version: 3 });
      expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(first)), 401);
      const again = await login(api, nurse.email);
      expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(again)), 200);
      expect(
        (await adminEntries(nurse.id)).find((e) => e.details?.change === 'user.enable')?.details,
      ).toEqual({
        change: 'user.enable',
        reason: 'Came back',
        before: { disabledAt: res.body.disabledAt },
        after: { disabledAt: null },
      });
    });

    it('a stale If-Match on disable is a 412 and changes nothing', async () => {
      const nurse = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      const token = await login(api, nurse.email);
      const res = await api
        .http()
        .post(`${V1}/users/${nurse.id}/disable`)
        .set(admin)
        .set('If-Match', '"5"')
        .send({ reason: 'Left the clinic' });
      expectStatus(res, 412);
      expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(token)), 200);
    });

    it('a session whose user is disabled is not active, even if the session row was not revoked', async () => {
      const nurse = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      const token = await login(api, nurse.email);
      const session = await api.ds
        .getRepository(AuthSession)
        .findOneByOrFail({ tokenHash: hashToken(token) });
      const auth = api.app.get(AuthService);
      expect(await auth.isSessionActive(session.id)).toBe(true);
      await api.ds
        .getRepository(User)
        .update({ id: nurse.id }, { active: false, disabledAt: new Date() });
      expect(await auth.isSessionActive(session.id)).toBe(false);
    });

    it('an administrator cannot disable themself (422)', async () => {
      const res = await api
        .http()
        .post(`${V1}/users/${world.users.admin.id}/disable`)
        .set(admin)
        .send({ reason: 'Testing' });
      expectError(res, 422, /administrators cannot disable their own account/);
    });

    it('two administrators disabling each other at once: one stays enabled', async () => {
      const other = await makeUser(api.ds, 'admin', []);
      const otherToken = await login(api, other.email);
      const [mine, theirs] = await Promise.all([
        api.http().post(`${V1}/users/${other.id}/disable`).set(admin).send({ reason: 'Race' }),
        api
          .http()
          .post(`${V1}/users/${world.users.admin.id}/disable`)
          .set(bearer(otherToken))
          .send({ reason: 'Race' }),
      ]);
      const statuses = [mine.status, theirs.status].sort();
      expect(statuses[0]).toBe(200);
      expect([401, 422]).toContain(statuses[1]);
      const enabledAdmins = await api.ds
        .getRepository(User)
        .countBy({ role: 'admin', active: true });
      expect(enabledAdmins).toBeGreaterThanOrEqual(1);
      if (theirs.status === 200) {
        // the world's administrator lost: put it back for the other tests
        await api.ds
          .getRepository(User)
          .update({ id: world.users.admin.id }, { active: true, disabledAt: null });
        admin = bearer(await login(api, world.users.admin.email));
        world.tokens.a.admin = admin.Authorization.slice('Bearer '.length);
      }
      const loser = mine.status === 200 ? theirs : mine;
      expect(messages(loser).join()).toMatch(/last enabled administrator|signed out/);
    });
  });

  it('POST /users/:id/sessions/revoke ends every session of the user (204); the account stays enabled', async () => {
    const psychiatrist = await makeUser(api.ds, 'psychiatrist', [world.clinicB.id]);
    const tokens = [await login(api, psychiatrist.email), await login(api, psychiatrist.email)];
    const res = await api
      .http()
      .post(`${V1}/users/${psychiatrist.id}/sessions/revoke`)
      .set(admin)
      .send({ reason: 'Lost tablet' });
    expectStatus(res, 204);
    for (const token of tokens)
      expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(token)), 401);
    const again = await login(api, psychiatrist.email);
    expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(again)), 200);
    const entries = await adminEntries(psychiatrist.id);
    expect(entries.map((e) => e.clinicId).sort()).toEqual([world.clinicB.id, null].sort());
    expect(entries.find((e) => e.clinicId === null)?.details).toEqual({
      change: 'user.sessions_revoke',
      reason: 'Lost tablet',
      before: { activeSessions: 2 },
      after: { activeSessions: 0 },
    });
    expectStatus(
      await api
        .http()
        .post(`${V1}/users/00000000-0000-4000-8000-000000000000/sessions/revoke`)
        .set(admin),
      404,
    );
  });

  it('the chain verifies with the administration details in it', async () => {
    const res = await api.http().get(`${V1}/audit/verify`).set(admin);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(await api.ds.getRepository(AuditEntry).countBy({ action: 'admin' })).toBeGreaterThan(10);
  });
});
