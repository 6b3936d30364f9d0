import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * Short-lived, single-use tickets for the live-board event stream (EventSource cannot send an
 * Authorization header). Stored hashed, in the database, so any API instance can accept them.
 */
export class StreamTickets1764720000000 implements MigrationInterface {
  name = 'StreamTickets1764720000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'stream_tickets',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'ticket_hash', type: 'varchar', length: '64' },
          { name: 'auth_session_id', ...uuid },
          { name: 'expires_at', type: ts },
          { name: 'used_at', type: ts, isNullable: true },
        ],
        uniques: [{ name: 'uq_stream_tickets_hash', columnNames: ['ticket_hash'] }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['auth_session_id'],
            referencedTableName: 'auth_sessions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_stream_tickets_auth_session_id',
            columnNames: ['auth_session_id'],
          }),
          new TableIndex({ name: 'ix_stream_tickets_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('stream_tickets');
  }
}
