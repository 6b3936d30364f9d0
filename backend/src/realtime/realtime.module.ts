import { Module } from '@nestjs/common';
import { BoardEvents } from './board-events.service';

/**
 * The board's change events (published after commit, fanned out across instances through Redis):
 * below the features, so that every writer publishes without importing board/.
 */
@Module({
  providers: [BoardEvents],
  exports: [BoardEvents],
})
export class RealtimeModule {}
