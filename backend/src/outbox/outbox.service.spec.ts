import { Logger } from '@nestjs/common';
import type { AuditService } from '../common/audit/audit.service';
import type { AppConfig } from '../config/config';
import type { Db } from '../common/transactions/db.service';
import type { FollowUpsService } from '../followups/follow-ups.service';
import { OutboxService } from './outbox.service';

describe('OutboxService delivery timer', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('a round that fails because the database is unavailable is logged, not left to end the process', async () => {
    jest.useFakeTimers();
    const unavailable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const read = jest.fn().mockRejectedValue(unavailable);
    const db = { read, kind: 'postgres' } as unknown as Db;
    const config = { outboxIntervalSeconds: 5, smtpUrl: null, mailFrom: 'x@y.z' } as AppConfig;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    const outbox = new OutboxService(db, {} as AuditService, {} as FollowUpsService, config);
    try {
      outbox.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(5_000);
      // Let a rejection that nobody handled surface.
      jest.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(read).toHaveBeenCalledTimes(1);
      expect(logged).toHaveBeenCalledWith('outbox delivery round failed: ECONNREFUSED');
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      outbox.onApplicationShutdown();
      process.off('unhandledRejection', unhandled);
    }
  });
});
