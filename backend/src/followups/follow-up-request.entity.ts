import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FollowUpKind } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

/** A remote PHQ-9 request after a dose; its link's token is derived, only its SHA-256 is stored. */
@Entity('follow_up_requests')
export class FollowUpRequest {
  @PrimaryColumn({ type: UUID }) id: string;
  @Column({ type: UUID }) sessionId: string;
  @Column({ type: UUID }) patientId: string;
  @Column({ type: UUID }) clinicId: string;
  @Column({ type: 'varchar', length: 8 }) kind: FollowUpKind;
  @Column({ type: TIMESTAMP }) dueAt: Date;
  @Column({ type: TIMESTAMP }) opensAt: Date;
  @Column({ type: TIMESTAMP }) expiresAt: Date;
  @Column({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: TIMESTAMP, nullable: true }) completedAt: Date | null;
  @Column({ type: UUID, nullable: true }) phq9Id: string | null;
  @Column({ type: TIMESTAMP }) createdAt: Date;
}

/** Small key-value settings the application keeps for itself (e.g. the link-signing secret). */
@Entity('app_settings')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key: string;
  @Column({ type: 'text' }) value: string;
}
