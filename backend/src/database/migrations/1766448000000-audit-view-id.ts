import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 item 8: a read or search entry carries the id of the page view it was made for
 * (`view_id`, sent by the dashboard as `X-View-Id`), so the audit log can show one row per page
 * view with the records it read while every record is still its own, chained entry.
 *
 * Plain ALTER TABLE ... ADD COLUMN on both databases (TypeORM's addColumn would rebuild the SQLite
 * table and drop audit_log's append-only triggers). Existing entries keep view_id null, and their
 * hashes still verify (the chain covers view_id only when set).
 */
export class AuditViewId1766448000000 implements MigrationInterface {
  name = 'AuditViewId1766448000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.query(`ALTER TABLE audit_log ADD COLUMN view_id ${pg ? 'uuid' : 'varchar'} NULL`);
    await q.query('CREATE INDEX idx_audit_log_view_id ON audit_log (view_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_audit_log_view_id');
    await q.query('ALTER TABLE audit_log DROP COLUMN view_id');
  }
}
