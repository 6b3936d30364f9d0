import { Readable } from 'node:stream';
import { Controller, Get, Header, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import type { FhirBundle } from '../fhir/fhir.mapper';
import { OutcomesQuery } from '../outcomes/dto/outcomes-query.dto';
import { ExportsService } from './exports.service';

const CSV = 'text/csv; charset=utf-8';

/** Exports for psychiatrists and managers (API.md roles), audited as `export`, never cached. */
@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The outcomes of GET /outcomes as CSV (RFC 4180, UTF-8, header row), one number per row. */
  @Get('outcomes.csv')
  @Allow('psychiatrist', 'manager')
  @ApiProduces(CSV)
  @Header('Cache-Control', 'no-store')
  async outcomesCsv(
    @CurrentActor() actor: Actor,
    @Query() query: OutcomesQuery,
  ): Promise<StreamableFile> {
    // Content type and name are set with the file: an error still answers in JSON. The name
    // carries the clinic, period and filters (outcomes-csv.ts); it is made of [a-z0-9_.-] only.
    const { filename, lines } = await this.exports.outcomesCsv(actor, query);
    return new StreamableFile(Readable.from(lines), {
      type: CSV,
      disposition: `attachment; filename="${filename}"`,
    });
  }

  /** Every record of the patient as CSV, one measure per row, in time order. */
  @Get('patients/:id/records.csv')
  @Allow('psychiatrist', 'manager')
  @ApiProduces(CSV)
  @Header('Cache-Control', 'no-store')
  async recordsCsv(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
  ): Promise<StreamableFile> {
    const lines = await this.exports.recordsCsv(actor, id);
    return new StreamableFile(Readable.from(lines), {
      type: CSV,
      disposition: `attachment; filename="patient-${id}-records.csv"`,
    });
  }

  /** The patient's records as a FHIR R4 `collection` Bundle. */
  @Get('patients/:id/fhir')
  @Allow('psychiatrist', 'manager')
  @ApiProduces('application/fhir+json')
  @Header('Cache-Control', 'no-store')
  async fhir(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirBundle> {
    const bundle = await this.exports.fhir(actor, id);
    res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
    return bundle;
  }
}
