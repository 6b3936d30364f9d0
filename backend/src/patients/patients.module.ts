import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { Patient } from './patient.entity';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

/** Patients. */
@Module({
  controllers: [PatientsController],
  providers: [PatientsService],
})
export class PatientsModule {
  static readonly entities: readonly EntityClass[] = [Patient];
}
