import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Idempotency keys of writes (API.md): the request's hash and the first response, per user. */
export class IdempotencyKeys1765238400000 implements MigrationInterface {
  name = 'IdempotencyKeys1765238400000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          {
            name: 'user_id',
            type: pg ? 'uuid' : 'varchar',
            length: pg ? undefined : '36',
            isPrimary: true,
          },
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'method', type: 'varchar', length: '8' },
          { name: 'path', type: 'varchar', length: '300' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'status', type: 'integer' },
          { name: 'response', type: 'text' },
          { name: 'created_at', type: pg ? 'timestamptz' : 'datetime' },
        ],
      }),
    );
    await q.createIndex(
      'idempotency_keys',
      new TableIndex({ name: 'idx_idempotency_keys_created_at', columnNames: ['created_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_keys');
  }
}
