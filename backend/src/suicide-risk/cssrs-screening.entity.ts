import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CssrsRisk } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

/**
 * A C-SSRS screener (CLINICAL.md s10): the answers as given (null: not asked, by the skip logic)
 * and the Columbia triage level computed from them when recorded.
 */
@Entity('cssrs_screenings')
export class CssrsScreening extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: TIMESTAMP })
  administeredAt: Date;

  @Column({ type: 'boolean' })
  wishDead: boolean;

  @Column({ type: 'boolean' })
  suicidalThoughts: boolean;

  @Column({ type: 'boolean', nullable: true })
  method: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  intent: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  plan: boolean | null;

  @Column({ type: 'boolean' })
  behavior: boolean;

  @Column({ type: 'boolean', nullable: true })
  behaviorPast3Months: boolean | null;

  @Column({ type: 'varchar', length: 10 })
  risk: CssrsRisk;

  /** The PHQ-9 (of the same patient) whose item 9 prompted the screener, if any. */
  @Column({ type: UUID, nullable: true })
  phq9Id: string | null;

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
