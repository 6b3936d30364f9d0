import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { RealtimeModule } from '../realtime/realtime.module';
import { CssrsScreening } from './cssrs-screening.entity';
import { SafetyPlan } from './safety-plan.entity';
import { SuicideRiskController } from './suicide-risk.controller';
import { SuicideRiskService } from './suicide-risk.service';

/** C-SSRS screenings and the safety plan. */
@Module({
  imports: [RealtimeModule],
  controllers: [SuicideRiskController],
  providers: [SuicideRiskService],
})
export class SuicideRiskModule {
  static readonly entities: readonly EntityClass[] = [CssrsScreening, SafetyPlan];
}
