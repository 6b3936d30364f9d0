import type { LoggerService } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import type { BoardEventDto } from '@clinic/shared';
import { maskDatabaseUrl } from '../config/config';

const EVENT_TYPES: ReadonlySet<string> = new Set<BoardEventDto['type']>([
  'observation',
  'flag',
  'discharge',
  'session',
  'side_effect',
  'phq9',
]);

/** What goes over the channel: the event (ids only) and the instance that published it. */
interface Envelope {
  origin: string;
  event: BoardEventDto;
}

export type RedisStatus = 'up' | 'down';

/** Reconnection back-off: 100 ms, 200 ms... at most 5 s between attempts, for ever. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt - 1, 6), 5_000);
}

/**
 * Live-board events across API instances through Redis pub/sub. Each instance delivers its own
 * events to its own clients at once (so they never depend on Redis) and publishes them; the
 * subscriber drops messages whose origin is this instance, so every client gets each event
 * exactly once. While Redis is unreachable a publish is dropped at once (no queue that would grow
 * through an outage or replay stale events later), the clients of this instance still get this
 * instance's events, and both connections retry by themselves; an outage is logged once, without
 * event content.
 */
export class RedisFanout {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly display: string;
  private outage = false;
  private closing = false;
  /** Events this instance could not publish (Redis down); for /health and the tests. */
  dropped = 0;

  constructor(
    url: string,
    private readonly channel: string,
    private readonly origin: string,
    private readonly deliver: (event: BoardEventDto) => void,
    private readonly logger: Pick<LoggerService, 'log' | 'warn'>,
  ) {
    this.display = maskDatabaseUrl(url);
    const common: RedisOptions = {
      connectionName: 'ketamine-board',
      retryStrategy: reconnectDelay,
      connectTimeout: 5_000,
      // close() ends a connection that is not up at once (ioredis waits 2 s for its dead socket).
      disconnectTimeout: 200,
    };
    // Publishing fails fast while disconnected; subscribing waits for the connection.
    this.publisher = new Redis(url, { ...common, enableOfflineQueue: false });
    this.subscriber = new Redis(url, { ...common, maxRetriesPerRequest: null });
    for (const connection of [this.publisher, this.subscriber]) {
      // Every failed (re)connection attempt emits 'error'; a clean close is followed by one.
      connection.on('error', (error: Error) => this.down(error));
      connection.on('ready', () => this.up());
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
    this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      if (!this.closing) this.down(error instanceof Error ? error : null);
    });
  }

  /** 'up' when both connections are ready (events published here reach the other instances and back). */
  status(): RedisStatus {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready' ? 'up' : 'down';
  }

  publish(event: BoardEventDto): void {
    const envelope: Envelope = { origin: this.origin, event };
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch((error: unknown) => {
      this.dropped += 1;
      this.down(error instanceof Error ? error : null);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [this.subscriber, this.publisher].map(async (connection) => {
        if (connection.status === 'ready') {
          await connection.quit().catch(() => connection.disconnect());
        } else {
          connection.disconnect();
        }
      }),
    );
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    if (!envelope || typeof envelope !== 'object' || envelope.origin === this.origin) return;
    const event = envelope.event as Partial<BoardEventDto> | undefined;
    if (
      !event ||
      typeof envelope.origin !== 'string' ||
      !EVENT_TYPES.has(event.type as string) ||
      typeof event.clinicId !== 'string' ||
      typeof event.patientId !== 'string' ||
      (event.sessionId !== null && typeof event.sessionId !== 'string') ||
      typeof event.at !== 'string'
    ) {
      return;
    }
    // Only the known fields go on: the stream carries ids, whatever else a message held.
    this.deliver({
      type: event.type as BoardEventDto['type'],
      clinicId: event.clinicId,
      sessionId: event.sessionId ?? null,
      patientId: event.patientId,
      at: event.at,
    });
  }

  /** One log line per outage, however many attempts fail. */
  private down(error: NodeJS.ErrnoException | null): void {
    if (this.closing || this.outage) return;
    this.outage = true;
    const code = error?.code ?? error?.name ?? 'connection closed';
    this.logger.warn(
      `Redis at ${this.display} is unavailable (${code}): live-board events reach this instance's clients only until it reconnects`,
    );
  }

  private up(): void {
    if (this.status() !== 'up' || !this.outage) return;
    this.outage = false;
    this.logger.log(`Redis at ${this.display} reconnected: live-board events fan out again`);
  }
}
