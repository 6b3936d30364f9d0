import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { UuidPipe } from '../common/validation/uuid.pipe';
import type { OutboxChannel } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

export class SendFollowUpDto {
  @ApiProperty({ enum: ['email', 'sms'] })
  @IsIn(['email', 'sms'])
  channel: OutboxChannel;
}

@ApiTags('follow-ups')
@UseInterceptors(IdempotencyInterceptor)
@Controller('followups')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  /** Queues the link to the patient by email or SMS (the message carries the link and the clinic's name only). */
  @Post(':id/send')
  @HttpCode(202)
  @Allow('psychiatrist', 'nurse')
  send(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: SendFollowUpDto,
  ) {
    return this.outbox.queue(actor, id, dto.channel);
  }
}
