import type { AuditEntryDto } from '@clinic/shared';
import { AuthSession } from '../src/auth/auth-session.entity';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { bearer, login, makeClinic, makeUser } from './support/api';
import { useApi } from './support/use-api';
import { createPatient, expectStatus, type PatientRef, V1 } from './support/clinical-fixtures';

/**
 * Issue 19: denied attempts are audited where they belong. A refusal is entered under the actor's
 * own clinic(s), so their manager sees it; never under another clinic, whose manager must not
 * learn our staff's ids; the administrator sees every entry.
 */
describe('denied attempts in the audit log', () => {
  const { api, world } = useApi();
  let patientB: PatientRef;

  beforeAll(async () => {
    patientB = await createPatient(api, world.tokens.b.psychiatrist, world.clinicB.id);
  });

  /** What a reader of GET /audit sees of one actor's access_denied entries. */
  async function deniedSeenBy(token: string, actorId: string): Promise<AuditEntryDto[]> {
    const res = await api
      .http()
      .get(`${V1}/audit`)
      .query({ actorId, limit: 200 })
      .set(bearer(token));
    expectStatus(res, 200);
    return (res.body.items as AuditEntryDto[]).filter((e) => e.action === 'access_denied');
  }

  it("a nurse's 403 is visible to her own clinic's manager (and the administrator), not to another clinic's", async () => {
    const nurse = world.users.a.nurse;
    expect(await deniedSeenBy(world.tokens.a.manager, nurse.id)).toEqual([]);
    // a nurse may not create clinics
    expectStatus(
      await api
        .http()
        .post(`${V1}/clinics`)
        .set(bearer(world.tokens.a.nurse))
        .send({ name: 'Not hers', timezone: 'Europe/London' }),
      403,
    );
    const mine = await deniedSeenBy(world.tokens.a.manager, nurse.id);
    expect(mine).toEqual([
      expect.objectContaining({
        actorRole: 'nurse',
        resourceType: 'clinics',
        clinicId: world.clinicA.id,
        outcome: 'denied',
      }),
    ]);
    expect(await deniedSeenBy(world.tokens.b.manager, nurse.id)).toEqual([]);
    expect((await deniedSeenBy(world.tokens.a.admin, nurse.id)).map((e) => e.id)).toEqual(
      mine.map((e) => e.id),
    );
  });

  it("a nurse probing another clinic's patient: her manager sees it, that clinic's manager does not", async () => {
    const nurse = world.users.a.nurse;
    const before = (await deniedSeenBy(world.tokens.a.manager, nurse.id)).length;
    expectStatus(
      await api.http().get(`${V1}/patients/${patientB.id}`).set(bearer(world.tokens.a.nurse)),
      404,
    );
    // Clinic B's manager learns nothing: not by the nurse's id, not by the patient's.
    expect(await deniedSeenBy(world.tokens.b.manager, nurse.id)).toEqual([]);
    const byPatient = await api
      .http()
      .get(`${V1}/audit`)
      .query({ patientId: patientB.id, limit: 200 })
      .set(bearer(world.tokens.b.manager));
    expectStatus(byPatient, 200);
    expect((byPatient.body.items as AuditEntryDto[]).filter((e) => e.actorId === nurse.id)).toEqual(
      [],
    );
    expect(JSON.stringify(byPatient.body)).not.toContain(nurse.id);

    // Her own manager sees the probe, without the other clinic's record id.
    const mine = await deniedSeenBy(world.tokens.a.manager, nurse.id);
    expect(mine).toHaveLength(before + 1);
    expect(mine[0]).toMatchObject({
      actorRole: 'nurse',
      resourceType: 'patient',
      resourceId: null,
      patientId: null,
      clinicId: world.clinicA.id,
      outcome: 'denied',
    });
    // The administrator also sees which record was probed (an entry no clinic's manager sees).
    const all = await deniedSeenBy(world.tokens.a.admin, nurse.id);
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceType: 'patient',
          resourceId: patientB.id,
          patientId: patientB.id,
          clinicId: null,
        }),
      ]),
    );
    // and nothing at all was entered under clinic B for this
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'access_denied', actorId: nurse.id, clinicId: world.clinicB.id }),
    ).toBe(0);
  });

  it('a member of two clinics: the probe is entered under each of her clinics', async () => {
    const clinicC = await makeClinic(api.ds);
    const nurse = await makeUser(api.ds, 'nurse', [world.clinicA.id, clinicC.id]);
    const token = await login(api, nurse.email);
    expectStatus(await api.http().get(`${V1}/patients/${patientB.id}`).set(bearer(token)), 404);
    const rows = await api.ds
      .getRepository(AuditEntry)
      .findBy({ action: 'access_denied', actorId: nurse.id });
    expect(rows.map((r) => r.clinicId).sort()).toEqual([world.clinicA.id, clinicC.id, null].sort());
  });

  describe('401 with a token that was once valid', () => {
    async function signedIn() {
      const nurse = await makeUser(api.ds, 'nurse', [world.clinicA.id]);
      return { nurse, token: await login(api, nurse.email) };
    }

    it('a signed-out token is audited as access_denied by its user, under her clinic', async () => {
      const { nurse, token } = await signedIn();
      expectStatus(await api.http().post(`${V1}/auth/logout`).set(bearer(token)), 204);
      expectStatus(await api.http().get(`${V1}/patients/${patientB.id}`).set(bearer(token)), 401);
      const seen = await deniedSeenBy(world.tokens.a.manager, nurse.id);
      expect(seen).toEqual([
        expect.objectContaining({
          actorId: nurse.id,
          actorRole: 'nurse',
          resourceType: 'patients',
          resourceId: patientB.id,
          clinicId: world.clinicA.id,
          outcome: 'denied',
        }),
      ]);
      expect(await deniedSeenBy(world.tokens.b.manager, nurse.id)).toEqual([]);
    });

    it.each([
      ['past its absolute lifetime', { expiresAt: new Date(Date.now() - 1000) }],
      ['idle for 16 minutes', { lastSeenAt: new Date(Date.now() - 16 * 60_000) }],
      ['revoked', { revokedAt: new Date() }],
    ])('a token %s is audited as access_denied', async (_name, change) => {
      const { nurse, token } = await signedIn();
      await api.ds.getRepository(AuthSession).update({ userId: nurse.id }, change);
      expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(token)), 401);
      const rows = await api.ds
        .getRepository(AuditEntry)
        .findBy({ action: 'access_denied', actorId: nurse.id });
      expect(rows).toEqual([
        expect.objectContaining({
          actorRole: 'nurse',
          clinicId: world.clinicA.id,
          outcome: 'denied',
        }),
      ]);
    });

    it('a client polling with its dead token writes one entry a minute, not one per request', async () => {
      const { nurse, token } = await signedIn();
      await api.ds
        .getRepository(AuthSession)
        .update({ userId: nurse.id }, { expiresAt: new Date(Date.now() - 1000) });
      for (let i = 0; i < 5; i++) {
        expectStatus(await api.http().get(`${V1}/auth/me`).set(bearer(token)), 401);
      }
      expect(
        await api.ds
          .getRepository(AuditEntry)
          .countBy({ action: 'access_denied', actorId: nurse.id }),
      ).toBe(1);
    });

    it('an unknown token is not audited (random tokens must not each cost a write)', async () => {
      const count = () => api.ds.getRepository(AuditEntry).countBy({ action: 'access_denied' });
      const before = await count();
      for (let i = 0; i < 5; i++) {
        expectStatus(
          await api
            .http()
            .get(`${V1}/auth/me`)
            .set(bearer(`unknown${i}`.padEnd(43, 'x'))),
          401,
        );
      }
      expect(await count()).toBe(before);
    });
  });
});
