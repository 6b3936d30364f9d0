import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SignalsService } from './signals.service';

/**
 * Runs the time-based rules (monitoring.overdue, dissociation.unresolved, followup.missed) on a
 * timer. Reads of flags, sessions and the board also run them when the last run is older than a
 * tick, so a missed tick never hides a flag.
 */
@Injectable()
export class SignalsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SignalsScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly signals: SignalsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.signalsIntervalSeconds === 0) return;
    this.timer = setInterval(() => void this.run(), this.config.signalsIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (this.running) return; // a slow tick is never overlapped by the next
    this.running = true;
    try {
      await this.signals.tick();
    } catch (error) {
      this.logger.error(
        `time-based evaluation failed: ${error instanceof Error ? error.name : 'error'}`,
      );
    } finally {
      this.running = false;
    }
  }
}
