import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/** Patient contact details for follow-up links, and the outbox that delivers them. */
export class Outbox1764892800000 implements MigrationInterface {
  name = 'Outbox1764892800000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    await q.addColumns('patients', [
      new TableColumn({ name: 'email', type: 'varchar', length: '254', isNullable: true }),
      new TableColumn({ name: 'phone', type: 'varchar', length: '20', isNullable: true }),
    ]);
    await q.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'follow_up_id', ...uuid },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'channel', type: 'varchar', length: '8' },
          { name: 'recipient', type: 'varchar', length: '254' },
          { name: 'subject', type: 'varchar', length: '200' },
          { name: 'body', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'varchar', length: '200', isNullable: true },
          { name: 'next_attempt_at', type: ts },
          { name: 'created_by', ...uuid, isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'sent_at', type: ts, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['follow_up_id'],
            referencedTableName: 'follow_up_requests',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['patient_id'],
            referencedTableName: 'patients',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['clinic_id'],
            referencedTableName: 'clinics',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_outbox_messages_status_next_attempt_at',
            columnNames: ['status', 'next_attempt_at'],
          }),
          new TableIndex({
            name: 'ix_outbox_messages_follow_up_id',
            columnNames: ['follow_up_id'],
          }),
          new TableIndex({ name: 'ix_outbox_messages_patient_id', columnNames: ['patient_id'] }),
          new TableIndex({ name: 'ix_outbox_messages_clinic_id', columnNames: ['clinic_id'] }),
          new TableIndex({ name: 'ix_outbox_messages_created_by', columnNames: ['created_by'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_messages');
    await q.dropColumns('patients', ['email', 'phone']);
  }
}
