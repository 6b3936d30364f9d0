import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchedulerRuns, SIGNALS_JOB, slotStart } from './scheduler-runs';
import { SignalsService } from './signals.service';

/** What this instance did with the slots it was woken for (for the tests and diagnostics). */
export interface SchedulerStats {
  /** Slots this instance tried (woken for, and not still busy with the previous one). */
  attempts: number;
  ran: number;
  /** Already run by an instance. */
  done: number;
  /** Another instance held the lock. */
  busy: number;
  /** This instance was still running its previous slot. */
  overlapped: number;
  failed: number;
}

/**
 * Runs the time-based rules (monitoring.overdue, dissociation.unresolved, followup.missed) once
 * per wall-clock slot of SIGNALS_INTERVAL_SECONDS across all API instances: each instance wakes at
 * the start of every slot and SchedulerRuns lets exactly one of them run it. Reads of flags,
 * sessions and the board also run the rules when the last run is older than a tick, so a missed
 * tick never hides a flag.
 */
@Injectable()
export class SignalsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SignalsScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly stats: SchedulerStats = {
    attempts: 0,
    ran: 0,
    done: 0,
    busy: 0,
    overlapped: 0,
    failed: 0,
  };

  constructor(
    private readonly signals: SignalsService,
    private readonly runs: SchedulerRuns,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.signalsIntervalSeconds === 0) return;
    this.stopped = false;
    this.scheduleNext();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Let a run in progress finish: its slot is then marked done rather than left to be taken over.
    await this.running;
  }

  /** Runs the slot that starts at `slot` unless another instance has run it or is running it. */
  async runSlot(slot: Date): Promise<void> {
    if (this.running) {
      // A slow run is never overlapped by the next slot on this instance.
      this.stats.overlapped += 1;
      return;
    }
    this.stats.attempts += 1;
    const run = this.runs
      .runSlot(SIGNALS_JOB, slot, this.config.signalsIntervalSeconds, (now) =>
        this.signals.tick(now),
      )
      .then(
        (outcome) => {
          this.stats[outcome] += 1;
        },
        (error: unknown) => {
          this.stats.failed += 1;
          this.logger.error(
            `time-based evaluation failed: ${error instanceof Error ? error.name : 'error'}`,
          );
        },
      )
      .finally(() => {
        this.running = null;
      });
    this.running = run;
    await run;
  }

  /** Wakes at the start of the next wall-clock slot, so every instance names it the same way. */
  private scheduleNext(previous: Date | null = null): void {
    if (this.stopped) return;
    const intervalMs = this.config.signalsIntervalSeconds * 1000;
    const upcoming = slotStart(
      new Date(Date.now() + intervalMs),
      this.config.signalsIntervalSeconds,
    );
    // A timer may fire a millisecond early: never wake twice for one slot.
    const next =
      previous && upcoming.getTime() <= previous.getTime()
        ? new Date(previous.getTime() + intervalMs)
        : upcoming;
    this.timer = setTimeout(
      () => {
        this.scheduleNext(next);
        void this.runSlot(next);
      },
      Math.max(0, next.getTime() - Date.now()),
    );
    this.timer.unref();
  }
}
