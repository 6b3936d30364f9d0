import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { RemsFormDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { RemsService } from './rems.service';

@ApiTags('sessions')
@Controller()
export class RemsController {
  constructor(private readonly rems: RemsService) {}

  @Get('sessions/:id/rems')
  @Allow('psychiatrist', 'nurse', 'manager')
  @ApiOkResponse({
    description:
      'The Esketamine REMS Patient Monitoring Form fields (CLINICAL.md s3); `missing` names the fields the record cannot fill',
  })
  @ApiNotFoundResponse({ description: 'Unknown session or a session of another clinic' })
  @ApiUnprocessableEntityResponse({ description: 'Not an esketamine session' })
  form(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
  ): Promise<RemsFormDto> {
    return this.rems.form(actor, id);
  }
}
