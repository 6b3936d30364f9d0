import { Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service';
import { AuditController } from './audit.controller';

/**
 * Reading the audit log (managers: their clinics; administrators: all) and verifying its chain.
 * Writing it is common/ (AuditService, below every feature); reading it names the users and
 * patients involved, so it is a feature above users/ and patients/.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditLogService],
})
export class AuditLogModule {}
