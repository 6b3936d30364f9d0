import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SeriousCriterion, SideEffectSeverity, SideEffectType } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

@Entity('side_effects')
export class SideEffect extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  sessionId: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: 'varchar', length: 40 })
  type: SideEffectType;

  @Column({ type: 'varchar', length: 20 })
  severity: SideEffectSeverity;

  @Column({ type: TIMESTAMP })
  onsetAt: Date;

  /** (v2) A serious adverse event (CLINICAL.md s3, 21 CFR 312.32), separate from severity. */
  @Column({ type: 'boolean', default: false })
  serious: boolean;

  /** (v2) Why it is serious; null when it is not. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  seriousCriterion: SeriousCriterion | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
