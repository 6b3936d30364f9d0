import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { SignalsModule } from '../signals/signals.module';
import { AmendmentsController } from './amendments.controller';
import { AmendmentsService } from './amendments.service';

/** Entered in error: marking any record, and the signals it withdraws evidence from. */
@Module({
  imports: [SignalsModule, RealtimeModule],
  controllers: [AmendmentsController],
  providers: [AmendmentsService],
})
export class AmendmentsModule {}
