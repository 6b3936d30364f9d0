import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Phq9Severity, Phq9Source, RecallPeriod } from '@clinic/shared';
import { FLOAT, TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

/** One PHQ-9 questionnaire, item by item (null = missing item, never 0). */
@Entity('phq9_assessments')
export class Phq9Assessment extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: UUID, nullable: true })
  sessionId: string | null;

  @Column({ type: TIMESTAMP })
  administeredAt: Date;

  @Column({ type: 'integer', nullable: true }) item1: number | null;
  @Column({ type: 'integer', nullable: true }) item2: number | null;
  @Column({ type: 'integer', nullable: true }) item3: number | null;
  @Column({ type: 'integer', nullable: true }) item4: number | null;
  @Column({ type: 'integer', nullable: true }) item5: number | null;
  @Column({ type: 'integer', nullable: true }) item6: number | null;
  @Column({ type: 'integer', nullable: true }) item7: number | null;
  @Column({ type: 'integer', nullable: true }) item8: number | null;
  @Column({ type: 'integer', nullable: true }) item9: number | null;

  /** "How difficult have these problems made it...": recorded, not scored. */
  @Column({ type: 'integer', nullable: true }) item10: number | null;

  @Column({ type: 'integer', nullable: true })
  total: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  severity: Phq9Severity | null;

  @Column({ type: 'boolean' })
  prorated: boolean;

  @Column({ type: 'boolean' })
  valid: boolean;

  @Column({ type: 'boolean' })
  item9Positive: boolean;

  @Column({ type: 'varchar', length: 20 })
  recall: RecallPeriod;

  /** `clinic` (recorded by staff) or `self_report` (the patient, through a follow-up link). */
  @Column({ type: 'varchar', length: 12, default: 'clinic' })
  source: Phq9Source;

  /** Hours from the start of the latest session that began before it; null before the first dose. */
  @Column({ type: FLOAT, nullable: true })
  hoursSinceDose: number | null;

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
