import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { RealtimeModule } from '../realtime/realtime.module';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { DosingSession } from './dosing-session.entity';
import { Observation } from './observation.entity';
import { ObservationsService } from './observations.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SessionOrdersService } from './session-orders.service';
import { SideEffect } from './side-effect.entity';

/** Dosing sessions, their observations and side effects (the REMS form is in rems/). What a session needs from the features above it (its flags, its follow-ups, the signals a write triggers) comes through the contracts of session-hooks.ts and common/records. */
@Module({
  imports: [ThresholdsModule, RealtimeModule],
  controllers: [SessionsController],
  providers: [SessionsService, SessionOrdersService, ObservationsService],
  exports: [SessionOrdersService],
})
export class SessionsModule {
  static readonly entities: readonly EntityClass[] = [DosingSession, Observation, SideEffect];
}
