import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OutcomesDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { OutcomesQuery } from './dto/outcomes-query.dto';
import { OutcomesService } from './outcomes.service';

@ApiTags('outcomes')
@Controller('outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @Allow('psychiatrist', 'manager')
  get(@CurrentActor() actor: Actor, @Query() query: OutcomesQuery): Promise<OutcomesDto> {
    return this.outcomes.outcomes(actor, query);
  }
}
