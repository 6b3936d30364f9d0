import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Exports: a patient's records as CSV and as a FHIR R4 Bundle, the outcomes as CSV. */
@Module({
  imports: [OutcomesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
