import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * What the staff add to an esketamine session's REMS Patient Monitoring Form (CLINICAL.md s3,
 * API.md "REMS and printing (v2)"): the monitoring provider, the setting, corrections with their
 * reasons, and the submission. One row per session, created by the first PATCH or submission;
 * the dosing session itself is not changed.
 */
export class RemsSubmissions1766620800000 implements MigrationInterface {
  name = 'RemsSubmissions1766620800000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'rems_forms',
        columns: [
          { name: 'session_id', ...uuid, isPrimary: true },
          { name: 'clinic_id', ...uuid },
          { name: 'patient_id', ...uuid },
          { name: 'monitoring_provider', type: 'varchar', length: '200', isNullable: true },
          { name: 'setting', type: 'varchar', length: '200', isNullable: true },
          { name: 'corrections', type: 'text' },
          { name: 'submitted_at', type: ts, isNullable: true },
          { name: 'submitted_by', ...uuid, isNullable: true },
          { name: 'reference', type: 'varchar', length: '100', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['session_id'],
            referencedTableName: 'dosing_sessions',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['clinic_id'],
            referencedTableName: 'clinics',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['patient_id'],
            referencedTableName: 'patients',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['submitted_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
        // session_id is the primary key (indexed); every other foreign key gets its own index.
        indices: [
          new TableIndex({ name: 'ix_rems_forms_clinic_id', columnNames: ['clinic_id'] }),
          new TableIndex({ name: 'ix_rems_forms_patient_id', columnNames: ['patient_id'] }),
          new TableIndex({ name: 'ix_rems_forms_submitted_by', columnNames: ['submitted_by'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rems_forms');
  }
}
