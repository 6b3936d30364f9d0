import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiTags } from '@nestjs/swagger';
import type { ListResponse, Phq9Dto, RiskEventDto, SideEffectDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { AssessmentsService } from './assessments.service';
import { CreatePhq9Dto, CreateRiskEventDto } from './dto/assessment.dto';

@ApiTags('assessments')
@UseInterceptors(IdempotencyInterceptor)
@Controller('patients/:id')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post('phq9')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse')
  recordPhq9(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreatePhq9Dto,
  ): Promise<Phq9Dto> {
    return this.assessments.recordPhq9(actor, id, dto);
  }

  @Get('phq9')
  @Allow('psychiatrist', 'nurse', 'manager')
  listPhq9(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<Phq9Dto>> {
    return this.assessments.listPhq9(actor, id, query);
  }

  @Post('risk-events')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse')
  recordRiskEvent(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateRiskEventDto,
  ): Promise<RiskEventDto> {
    return this.assessments.recordRiskEvent(actor, id, dto);
  }

  @Get('risk-events')
  @Allow('psychiatrist', 'nurse', 'manager')
  listRiskEvents(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<RiskEventDto>> {
    return this.assessments.listRiskEvents(actor, id, query);
  }

  @Get('side-effects')
  @Allow('psychiatrist', 'nurse', 'manager')
  listSideEffects(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<SideEffectDto>> {
    return this.assessments.listSideEffects(actor, id, query);
  }
}
