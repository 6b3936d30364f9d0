import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * v2 (CLINICAL.md s3 "Ordered, then started", API.md "Ordered and started sessions"): a session can
 * be ordered (status `ordered`, its planned time in `planned_at`) and started later, or cancelled.
 * `started_at` stays required: while ordered it holds the planned time, and only sessions
 * `in_progress` or `discharged` are read as given. Existing rows keep their status (in_progress or
 * discharged) and are not retrospective. The user columns keep no foreign key, as an audit trail of
 * who did it that outlives the account would need (the audit log is the reference).
 */
export class OrderedSessions1766188800000 implements MigrationInterface {
  name = 'OrderedSessions1766188800000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const ts = pg ? 'timestamptz' : 'datetime';
    const uuid = pg ? 'uuid' : 'varchar';
    await q.addColumns('dosing_sessions', [
      new TableColumn({ name: 'planned_at', type: ts, isNullable: true }),
      new TableColumn({
        name: 'retrospective',
        type: 'boolean',
        isNullable: false,
        default: pg ? 'false' : 0,
      }),
      new TableColumn({ name: 'started_by', type: uuid, isNullable: true }),
      new TableColumn({ name: 'start_override_reason', type: 'text', isNullable: true }),
      new TableColumn({ name: 'start_overridden_checks', type: 'text', isNullable: true }),
      new TableColumn({ name: 'cancelled_at', type: ts, isNullable: true }),
      new TableColumn({ name: 'cancelled_by', type: uuid, isNullable: true }),
      new TableColumn({ name: 'cancel_reason', type: 'text', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM dosing_sessions WHERE status IN ('ordered', 'cancelled')`);
    for (const column of [
      'cancel_reason',
      'cancelled_by',
      'cancelled_at',
      'start_overridden_checks',
      'start_override_reason',
      'started_by',
      'retrospective',
      'planned_at',
    ]) {
      await q.dropColumn('dosing_sessions', column);
    }
  }
}
