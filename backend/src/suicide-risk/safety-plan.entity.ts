import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

/**
 * One version of a patient's Stanley-Brown safety plan (CLINICAL.md s10). Versions are never
 * changed: each save inserts version n+1, and the current plan is the highest version.
 */
@Entity('safety_plans')
export class SafetyPlan {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'simple-json' })
  warningSigns: string[];

  @Column({ type: 'simple-json' })
  copingStrategies: string[];

  @Column({ type: 'simple-json' })
  socialDistractions: string[];

  @Column({ type: 'simple-json' })
  helpContacts: string[];

  @Column({ type: 'simple-json' })
  professionalContacts: string[];

  @Column({ type: 'text' })
  meansSafety: string;

  @Column({ type: 'text' })
  reasonsForLiving: string;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;

  @Column({ type: UUID, nullable: true })
  updatedBy: string | null;
}
