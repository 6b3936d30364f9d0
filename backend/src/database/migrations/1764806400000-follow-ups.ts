import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/** Remote follow-up PHQ-9 requests (24 h and 72 h after each dose), the clinic's crisis text, and app settings. */
export class FollowUps1764806400000 implements MigrationInterface {
  name = 'FollowUps1764806400000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'follow_up_requests',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'session_id', ...uuid },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'due_at', type: ts },
          { name: 'opens_at', type: ts },
          { name: 'expires_at', type: ts },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'completed_at', type: ts, isNullable: true },
          { name: 'phq9_id', ...uuid, isNullable: true },
          { name: 'created_at', type: ts },
        ],
        uniques: [
          { name: 'uq_follow_up_requests_token_hash', columnNames: ['token_hash'] },
          { name: 'uq_follow_up_requests_session_kind', columnNames: ['session_id', 'kind'] },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['session_id'],
            referencedTableName: 'dosing_sessions',
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
            columnNames: ['phq9_id'],
            referencedTableName: 'phq9_assessments',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({ name: 'ix_follow_up_requests_patient_id', columnNames: ['patient_id'] }),
          new TableIndex({
            name: 'ix_follow_up_requests_clinic_id_expires_at',
            columnNames: ['clinic_id', 'expires_at'],
          }),
          new TableIndex({ name: 'ix_follow_up_requests_phq9_id', columnNames: ['phq9_id'] }),
        ],
      }),
    );
    await q.addColumn(
      'clinics',
      new TableColumn({ name: 'crisis_text', type: 'text', isNullable: true }),
    );
    await q.createTable(
      new Table({
        name: 'app_settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('app_settings');
    await q.dropColumn('clinics', 'crisis_text');
    await q.dropTable('follow_up_requests');
  }
}
