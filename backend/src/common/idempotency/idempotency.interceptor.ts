import { createHash } from 'node:crypto';
import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { LessThan } from 'typeorm';
import { Observable, of } from 'rxjs';
import { Db } from '../transactions/db.service';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { IdempotencyKey } from './idempotency-key.entity';
import { canonical, pending, type PendingKey } from './idempotency-scope';

/** Keys are kept at least this long (API.md: a retry within a day is answered from the record). */
export const IDEMPOTENCY_KEEP_MS = 48 * 3_600_000;
const CLEANUP_EVERY_MS = 3_600_000;

/**
 * Applied with @UseInterceptors to the controllers that write clinical records (not globally: an
 * interceptor defers the handler, and a Server-Sent Events route would then send its 200 before
 * its scope check could answer 404).
 *
 * Idempotency-Key on authenticated POSTs (API.md): a retry with the same key and body answers the
 * first response and creates nothing; the same key with another body is 422; a duplicate that
 * arrives while the first is still being written is 409. Keys are per user, kept 48 h.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastCleanup = 0;

  constructor(
    private readonly reflector: Reflector,
    private readonly db: Db,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined || !request.actor) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new BadRequestException([
        'Idempotency-Key must be 1-255 visible ASCII characters (no spaces)',
      ]);
    }
    const path = request.originalUrl;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${path}\n${canonical(request.body)}`)
      .digest('hex');
    await this.cleanup();
    const userId = request.actor.userId;
    const existing = await this.db.read((em) =>
      em.findOne(IdempotencyKey, { where: { userId, key } }),
    );
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new UnprocessableEntityException(
          'This Idempotency-Key was used for a different request',
        );
      }
      context.switchToHttp().getResponse<Response>().status(existing.status);
      return of(JSON.parse(existing.response) as unknown);
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const scope: PendingKey = {
      userId: request.actor.userId,
      key,
      method: request.method,
      path: path.slice(0, 300),
      requestHash,
      status,
      recorded: false,
    };
    return new Observable((subscriber) =>
      pending.run(scope, () => next.handle().subscribe(subscriber)),
    );
  }

  /** Now and then, keys older than IDEMPOTENCY_KEEP_MS go. */
  private async cleanup(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    const before = new Date(now - IDEMPOTENCY_KEEP_MS);
    await this.db.read((em) => em.delete(IdempotencyKey, { createdAt: LessThan(before) }));
  }
}
