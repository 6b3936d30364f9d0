import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditLogService } from './audit/audit-log.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { Instance } from './instance/instance';
import { Db } from './transactions/db.service';

/**
 * What every feature builds on: transactions (Db, which appends the audit chain and idempotent
 * responses), the audit trail and its log, this instance's identity. Global: the layer below all.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [Db, Instance, AuditService, AuditLogService],
  exports: [Db, Instance, AuditService],
})
export class CommonModule {
  static readonly entities: readonly EntityClass[] = [AuditEntry, IdempotencyKey];
}
