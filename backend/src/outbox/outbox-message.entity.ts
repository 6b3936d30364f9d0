import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export type OutboxChannel = 'email' | 'sms';
export type OutboxStatus = 'queued' | 'sent' | 'failed';

/**
 * A message waiting to be delivered (or delivered): the clinic's name and the follow-up request's
 * id, nothing else. The link is never stored; delivery signs it from `followUpId` (no usable
 * secret at rest).
 */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryColumn({ type: UUID }) id: string;
  @Column({ type: UUID }) followUpId: string;
  @Column({ type: UUID }) patientId: string;
  @Column({ type: UUID }) clinicId: string;
  @Column({ type: 'varchar', length: 8 }) channel: OutboxChannel;
  @Column({ type: 'varchar', length: 254 }) recipient: string;
  @Column({ type: 'varchar', length: 200 }) subject: string;
  /** The text without the link (appended when sending). */
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 10 }) status: OutboxStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** The transport's error class or code only (never the message text, which may hold the address). */
  @Column({ type: 'varchar', length: 200, nullable: true }) lastError: string | null;
  @Column({ type: TIMESTAMP }) nextAttemptAt: Date;
  @Column({ type: UUID, nullable: true }) createdBy: string | null;
  @Column({ type: TIMESTAMP }) createdAt: Date;
  @Column({ type: TIMESTAMP, nullable: true }) sentAt: Date | null;
}
