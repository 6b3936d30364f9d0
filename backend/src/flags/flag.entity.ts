import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FlagCategory, FlagHistoryStep, FlagSeverity, FlagStatus } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

/** A signal raised by a rule of CLINICAL.md section 4. */
@Entity('flags')
export class Flag {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: UUID })
  patientId: string;

  /** Context: the session the flag is shown with (for patient rules, the session of the latest trigger). */
  @Column({ type: UUID, nullable: true })
  sessionId: string | null;

  /** The subject of the rule: the session for session rules, the patient for patient rules. */
  @Column({ type: UUID })
  subjectKey: string;

  /** Ids of the records (or slots) that triggered it; a resolved flag's triggers never raise it again. */
  @Column({ type: 'simple-json' })
  triggers: string[];

  @Column({ type: 'varchar', length: 64 })
  rule: string;

  @Column({ type: 'varchar', length: 20 })
  category: FlagCategory;

  @Column({ type: 'varchar', length: 10 })
  severity: FlagSeverity;

  @Column({ type: 'varchar', length: 15 })
  status: FlagStatus;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'simple-json' })
  evidence: object;

  @Column({ type: 'simple-json' })
  threshold: object;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: UUID, nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: UUID, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  acknowledgeNote: string | null;

  /** The resolution note (required to resolve). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** (v2) The time the first trigger arrived after the acknowledgement; null when none since. */
  @Column({ type: TIMESTAMP, nullable: true })
  newEvidenceSince: Date | null;

  /** (v2) Triggers that arrived after the acknowledgement. */
  @Column({ type: 'integer', default: 0 })
  newEvidenceCount: number;

  /**
   * (issue 19) The records that raised it were entered in error by someone who may not resolve
   * it: it stays open (or acknowledged) until someone who may resolves it or a new record raises it.
   */
  @Column({ type: 'boolean', default: false })
  evidenceWithdrawn: boolean;

  /** (v2) Every step, oldest first, with the name of who took it as it was then. */
  @Column({ type: 'simple-json' })
  history: FlagHistoryStep[];

  @Column({ type: 'integer' })
  version: number;
}
