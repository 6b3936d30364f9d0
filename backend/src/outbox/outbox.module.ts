import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { FollowUpsModule } from '../followups/follow-ups.module';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

/** Outgoing messages (follow-up links by email or SMS). */
@Module({
  imports: [FollowUpsModule],
  controllers: [OutboxController],
  providers: [OutboxService],
})
export class OutboxModule {
  static readonly entities: readonly EntityClass[] = [OutboxMessage];
}
