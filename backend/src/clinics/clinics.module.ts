import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { Clinic } from './clinic.entity';
import { ClinicsController } from './clinics.controller';
import { ClinicsService } from './clinics.service';

/** Clinics (administration). */
@Module({
  controllers: [ClinicsController],
  providers: [ClinicsService],
})
export class ClinicsModule {
  static readonly entities: readonly EntityClass[] = [Clinic];
}
