import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  ConcomitantClass,
  Drug,
  ScreeningAnswer,
  ScreeningItem,
  ScreeningResult,
} from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

/**
 * The psychiatrist's screening before a course (CLINICAL.md s9): the checklist as answered, the
 * notes, consent and REMS enrolment, and the classification computed when it was recorded.
 */
@Entity('screenings')
export class Screening {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: 'varchar', length: 20 })
  drug: Drug;

  @Column({ type: TIMESTAMP })
  screenedAt: Date;

  @Column({ type: 'simple-json' })
  answers: Record<ScreeningItem, ScreeningAnswer>;

  @Column({ type: 'simple-json' })
  notes: Partial<Record<ScreeningItem, string>>;

  @Column({ type: 'simple-json' })
  concomitant: ConcomitantClass[];

  @Column({ type: TIMESTAMP })
  consentAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  remsEnrolledAt: Date | null;

  @Column({ type: 'varchar', length: 30 })
  result: ScreeningResult;

  @Column({ type: 'simple-json' })
  absolute: ScreeningItem[];

  @Column({ type: 'simple-json' })
  relative: ScreeningItem[];

  @Column({ type: 'simple-json' })
  unknown: ScreeningItem[];

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
