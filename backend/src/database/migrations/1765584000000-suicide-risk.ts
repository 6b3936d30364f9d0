import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * The suicide-risk workflow (CLINICAL.md s10, v2): C-SSRS screeners (amendable: entered in error
 * like the other clinical records) and the versioned Stanley-Brown safety plans.
 */
export class SuicideRisk1765584000000 implements MigrationInterface {
  name = 'SuicideRisk1765584000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const uuid = { type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36' };
    const ts = pg ? 'timestamptz' : 'datetime';
    const patientAndClinic = [
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
    ];
    await q.createTable(
      new Table({
        name: 'cssrs_screenings',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'administered_at', type: ts },
          { name: 'wish_dead', type: 'boolean' },
          { name: 'suicidal_thoughts', type: 'boolean' },
          { name: 'method', type: 'boolean', isNullable: true },
          { name: 'intent', type: 'boolean', isNullable: true },
          { name: 'plan', type: 'boolean', isNullable: true },
          { name: 'behavior', type: 'boolean' },
          { name: 'behavior_past3_months', type: 'boolean', isNullable: true },
          { name: 'risk', type: 'varchar', length: '10' },
          { name: 'phq9_id', ...uuid, isNullable: true },
          { name: 'recorded_by', ...uuid, isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'entered_in_error_at', type: ts, isNullable: true },
          { name: 'entered_in_error_by', ...uuid, isNullable: true },
          { name: 'entered_in_error_reason', type: 'varchar', length: '500', isNullable: true },
        ],
        foreignKeys: [
          ...patientAndClinic,
          new TableForeignKey({
            columnNames: ['phq9_id'],
            referencedTableName: 'phq9_assessments',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_cssrs_screenings_patient_administered',
            columnNames: ['patient_id', 'administered_at'],
          }),
          new TableIndex({ name: 'ix_cssrs_screenings_phq9_id', columnNames: ['phq9_id'] }),
          new TableIndex({ name: 'ix_cssrs_screenings_clinic_id', columnNames: ['clinic_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'safety_plans',
        columns: [
          { name: 'id', ...uuid, isPrimary: true },
          { name: 'patient_id', ...uuid },
          { name: 'clinic_id', ...uuid },
          { name: 'version', type: 'integer' },
          { name: 'warning_signs', type: 'text' },
          { name: 'coping_strategies', type: 'text' },
          { name: 'social_distractions', type: 'text' },
          { name: 'help_contacts', type: 'text' },
          { name: 'professional_contacts', type: 'text' },
          { name: 'means_safety', type: 'text' },
          { name: 'reasons_for_living', type: 'text' },
          { name: 'updated_at', type: ts },
          { name: 'updated_by', ...uuid, isNullable: true },
        ],
        // Two saves of the same version collide here: the loser is told to reload (412).
        uniques: [
          { name: 'uq_safety_plans_patient_version', columnNames: ['patient_id', 'version'] },
        ],
        foreignKeys: patientAndClinic.map((fk) => fk.clone()),
        indices: [
          new TableIndex({ name: 'ix_safety_plans_clinic_id', columnNames: ['clinic_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('safety_plans');
    await q.dropTable('cssrs_screenings');
  }
}
