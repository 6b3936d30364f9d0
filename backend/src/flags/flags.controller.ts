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
import type { FlagDto, FlagListItemDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { AcknowledgeFlagDto, ResolveFlagDto } from './dto/flag-action.dto';
import { ListFlagsQuery } from './dto/flag-query.dto';
import { FlagsService } from './flags.service';

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

  /** Nurses may not acknowledge misuse.* or tolerance.* flags (403). */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: AcknowledgeFlagDto,
  ): Promise<FlagDto> {
    return this.flags.acknowledge(actor, id, dto.note);
  }

  /** A note is required. Nurses may not resolve misuse.* or tolerance.* flags (403). */
  @Post(':id/resolve')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  resolve(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: ResolveFlagDto,
  ): Promise<FlagDto> {
    return this.flags.resolve(actor, id, dto.note);
  }
}
