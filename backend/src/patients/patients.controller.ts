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
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ListResponse, PatientDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { requireIfMatch, setEtag } from '../common/http/etag';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { CreatePatientDto, ListPatientsQuery, UpdatePatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@UseInterceptors(IdempotencyInterceptor)
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @HttpCode(201)
  @Allow('psychiatrist')
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreatePatientDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientDto> {
    const patient = await this.patients.create(actor, dto);
    setEtag(res, patient.version);
    return patient;
  }

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager')
  @ApiOkResponse({ description: '{ items, total }, ordered by family and given name' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListPatientsQuery,
  ): Promise<ListResponse<PatientDto>> {
    return this.patients.list(actor, query);
  }

  /**
   * The same list with the search in the body: a name typed in the search box never travels in a
   * URL (where proxies and server logs keep it). The dashboard searches this way.
   */
  @Post('search')
  @HttpCode(200)
  @Allow('psychiatrist', 'nurse', 'manager')
  @ApiOkResponse({ description: '{ items, total }, ordered by family and given name' })
  search(
    @CurrentActor() actor: Actor,
    @Body() body: ListPatientsQuery,
  ): Promise<ListResponse<PatientDto>> {
    return this.patients.list(actor, body);
  }

  @Get(':id')
  @Allow('psychiatrist', 'nurse', 'manager')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientDto> {
    const patient = await this.patients.get(actor, id);
    setEtag(res, patient.version);
    return patient;
  }

  @Patch(':id')
  @Allow('psychiatrist')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdatePatientDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientDto> {
    const patient = await this.patients.update(actor, id, requireIfMatch(ifMatch), dto);
    setEtag(res, patient.version);
    return patient;
  }
}
