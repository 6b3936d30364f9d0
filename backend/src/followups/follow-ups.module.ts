import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { AssessmentsModule } from '../assessments/assessments.module';
import { SESSION_FOLLOW_UPS } from '../sessions/session-hooks';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { AppSetting, FollowUpRequest } from './follow-up-request.entity';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { SelfReportService } from './self-report.service';

/** Follow-up requests and the patient's self-report. Global only for the contract it implements for sessions/ (SESSION_FOLLOW_UPS). */
@Global()
@Module({
  imports: [AssessmentsModule, ThresholdsModule],
  controllers: [FollowUpsController],
  providers: [
    FollowUpsService,
    SelfReportService,
    { provide: SESSION_FOLLOW_UPS, useExisting: FollowUpsService },
  ],
  exports: [FollowUpsService, SESSION_FOLLOW_UPS],
})
export class FollowUpsModule {
  static readonly entities: readonly EntityClass[] = [FollowUpRequest, AppSetting];
}
