import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { ListResponse, RemsDueItemDto, RemsFormDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, requireIfMatch, setEtag } from '../common/http/etag';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { PatchRemsFormDto, RemsDueQuery, RemsSubmittedDto } from './dto/rems.dto';
import { RemsDueService } from './rems-due.service';
import { RemsService } from './rems.service';

/** API.md `GET /sessions/:id/rems` and "REMS and printing (v2)" (CLINICAL.md s3). */
@ApiTags('rems')
@UseInterceptors(IdempotencyInterceptor)
@Controller()
export class RemsController {
  constructor(
    private readonly rems: RemsService,
    private readonly remsDue: RemsDueService,
  ) {}

  @Get('sessions/:id/rems')
  @Allow('psychiatrist', 'nurse', 'manager')
  @ApiOkResponse({
    description:
      'The Esketamine REMS Patient Monitoring Form fields (CLINICAL.md s3); `missing` names the fields the record cannot fill; the form version is the ETag',
  })
  @ApiNotFoundResponse({ description: 'Unknown session or a session of another clinic' })
  @ApiUnprocessableEntityResponse({ description: 'Not an esketamine session' })
  async form(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RemsFormDto> {
    const form = await this.rems.form(actor, id);
    setEtag(res, form.version);
    return form;
  }

  /** The fields the records cannot give: monitoring provider, setting, corrections with reasons. */
  @Patch('sessions/:id/rems')
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The form version edited ("0" before anything was recorded): none 428, stale 412',
  })
  @ApiUnprocessableEntityResponse({
    description: 'Not a given esketamine session, entered in error, or already submitted',
  })
  async patch(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PatchRemsFormDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RemsFormDto> {
    const form = await this.rems.patch(actor, id, requireIfMatch(ifMatch), dto);
    setEtag(res, form.version);
    return form;
  }

  @Post('sessions/:id/rems/submitted')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The form version (stale: 412)' })
  @ApiUnprocessableEntityResponse({
    description:
      'Fields still missing (named), not a given esketamine session, or already submitted',
  })
  async submitted(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RemsSubmittedDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RemsFormDto> {
    const form = await this.rems.submit(actor, id, optionalIfMatch(ifMatch), dto);
    setEtag(res, form.version);
    return form;
  }

  /** Esketamine sessions whose form is not submitted, oldest first, with the 7-day deadline. */
  @Get('rems/due')
  @Allow('psychiatrist', 'nurse', 'manager')
  due(
    @CurrentActor() actor: Actor,
    @Query() query: RemsDueQuery,
  ): Promise<ListResponse<RemsDueItemDto>> {
    return this.remsDue.due(actor, query);
  }
}
