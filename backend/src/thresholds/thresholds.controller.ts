import { Body, Controller, Get, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ClinicThresholdsDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { requireIfMatch, setEtag } from '../common/http/etag';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { ThresholdsService } from './thresholds.service';

@ApiTags('administration')
@Controller('clinics/:id/thresholds')
export class ThresholdsController {
  constructor(private readonly thresholds: ThresholdsService) {}

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClinicThresholdsDto> {
    const dto = await this.thresholds.get(actor, id);
    setEtag(res, dto.version);
    return dto;
  }

  /**
   * Body: any part of the thresholds (nested), e.g. { "bp": { "severeSystolic": 170 } }. Validated
   * against sensible ranges; `doseLimits` (CLINICAL.md s2 v2) only at or below the s2 maxima.
   */
  @Patch()
  @Allow('psychiatrist', 'manager')
  @ApiBody({
    description:
      'Any part of the thresholds. doseLimits: { "<drug>.<route>": { usualMax, sanityMax } } in ' +
      'mg/kg (esketamine.intranasal in mg), each at most the CLINICAL.md s2 value and usualMax <= ' +
      'sanityMax (400 naming the field otherwise).',
    schema: {
      type: 'object',
      example: {
        bp: { severeSystolic: 170 },
        doseLimits: { 'ketamine.iv': { usualMax: 0.6, sanityMax: 0.9 } },
      },
    },
  })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClinicThresholdsDto> {
    const dto = await this.thresholds.update(actor, id, requireIfMatch(ifMatch), body);
    setEtag(res, dto.version);
    return dto;
  }
}
