import { Body, Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type {
  FollowUpDto,
  ListResponse,
  SelfReportInfoDto,
  SelfReportResultDto,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow, Public } from '../common/auth/allow.decorator';
import { clientAddress, CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { SelfReportDto } from './dto/self-report.dto';
import { FollowUpsService } from './follow-ups.service';
import { SelfReportService } from './self-report.service';

@ApiTags('follow-ups')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly selfReport: SelfReportService,
  ) {}

  /** The session's 24 h and 72 h follow-up requests, with the links staff send or show as QR codes. */
  @Get('sessions/:id/followups')
  @Allow('psychiatrist', 'nurse', 'manager')
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
  ): Promise<ListResponse<FollowUpDto>> {
    return this.followUps.listForSession(actor, id);
  }

  /** Public: what the patient's page shows (clinic name and given name only). */
  @Get('self-report/:token')
  @Public()
  @ApiGoneResponse({ description: 'Used, expired or unknown link (one body for all three)' })
  describe(@Param('token') token: string, @Req() request: Request): Promise<SelfReportInfoDto> {
    return this.selfReport.describe(token, clientAddress(request));
  }

  /** Public: the patient's 24-hour-recall PHQ-9; single use. */
  @Post('self-report/:token')
  @HttpCode(201)
  @Public()
  @ApiGoneResponse({ description: 'Used, expired or unknown link (one body for all three)' })
  submit(
    @Param('token') token: string,
    @Body() dto: SelfReportDto,
    @Req() request: Request,
  ): Promise<SelfReportResultDto> {
    return this.selfReport.submit(token, dto, clientAddress(request));
  }
}
