import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { type AuditRow, appendAudit } from '../audit/audit-chain';
import { AuditedDenial, deniedPlacements } from '../auth/scope-violation';
import { recordIdempotentResponse } from '../idempotency/idempotency-scope';
import { newId } from '../ids';

/**
 * The unit of work. Every request that touches patient data runs in one transaction together with
 * its audit entry. On SQLite there is one connection (better-sqlite3 is synchronous), so units of
 * work are queued one after another; on PostgreSQL they run concurrently on the pool.
 */
interface UnitOfWork {
  afterCommit: (() => void)[];
  /** Audit entries of the unit, appended to the hash chain as its last statement. */
  audit: AuditRow[];
}

@Injectable()
export class Db {
  private readonly logger = new Logger('Db');
  private queue: Promise<unknown> = Promise.resolve();
  private readonly units = new AsyncLocalStorage<UnitOfWork>();
  readonly kind: 'sqlite' | 'postgres';

  constructor(
    readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.kind = config.database.kind;
  }

  /**
   * Runs `work` in a transaction. An AuditedDenial rolls back, is audited as access_denied (under
   * the actor's clinics, never another clinic's: deniedPlacements), and becomes its HTTP answer
   * (404 or 403).
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const unit: UnitOfWork = { afterCommit: [], audit: [] };
    try {
      const result = await this.exclusive(() =>
        this.units.run(unit, () =>
          this.dataSource.transaction(async (em) => {
            const result = await work(em);
            // A write sent with an Idempotency-Key stores its response with it (or neither is kept).
            await recordIdempotentResponse(em, result);
            // Last: the audit chain's lock is held to commit and nothing else is awaited under it.
            await appendAudit(em, unit.audit);
            return result;
          }),
        ),
      );
      for (const callback of unit.afterCommit) {
        try {
          callback();
        } catch (error) {
          this.logger.error(
            `after-commit callback failed: ${error instanceof Error ? error.name : 'error'}`,
          );
        }
      }
      return result;
    } catch (error) {
      if (error instanceof AuditedDenial) {
        const at = new Date();
        await this.exclusive(() =>
          this.dataSource.transaction((em) =>
            appendAudit(
              em,
              deniedPlacements(error).map((placement) => ({
                id: newId(),
                at,
                actorId: error.actor.userId,
                actorRole: error.actor.role,
                action: 'access_denied' as const,
                resourceType: error.resourceType,
                resourceId: placement.resourceId,
                patientId: placement.patientId,
                clinicId: placement.clinicId,
                ip: error.actor.ip,
                outcome: 'denied' as const,
              })),
            ),
          ),
        );
        throw error.toHttp();
      }
      throw error;
    }
  }

  /**
   * Runs `callback` once the current unit of work has committed (at once outside one), so live
   * events never announce a change that could still roll back.
   */
  afterCommit(callback: () => void): void {
    const unit = this.units.getStore();
    if (unit) unit.afterCommit.push(callback);
    else callback();
  }

  /**
   * Audit entries written with `em`: within a unit of work they join its chain append at the end;
   * outside one (bootstrap) they are appended at once.
   */
  async audit(em: EntityManager, rows: AuditRow[]): Promise<void> {
    const unit = this.units.getStore();
    if (unit) unit.audit.push(...rows);
    else await appendAudit(em, rows);
  }

  /** Runs `work` without a transaction, still queued behind writes on SQLite (one connection). */
  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.kind !== 'sqlite') return fn();
    const run = this.queue.then(fn, fn);
    this.queue = run.catch((error: unknown) => {
      this.logger.debug(`unit of work failed: ${error instanceof Error ? error.name : 'error'}`);
    });
    return run;
  }
}
