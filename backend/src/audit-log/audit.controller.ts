import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  AuditActorDto,
  AuditEntryDto,
  AuditVerifyDto,
  AuditViewDto,
  ListResponse,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { AuditLogService } from './audit-log.service';
import { AuditActorsQuery, AuditQuery } from './dto/audit-query.dto';

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

  /** (v2, issue 20) The log one page view a row: each view with every record it read. */
  @Get('views')
  @Allow('manager', 'admin')
  views(
    @CurrentActor() actor: Actor,
    @Query() query: AuditQuery,
  ): Promise<ListResponse<AuditViewDto>> {
    return this.auditLog.views(actor, query);
  }

  /** (v2, issue 20) The staff the log can be filtered by (picked by name, sent by id). */
  @Get('actors')
  @Allow('manager', 'admin')
  actors(
    @CurrentActor() actor: Actor,
    @Query() query: AuditActorsQuery,
  ): Promise<ListResponse<AuditActorDto>> {
    return this.auditLog.actors(actor, query);
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
