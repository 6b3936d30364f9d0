import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, setEtag } from '../common/http/etag';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { type AmendmentResult, AmendmentsService } from './amendments.service';
import { EnteredInErrorDto } from './dto/entered-in-error.dto';

/** `POST .../entered-in-error` (API.md): records are marked, never deleted. */
@ApiTags('amendments')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class AmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  /**
   * Psychiatrists only: the session, its dose and its number leave the course. Sessions are
   * versioned: If-Match (optional) is checked (stale: 412) and the new version is the ETag.
   */
  @Post('sessions/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The session version, e.g. "2" (stale: 412)',
  })
  async session(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: EnteredInErrorDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AmendmentResult> {
    const result = await this.amendments.markEnteredInError(
      actor,
      'session',
      id,
      dto.reason,
      optionalIfMatch(ifMatch),
    );
    if (result.version !== undefined) setEtag(res, result.version);
    return result;
  }

  @Post('observations/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  observation(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<AmendmentResult> {
    return this.amendments.markEnteredInError(actor, 'observation', id, dto.reason);
  }

  @Post('side-effects/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  sideEffect(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<AmendmentResult> {
    return this.amendments.markEnteredInError(actor, 'side_effect', id, dto.reason);
  }

  @Post('phq9/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  phq9(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<AmendmentResult> {
    return this.amendments.markEnteredInError(actor, 'phq9', id, dto.reason);
  }

  @Post('risk-events/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  riskEvent(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<AmendmentResult> {
    return this.amendments.markEnteredInError(actor, 'risk_event', id, dto.reason);
  }

  /** A C-SSRS screener (v2): it leaves the suicide_risk.* flags and no longer counts for item 9. */
  @Post('cssrs/:id/entered-in-error')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  cssrs(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<AmendmentResult> {
    return this.amendments.markEnteredInError(actor, 'cssrs', id, dto.reason);
  }
}
