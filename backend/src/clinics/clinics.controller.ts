import { Body, Controller, Get, HttpCode, Post, Query, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiTags } from '@nestjs/swagger';
import type { ClinicDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { ClinicsService } from './clinics.service';
import { CreateClinicDto } from './dto/clinic.dto';

@ApiTags('administration')
@UseInterceptors(IdempotencyInterceptor)
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Post()
  @HttpCode(201)
  @Allow('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateClinicDto): Promise<ClinicDto> {
    return this.clinics.create(actor, dto);
  }

  @Get()
  @Allow('psychiatrist', 'nurse', 'manager', 'admin')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<ClinicDto>> {
    return this.clinics.list(actor, query);
  }
}
