import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Signals engine: per-clinic thresholds, and on flags the subject key (the session, or the patient
 * for patient rules), the triggering record ids, and the acknowledgement note. A partial unique
 * index keeps at most one active (open or acknowledged) flag per rule and subject.
 */
export class Signals1764633600000 implements MigrationInterface {
  name = 'Signals1764633600000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.addColumns('clinics', [
      new TableColumn({ name: 'thresholds', type: 'text', isNullable: true }),
      new TableColumn({
        name: 'thresholds_version',
        type: 'integer',
        isNullable: false,
        default: 1,
      }),
    ]);
    await q.addColumns('flags', [
      new TableColumn({
        name: 'subject_key',
        type: pg ? 'uuid' : 'varchar',
        length: pg ? undefined : '36',
        isNullable: true,
      }),
      new TableColumn({ name: 'triggers', type: 'text', isNullable: true }),
      new TableColumn({ name: 'acknowledge_note', type: 'text', isNullable: true }),
    ]);
    await q.query(
      `UPDATE flags SET subject_key = COALESCE(session_id, patient_id), triggers = '[]'`,
    );
    await q.createIndex(
      'flags',
      new TableIndex({
        name: 'uq_flags_active_rule_subject',
        columnNames: ['rule', 'subject_key'],
        isUnique: true,
        where: `status <> 'resolved'`,
      }),
    );
    await q.createIndex(
      'flags',
      new TableIndex({ name: 'ix_flags_subject_key_rule', columnNames: ['subject_key', 'rule'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('flags', 'ix_flags_subject_key_rule');
    await q.dropIndex('flags', 'uq_flags_active_rule_subject');
    await q.dropColumns('flags', ['subject_key', 'triggers', 'acknowledge_note']);
    await q.dropColumns('clinics', ['thresholds', 'thresholds_version']);
  }
}
