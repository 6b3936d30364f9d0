import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 (API.md v2 "Accounts and administration"): an audit entry may carry `details` (JSON:
 * the fields an administration or threshold change moved, before and after); a user carries
 * `disabled_at` (null: enabled) and a `version` for If-Match.
 *
 * Plain ALTER TABLE ... ADD COLUMN on both databases: on SQLite, TypeORM's addColumn rebuilds the
 * table, which would drop audit_log's append-only triggers (and copy every row). Existing entries
 * keep details null, and their hashes still verify (the chain covers details only when set).
 */
export class AccountsAndAuditDetails1765929600000 implements MigrationInterface {
  name = 'AccountsAndAuditDetails1765929600000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.query('ALTER TABLE audit_log ADD COLUMN details text NULL');
    await q.query(
      `ALTER TABLE users ADD COLUMN disabled_at ${pg ? 'timestamptz' : 'datetime'} NULL`,
    );
    await q.query('ALTER TABLE users ADD COLUMN version integer NOT NULL DEFAULT 1');
    // Accounts switched off before v2 (active false) count as disabled from now.
    await q.query(
      pg
        ? 'UPDATE users SET disabled_at = now() WHERE active = false'
        : "UPDATE users SET disabled_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE active = 0",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN version');
    await q.query('ALTER TABLE users DROP COLUMN disabled_at');
    await q.query('ALTER TABLE audit_log DROP COLUMN details');
  }
}
