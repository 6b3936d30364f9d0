import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Who answered each PHQ-9: `clinic` (recorded by staff) or `self_report` (the patient, through a
 * follow-up link). Earlier self-reports are found through the follow-up request that holds them.
 */
export class Phq9Source1764979200000 implements MigrationInterface {
  name = 'Phq9Source1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'phq9_assessments',
      new TableColumn({ name: 'source', type: 'varchar', length: '12', default: "'clinic'" }),
    );
    await q.query(
      `UPDATE phq9_assessments SET source = 'self_report'
        WHERE id IN (SELECT phq9_id FROM follow_up_requests WHERE phq9_id IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('phq9_assessments', 'source');
  }
}
