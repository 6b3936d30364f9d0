import { Controller, Get } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthDto } from '@clinic/shared';
import { BoardEvents } from '../realtime/board-events.service';
import type { RedisStatus } from '../realtime/redis-fanout';
import { Public } from '../common/auth/allow.decorator';
import { ServiceUnavailableWith } from '../common/http/all-exceptions.filter';
import { Db } from '../common/transactions/db.service';

/** Longer than the pool's connect limit: a check that waits this long has met a dead connection. */
const CHECK_LIMIT_MS = 5_000;

/**
 * API.md's answer, plus `redis` ('up' | 'down') when REDIS_URL is set. Redis being down keeps the
 * answer 200: the instance serves everything, only the fan-out of live events to other instances
 * waits for it.
 */
export type HealthReport = HealthDto & { redis?: RedisStatus };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Db,
    private readonly events: BoardEvents,
  ) {}

  @Get()
  @Public()
  @ApiServiceUnavailableResponse({
    description:
      'The database cannot be reached: `{ statusCode: 503, error, message, status: "unavailable", database }` with Retry-After',
  })
  async health(): Promise<HealthReport> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.db.read((em) => em.query('SELECT 1')),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('health check timed out')), CHECK_LIMIT_MS);
        }),
      ]);
    } catch {
      throw new ServiceUnavailableWith('The database is unavailable', {
        status: 'unavailable',
        database: this.db.kind,
      });
    } finally {
      clearTimeout(timer);
    }
    const redis = this.events.redisStatus();
    return redis === null
      ? { status: 'ok', database: this.db.kind }
      : { status: 'ok', database: this.db.kind, redis };
  }
}
