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
import type { FlagDto, FlagListItemDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, setEtag } from '../common/http/etag';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { AcknowledgeFlagDto, ResolveFlagDto } from './dto/flag-action.dto';
import { ListFlagsQuery } from './dto/flag-query.dto';
import { FlagsService } from './flags.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The flag version the user acted on, e.g. "2" (stale: 412)',
};

@ApiTags('flags')
@UseInterceptors(IdempotencyInterceptor)
@Controller('flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListFlagsQuery,
  ): Promise<ListResponse<FlagListItemDto>> {
    return this.flags.list(actor, query);
  }

  /**
   * Nurses may not acknowledge misuse.* or tolerance.* flags (403). If-Match (optional): the
   * version the user saw; another user's change since then is 412. The new version is the ETag.
   */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader(IF_MATCH)
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: AcknowledgeFlagDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FlagDto> {
    const flag = await this.flags.acknowledge(actor, id, dto.note, optionalIfMatch(ifMatch));
    setEtag(res, flag.version);
    return flag;
  }

  /**
   * A note is required. Nurses may not resolve misuse.* or tolerance.* flags (403). A
   * phq9.item9_positive flag needs a C-SSRS screener at or after its PHQ-9 (else 422), or a
   * psychiatrist's noScreenerReason.
   */
  @Post(':id/resolve')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader(IF_MATCH)
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ResolveFlagDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FlagDto> {
    const flag = await this.flags.resolve(
      actor,
      id,
      dto.note,
      optionalIfMatch(ifMatch),
      dto.noScreenerReason,
    );
    setEtag(res, flag.version);
    return flag;
  }
}
