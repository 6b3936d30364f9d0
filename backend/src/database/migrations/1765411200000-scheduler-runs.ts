import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Slots of scheduled jobs already run (exactly once across API instances). */
export class SchedulerRuns1765411200000 implements MigrationInterface {
  name = 'SchedulerRuns1765411200000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    const timestamp = pg ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'scheduler_runs',
        columns: [
          { name: 'job', type: 'varchar', length: '64', isPrimary: true },
          { name: 'slot_start', type: timestamp, isPrimary: true },
          { name: 'interval_seconds', type: 'integer' },
          { name: 'instance', type: 'varchar', length: '120' },
          { name: 'started_at', type: timestamp },
          { name: 'finished_at', type: timestamp, isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('scheduler_runs');
  }
}
