import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * One slot of a scheduled job, run by one instance: the slot is the start of its interval on the
 * wall clock (floor(now / interval)), so every instance names a tick the same way. A row whose
 * `finishedAt` is set is never run again; one without was claimed by a run that did not finish.
 */
@Entity('scheduler_runs')
export class SchedulerRun {
  @PrimaryColumn({ type: 'varchar', length: 64 }) job: string;
  @PrimaryColumn({ type: TIMESTAMP }) slotStart: Date;
  @Column({ type: 'integer' }) intervalSeconds: number;
  @Column({ type: 'varchar', length: 120 }) instance: string;
  /** The `now` the run evaluated at (reads treat the rules as fresh from it). */
  @Column({ type: TIMESTAMP }) startedAt: Date;
  @Column({ type: TIMESTAMP, nullable: true }) finishedAt: Date | null;
}
