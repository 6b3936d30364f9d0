import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { PATIENT_RECORDS_CHANGED } from '../common/records/patient-records-changed';
import { FlagsModule } from '../flags/flags.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { SchedulerRun } from './scheduler-run.entity';
import { SchedulerRuns } from './scheduler-runs';
import { SignalsScheduler } from './signals.scheduler';
import { SignalsService } from './signals.service';

/** The signals engine (CLINICAL.md s4) and its scheduler. Global only for the contract it implements for the writers below it (PATIENT_RECORDS_CHANGED, common/records): they call it inside their own transaction. */
@Global()
@Module({
  imports: [FlagsModule, ThresholdsModule, RealtimeModule],
  providers: [
    SignalsService,
    SchedulerRuns,
    SignalsScheduler,
    { provide: PATIENT_RECORDS_CHANGED, useExisting: SignalsService },
  ],
  exports: [SignalsService, PATIENT_RECORDS_CHANGED],
})
export class SignalsModule {
  static readonly entities: readonly EntityClass[] = [SchedulerRun];
}
