import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CssrsDto, ListResponse, SafetyPlanDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, setEtag } from '../common/http/etag';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { CreateCssrsDto } from './dto/cssrs.dto';
import { PutSafetyPlanDto } from './dto/safety-plan.dto';
import { SuicideRiskService } from './suicide-risk.service';

/** API.md "v2 additions > Suicide risk": C-SSRS screeners and the safety plan (CLINICAL.md s10). */
@ApiTags('suicide risk')
@UseInterceptors(IdempotencyInterceptor)
@Controller('patients/:id')
export class SuicideRiskController {
  constructor(private readonly suicideRisk: SuicideRiskService) {}

  /** The server computes the Columbia triage level; high and moderate raise a flag. */
  @Post('cssrs')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse')
  recordCssrs(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateCssrsDto,
  ): Promise<CssrsDto> {
    return this.suicideRisk.recordCssrs(actor, id, dto);
  }

  @Get('cssrs')
  @Allow('psychiatrist', 'nurse', 'manager')
  listCssrs(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<CssrsDto>> {
    return this.suicideRisk.listCssrs(actor, id, query);
  }

  /** The current plan (its version is the ETag); 404 when the patient has none. */
  @Get('safety-plan')
  @Allow('psychiatrist', 'nurse', 'manager')
  async safetyPlan(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SafetyPlanDto> {
    const plan = await this.suicideRisk.safetyPlan(actor, id);
    setEtag(res, plan.version);
    return plan;
  }

  /** Writes a new version; If-Match (the version edited) is required once a plan exists. */
  @Put('safety-plan')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The plan version edited, e.g. "2": required when the patient has a plan (none: 428, stale: 412)',
  })
  async putSafetyPlan(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutSafetyPlanDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SafetyPlanDto> {
    const plan = await this.suicideRisk.putSafetyPlan(actor, id, optionalIfMatch(ifMatch), dto);
    setEtag(res, plan.version);
    return plan;
  }

  /** Every version, newest first. */
  @Get('safety-plan/versions')
  @Allow('psychiatrist', 'nurse', 'manager')
  safetyPlanVersions(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<SafetyPlanDto>> {
    return this.suicideRisk.safetyPlanVersions(actor, id, query);
  }
}
