import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Tamper-evident audit: each entry carries its position, the previous entry's hash and its own
 * (common/audit/audit-chain.ts); the table is append-only for everyone, the application's role
 * included (triggers refuse UPDATE, DELETE and, on PostgreSQL, TRUNCATE). Entries written before
 * this migration stay unchained (seq null); the chain starts after them.
 */
export class AuditChain1765324800000 implements MigrationInterface {
  name = 'AuditChain1765324800000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.addColumns('audit_log', [
      new TableColumn({ name: 'seq', type: pg ? 'bigint' : 'integer', isNullable: true }),
      new TableColumn({ name: 'prev_hash', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'hash', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndex(
      'audit_log',
      new TableIndex({ name: 'uq_audit_log_seq', columnNames: ['seq'], isUnique: true }),
    );
    if (pg) {
      await q.query(`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
      await q.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
      await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    } else {
      await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
      await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    if (pg) {
      await q.query('DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log');
      await q.query('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log');
      await q.query('DROP FUNCTION IF EXISTS audit_log_append_only()');
    } else {
      await q.query('DROP TRIGGER IF EXISTS audit_log_no_update');
      await q.query('DROP TRIGGER IF EXISTS audit_log_no_delete');
    }
    await q.dropIndex('audit_log', 'uq_audit_log_seq');
    await q.dropColumns('audit_log', ['seq', 'prev_hash', 'hash']);
  }
}
