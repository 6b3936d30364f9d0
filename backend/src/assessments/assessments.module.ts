import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { RealtimeModule } from '../realtime/realtime.module';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { Phq9Assessment } from './phq9-assessment.entity';
import { RiskEvent } from './risk-event.entity';

/** PHQ-9 assessments, risk events, the response summary. */
@Module({
  imports: [ThresholdsModule, RealtimeModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {
  static readonly entities: readonly EntityClass[] = [Phq9Assessment, RiskEvent];
}
