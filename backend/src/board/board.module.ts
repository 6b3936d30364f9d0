import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FlagsModule } from '../flags/flags.module';
import { FollowUpsModule } from '../followups/follow-ups.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SignalsModule } from '../signals/signals.module';
import { ThresholdsModule } from '../thresholds/thresholds.module';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';

/** The clinic board and its event stream. */
@Module({
  imports: [
    AuthModule,
    FlagsModule,
    FollowUpsModule,
    SignalsModule,
    ThresholdsModule,
    RealtimeModule,
  ],
  controllers: [BoardController],
  providers: [BoardService],
})
export class BoardModule {}
