import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { BoardEventDto } from '@clinic/shared';
import { Instance } from '../common/instance/instance';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Db } from '../common/transactions/db.service';
import { RedisFanout, type RedisStatus } from './redis-fanout';

/**
 * Live-board events: published after the unit of work commits, carried to every /board/stream
 * subscriber of the clinic. Events hold ids only; clients reload the board. With REDIS_URL set,
 * they also fan out to the other API instances (RedisFanout) and theirs come in here.
 */
@Injectable()
export class BoardEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('BoardEvents');
  private readonly subject = new Subject<BoardEventDto>();
  readonly events$: Observable<BoardEventDto> = this.subject.asObservable();
  private fanout: RedisFanout | null = null;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly instance: Instance,
  ) {}

  onModuleInit(): void {
    if (!this.config.redisUrl) return;
    this.fanout = new RedisFanout(
      this.config.redisUrl,
      this.config.redisChannel,
      this.instance.id,
      (event) => this.subject.next(event),
      this.logger,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const fanout = this.fanout;
    this.fanout = null;
    await fanout?.close();
  }

  publish(event: Omit<BoardEventDto, 'at'>): void {
    this.db.afterCommit(() => {
      const full: BoardEventDto = { ...event, at: new Date().toISOString() };
      this.subject.next(full);
      this.fanout?.publish(full);
    });
  }

  /** null when no Redis is configured. */
  redisStatus(): RedisStatus | null {
    return this.fanout ? this.fanout.status() : null;
  }
}
