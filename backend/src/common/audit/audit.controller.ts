import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEntryDto, AuditVerifyDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../auth/actor';
import { Allow } from '../auth/allow.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AuditLogService } from './audit-log.service';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  /** Walks the hash chain: the first entry that was changed, removed or inserted out of order. */
  @Get('verify')
  @Allow('admin')
  verify(): Promise<AuditVerifyDto> {
    return this.auditLog.verify();
  }

  @Get()
  @Allow('manager', 'admin')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: AuditQuery,
  ): Promise<ListResponse<AuditEntryDto>> {
    return this.auditLog.list(actor, query);
  }
}
