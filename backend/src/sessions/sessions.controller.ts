import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  DischargeReadinessDto,
  ListResponse,
  ObservationDto,
  SessionDto,
  SessionSummaryDto,
  SideEffectDto,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, setEtag } from '../common/http/etag';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { UuidPipe } from '../common/validation/uuid.pipe';
import {
  CreateObservationDto,
  CreateSessionDto,
  CreateSideEffectDto,
  DischargeDto,
  CancelSessionDto,
  StartSessionDto,
} from './dto/session.dto';
import { SessionOrdersService } from './session-orders.service';
import { ObservationsService } from './observations.service';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly observations: ObservationsService,
    private readonly orders: SessionOrdersService,
  ) {}

  @Post('patients/:id/sessions')
  @HttpCode(201)
  @Allow('psychiatrist')
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) patientId: string,
    @Body() dto: CreateSessionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.sessions.create(actor, patientId, dto);
    setEtag(res, session.version);
    return session;
  }

  @Get('patients/:id/sessions')
  @Allow('psychiatrist', 'nurse', 'manager')
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) patientId: string,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<SessionSummaryDto>> {
    return this.sessions.listForPatient(actor, patientId, query);
  }

  @Get('sessions/:id')
  @Allow('psychiatrist', 'nurse', 'manager')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.sessions.get(actor, id);
    setEtag(res, session.version);
    return session;
  }

  @Post('sessions/:id/observations')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse')
  recordObservation(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateObservationDto,
  ): Promise<ObservationDto> {
    return this.observations.record(actor, id, dto);
  }

  @Post('sessions/:id/side-effects')
  @HttpCode(201)
  @Allow('psychiatrist', 'nurse')
  recordSideEffect(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: CreateSideEffectDto,
  ): Promise<SideEffectDto> {
    return this.observations.recordSideEffect(actor, id, dto);
  }

  @Get('sessions/:id/discharge-readiness')
  @Allow('psychiatrist', 'nurse', 'manager')
  readiness(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
  ): Promise<DischargeReadinessDto> {
    return this.sessions.readiness(actor, id);
  }

  /** If-Match (optional): the session version the user saw; a change since then is 412. */
  @Post('sessions/:id/discharge')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The session version, e.g. "2" (stale: 412)',
  })
  async discharge(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: DischargeDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.sessions.discharge(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, session.version);
    return session;
  }

  /**
   * v2: starts an ordered session (the dose is given) after the pre-dose checks; 422 with the
   * failed checks unless a psychiatrist overrides with a reason (a nurse's override is 403).
   * If-Match (optional): stale is 412; without it a concurrent start loses with 409.
   */
  @Post('sessions/:id/start')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The session version, e.g. "1" (stale: 412)',
  })
  async start(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: StartSessionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.orders.start(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, session.version);
    return session;
  }

  /** v2: cancels an ordered session (not started); an in-progress one is 422. */
  @Post('sessions/:id/cancel')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The session version, e.g. "1" (stale: 412)',
  })
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: CancelSessionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const session = await this.orders.cancel(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, session.version);
    return session;
  }
}
