import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskEventType } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

@Entity('risk_events')
export class RiskEvent extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: 'varchar', length: 40 })
  type: RiskEventType;

  @Column({ type: TIMESTAMP })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
