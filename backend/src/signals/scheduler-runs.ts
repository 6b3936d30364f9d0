import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Instance } from '../common/instance/instance';
import { Db } from '../common/transactions/db.service';
import { SchedulerRun } from './scheduler-run.entity';

/** The job name of the time-based rules (monitoring.overdue...) in scheduler_runs. */
export const SIGNALS_JOB = 'signals.time-based';
/** Namespace (first key) of the scheduler's PostgreSQL advisory locks; the second is the job's. */
const LOCK_NAMESPACE = 7_270_002;
/** Rows of finished slots are kept this long (to see which instance ran what), then deleted. */
const KEEP_MS = 7 * 86_400_000;

/**
 * - `ran`: this instance ran the slot;
 * - `done`: the slot had already been run (by any instance);
 * - `busy`: another instance holds the job's lock (it is running this slot, or a late earlier one).
 */
export type SlotOutcome = 'ran' | 'done' | 'busy';

/** The start of the wall-clock slot `at` falls in: floor(at / interval) * interval. */
export function slotStart(at: Date, intervalSeconds: number): Date {
  const ms = intervalSeconds * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** A stable 31-bit key for a job name (the second key of pg_try_advisory_lock(int, int)). */
export function jobLockKey(job: string): number {
  let h = 0;
  for (const ch of job) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
}

/**
 * Runs each slot of a scheduled job exactly once across API instances.
 *
 * PostgreSQL: a run holds the job's session advisory lock (pg_try_advisory_lock: an instance that
 * does not get it skips the slot, as another is running it) and, under it, looks the slot up in
 * scheduler_runs: a finished slot is never run again; otherwise the slot is recorded as started by
 * this instance (committed at once), the work runs in its own transactions, and the slot is marked
 * finished. A slot left unfinished by a crashed instance (its lock went with its connection) is
 * taken over by the next instance that gets the lock in that slot; the time-based rules are safe
 * to run twice. SQLite: one instance by design, the same table without the lock.
 */
@Injectable()
export class SchedulerRuns {
  constructor(
    private readonly db: Db,
    private readonly instance: Instance,
  ) {}

  async runSlot(
    job: string,
    slot: Date,
    intervalSeconds: number,
    work: (now: Date) => Promise<unknown>,
  ): Promise<SlotOutcome> {
    if (this.db.kind !== 'postgres') return this.claimAndRun(job, slot, intervalSeconds, work);
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const key = jobLockKey(job);
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        LOCK_NAMESPACE,
        key,
      ])) as { locked: boolean }[];
      if (!row?.locked) return 'busy';
      try {
        return await this.claimAndRun(job, slot, intervalSeconds, work);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * The `now` of the newest finished run of `job` (null: none), read through `em` (one indexed
   * row: the primary key is (job, slot_start)).
   */
  async lastFinished(em: EntityManager, job: string): Promise<Date | null> {
    const run = await em
      .createQueryBuilder(SchedulerRun, 'r')
      .select(['r.startedAt'])
      .where('r.job = :job', { job })
      .andWhere('r.finishedAt IS NOT NULL')
      .orderBy('r.slotStart', 'DESC')
      .limit(1)
      .getOne();
    return run?.startedAt ?? null;
  }

  private async claimAndRun(
    job: string,
    slot: Date,
    intervalSeconds: number,
    work: (now: Date) => Promise<unknown>,
  ): Promise<SlotOutcome> {
    const now = await this.db.transaction(async (em) => {
      const existing = await em.findOne(SchedulerRun, { where: { job, slotStart: slot } });
      if (existing?.finishedAt) return null;
      const startedAt = new Date();
      if (existing) {
        // Claimed by a run that did not finish (its instance stopped): taken over.
        await em.update(
          SchedulerRun,
          { job, slotStart: slot },
          { instance: this.instance.id, startedAt },
        );
      } else {
        await em.insert(SchedulerRun, {
          job,
          slotStart: slot,
          intervalSeconds,
          instance: this.instance.id,
          startedAt,
          finishedAt: null,
        });
      }
      return startedAt;
    });
    if (now === null) return 'done';
    await work(now);
    await this.db.transaction(async (em) => {
      await em.update(SchedulerRun, { job, slotStart: slot }, { finishedAt: new Date() });
      await em
        .createQueryBuilder()
        .delete()
        .from(SchedulerRun)
        .where('job = :job AND slot_start < :before', {
          job,
          before: new Date(now.getTime() - KEEP_MS),
        })
        .execute();
    });
    return 'ran';
  }
}
