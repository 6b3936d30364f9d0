import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { FollowUpsModule } from '../followups/follow-ups.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SESSION_FLAGS } from '../sessions/session-hooks';
import { Flag } from './flag.entity';
import { FlagTransitions } from './flag-transitions';
import { FlagsController } from './flags.controller';
import { FlagsService } from './flags.service';

/** Flags: lists and the clinician's transitions. Global only for the contract it implements for sessions/ (SESSION_FLAGS). */
@Global()
@Module({
  imports: [FollowUpsModule, RealtimeModule],
  controllers: [FlagsController],
  providers: [FlagsService, FlagTransitions, { provide: SESSION_FLAGS, useExisting: FlagsService }],
  exports: [FlagsService, FlagTransitions, SESSION_FLAGS],
})
export class FlagsModule {
  static readonly entities: readonly EntityClass[] = [Flag];
}
