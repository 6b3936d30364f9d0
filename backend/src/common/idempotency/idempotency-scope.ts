import { AsyncLocalStorage } from 'node:async_hooks';
import { ConflictException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

/** The Idempotency-Key of the write in progress, recorded by the write's own transaction. */
export interface PendingKey {
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  status: number;
  recorded: boolean;
}

export const pending = new AsyncLocalStorage<PendingKey>();

/** JSON with object keys sorted, so that the same body always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
};

/**
 * Called by the unit of work (Db.transaction) with the write's result, inside its transaction: the
 * key, the request's hash and the response are stored with the write, or neither is. A second
 * request with the same key that got this far (a concurrent duplicate) fails on the key: 409.
 */
export async function recordIdempotentResponse(em: EntityManager, result: unknown): Promise<void> {
  const key = pending.getStore();
  if (!key || key.recorded) return;
  try {
    await em.insert(IdempotencyKey, {
      userId: key.userId,
      key: key.key,
      method: key.method,
      path: key.path,
      requestHash: key.requestHash,
      status: key.status,
      response: JSON.stringify(result ?? null),
      createdAt: new Date(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictException(
        'A request with this Idempotency-Key is already being processed; retry to get its answer',
      );
    }
    throw error;
  }
  key.recorded = true;
}
