import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiTags } from '@nestjs/swagger';
import type { EnteredInErrorDto as EnteredInErrorResult } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { AmendmentsService } from './amendments.service';
import { EnteredInErrorDto } from './dto/entered-in-error.dto';

/** `POST .../entered-in-error` (API.md): records are marked, never deleted. */
@ApiTags('amendments')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class AmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  /** Psychiatrists only: the session, its dose and its number leave the course. */
  @Post('sessions/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist')
  session(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EnteredInErrorResult> {
    return this.amendments.markEnteredInError(actor, 'session', id, dto.reason);
  }

  @Post('observations/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  observation(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EnteredInErrorResult> {
    return this.amendments.markEnteredInError(actor, 'observation', id, dto.reason);
  }

  @Post('side-effects/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  sideEffect(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EnteredInErrorResult> {
    return this.amendments.markEnteredInError(actor, 'side_effect', id, dto.reason);
  }

  @Post('phq9/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  phq9(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EnteredInErrorResult> {
    return this.amendments.markEnteredInError(actor, 'phq9', id, dto.reason);
  }

  @Post('risk-events/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  riskEvent(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<EnteredInErrorResult> {
    return this.amendments.markEnteredInError(actor, 'risk_event', id, dto.reason);
  }
}
