import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Issue 19 (API.md "Accounts and administration (v2)"): entered in error never closes a flag the
 * marker may not resolve. Such a flag stays open with `evidence_withdrawn` until a psychiatrist (or
 * whoever may) resolves it, or a new record raises it again. Existing flags: false.
 */
export class EvidenceWithdrawn1765843200000 implements MigrationInterface {
  name = 'EvidenceWithdrawn1765843200000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.addColumn(
      'flags',
      new TableColumn({
        name: 'evidence_withdrawn',
        type: 'boolean',
        isNullable: false,
        default: pg ? 'false' : 0,
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('flags', 'evidence_withdrawn');
  }
}
