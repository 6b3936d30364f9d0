import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FlagDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ListFlagsQuery } from './dto/flag-query.dto';
import { FlagsService } from './flags.service';

@ApiTags('flags')
@Controller('flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListFlagsQuery,
  ): Promise<ListResponse<FlagDto>> {
    return this.flags.list(actor, query);
  }
}
