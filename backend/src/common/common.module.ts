import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditService } from './audit/audit.service';
import { ScopedReads } from './audit/scoped-read';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { Instance } from './instance/instance';
import { Db } from './transactions/db.service';

/**
 * What every feature builds on: transactions (Db, which appends the audit chain and idempotent
 * responses), the audit trail (read by audit-log/), this instance's identity. Global: the layer below all.
 */
@Global()
@Module({
  providers: [Db, Instance, AuditService, ScopedReads],
  exports: [Db, Instance, AuditService, ScopedReads],
})
export class CommonModule {
  static readonly entities: readonly EntityClass[] = [AuditEntry, IdempotencyKey];
}
