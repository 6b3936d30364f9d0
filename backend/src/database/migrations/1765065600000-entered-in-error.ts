import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** The clinical records that can be marked entered in error (API.md: never deleted). */
export const AMENDABLE_TABLES = [
  'dosing_sessions',
  'observations',
  'side_effects',
  'phq9_assessments',
  'risk_events',
] as const;

/**
 * Amendments, never deletes: each clinical record can be marked entered in error, with who, when
 * and why. Marked records stay in history and drop out of scores, charts, flags and outcomes.
 * Also the indexes the outcomes statement reads by (first sessions by clinic and time).
 */
export class EnteredInError1765065600000 implements MigrationInterface {
  name = 'EnteredInError1765065600000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    for (const table of AMENDABLE_TABLES) {
      await q.addColumns(table, [
        new TableColumn({
          name: 'entered_in_error_at',
          type: pg ? 'timestamptz' : 'datetime',
          isNullable: true,
        }),
        new TableColumn({
          name: 'entered_in_error_by',
          type: pg ? 'uuid' : 'varchar',
          length: pg ? undefined : '36',
          isNullable: true,
        }),
        new TableColumn({
          name: 'entered_in_error_reason',
          type: 'varchar',
          length: '500',
          isNullable: true,
        }),
      ]);
    }
    await q.createIndex(
      'dosing_sessions',
      new TableIndex({
        name: 'idx_dosing_sessions_clinic_started',
        columnNames: ['clinic_id', 'started_at'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dosing_sessions', 'idx_dosing_sessions_clinic_started');
    for (const table of AMENDABLE_TABLES) {
      await q.dropColumns(table, [
        'entered_in_error_at',
        'entered_in_error_by',
        'entered_in_error_reason',
      ]);
    }
  }
}
