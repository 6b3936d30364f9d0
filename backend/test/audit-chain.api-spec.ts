/**
 * Tamper-evident audit (issue 6): every entry carries the SHA-256 of its content and the previous
 * entry's hash; GET /audit/verify (admin) walks the chain and names the first broken entry; the
 * table is append-only for the application's own database role.
 */
import { createHash } from 'node:crypto';
import { IsNull } from 'typeorm';
import { auditHash, GENESIS_HASH } from '../src/common/audit/audit-chain';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import {
  bearer,
  makeWorld,
  newPatientBody,
  startApi,
  type TestApi,
  type World,
} from './support/api';
import { expectStatus, V1 } from './support/clinical-fixtures';
import { type FreshDatabase, freshDatabase } from './support/fresh-database';

describe('the audit hash chain', () => {
  let fresh: FreshDatabase;
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    fresh = await freshDatabase('audit_chain');
    api = await startApi({ database: fresh.database });
    world = await makeWorld(api);
  });
  afterAll(async () => {
    await api.close();
    await fresh.drop();
  });

  const pg = () => api.config.database.kind === 'postgres';
  const verify = async () => {
    const res = await api.http().get(`${V1}/audit/verify`).set(bearer(world.tokens.a.admin));
    expectStatus(res, 200);
    return res.body as { ok: boolean; checked: number; firstBrokenId: string | null };
  };

  /** Runs `sql` with the append-only triggers off, as someone with direct database access could. */
  async function asDatabaseOwner(sql: string, params: unknown[]): Promise<void> {
    if (pg()) {
      await api.ds.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      try {
        await api.ds.query(sql, params);
      } finally {
        await api.ds.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      }
      return;
    }
    await api.ds.query('DROP TRIGGER audit_log_no_update');
    await api.ds.query('DROP TRIGGER audit_log_no_delete');
    try {
      await api.ds.query(sql, params);
    } finally {
      await api.ds.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
      await api.ds.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  it('links every entry, also under concurrent writes, and verifies', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api
          .http()
          .post(`${V1}/patients`)
          .set(bearer(world.tokens.a.psychiatrist))
          .send(newPatientBody(world.clinicA.id)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const entries = await api.ds.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    }
    const result = await verify();
    expect(result).toMatchObject({ ok: true, firstBrokenId: null });
    expect(result.checked).toBe(entries.length);
  });

  it('refuses UPDATE and DELETE of audit rows to the application’s own database role', async () => {
    const entry = await api.ds.getRepository(AuditEntry).findOneOrFail({ where: { seq: 2 } });
    await expect(
      api.ds.query(
        pg()
          ? 'UPDATE audit_log SET actor_role = $1 WHERE id = $2'
          : 'UPDATE audit_log SET actor_role = ? WHERE id = ?',
        ['admin', entry.id],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      api.ds.query(
        pg() ? 'DELETE FROM audit_log WHERE id = $1' : 'DELETE FROM audit_log WHERE id = ?',
        [entry.id],
      ),
    ).rejects.toThrow(/append-only/);
    if (pg()) await expect(api.ds.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('covers the details of an administration entry: changing them breaks the chain there', async () => {
    const clinic = await api
      .http()
      .post(`${V1}/clinics`)
      .set(bearer(world.tokens.a.admin))
      .send({ name: 'Chain Clinic', timezone: 'Europe/London' });
    expectStatus(clinic, 201);
    expect((await verify()).ok).toBe(true);
    const entry = await api.ds
      .getRepository(AuditEntry)
      .findOneOrFail({ where: { resourceId: clinic.body.id, clinicId: IsNull() } });
    expect(entry.details).toMatchObject({ after: { name: 'Chain Clinic' } });
    const original = JSON.stringify(entry.details);
    const p = (n: number) => (pg() ? `$${String(n)}` : '?');
    const tampered = original.replace('Chain Clinic', 'Other Clinic');
    await asDatabaseOwner(`UPDATE audit_log SET details = ${p(1)} WHERE id = ${p(2)}`, [
      tampered,
      entry.id,
    ]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: entry.id });
    // details removed altogether is a change too
    await asDatabaseOwner(`UPDATE audit_log SET details = NULL WHERE id = ${p(1)}`, [entry.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: entry.id });
    await asDatabaseOwner(`UPDATE audit_log SET details = ${p(1)} WHERE id = ${p(2)}`, [
      original,
      entry.id,
    ]);
    expect((await verify()).ok).toBe(true);
  });

  it('hashes an entry without details exactly as before details existed (old entries still verify)', () => {
    const row = {
      seq: 3,
      id: '6f1c0000-0000-4000-8000-000000000001',
      at: new Date('2026-12-01T10:00:00.000Z'),
      actorId: null,
      actorRole: null,
      action: 'login_failed' as const,
      resourceType: 'user',
      resourceId: null,
      patientId: null,
      clinicId: null,
      ip: '203.0.113.5',
      outcome: 'failure' as const,
    };
    // the content of v1's chain: the twelve fields, nothing after them
    const v1Content = JSON.stringify([
      3,
      row.id,
      '2026-12-01T10:00:00.000Z',
      null,
      null,
      'login_failed',
      'user',
      null,
      null,
      null,
      '203.0.113.5',
      'failure',
    ]);
    const v1Hash = createHash('sha256').update(`${GENESIS_HASH}\n${v1Content}`).digest('hex');
    expect(auditHash(GENESIS_HASH, { ...row, details: null })).toBe(v1Hash);
    expect(auditHash(GENESIS_HASH, row)).toBe(v1Hash);
    expect(
      auditHash(GENESIS_HASH, { ...row, details: { before: {}, after: { name: 'x' } } }),
    ).not.toBe(v1Hash);
  });

  it('names the first entry changed behind the application’s back, and the first after a removed one', async () => {
    const entries = await api.ds.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    const changed = entries[4];
    const p = (n: number) => (pg() ? `$${String(n)}` : '?');
    await asDatabaseOwner(`UPDATE audit_log SET ip = ${p(1)} WHERE id = ${p(2)}`, [
      '203.0.113.9',
      changed.id,
    ]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: changed.id });
    await asDatabaseOwner(`UPDATE audit_log SET ip = ${p(1)} WHERE id = ${p(2)}`, [
      changed.ip,
      changed.id,
    ]);
    expect((await verify()).ok).toBe(true);

    const removed = entries[7];
    await asDatabaseOwner(`DELETE FROM audit_log WHERE id = ${p(1)}`, [removed.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: entries[8]?.id });
  });

  it('is for administrators only', async () => {
    expectStatus(
      await api.http().get(`${V1}/audit/verify`).set(bearer(world.tokens.a.manager)),
      403,
    );
  });
});
