import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ThresholdOverrides } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

@Entity('clinics')
export class Clinic {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA time zone, e.g. Europe/London: used to show local times; everything is stored in UTC. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** The clinic's changes to the CLINICAL.md defaults (null: all defaults). */
  @Column({ type: 'simple-json', nullable: true })
  thresholds: ThresholdOverrides | null;

  @Column({ type: 'integer', default: 1 })
  thresholdsVersion: number;

  /** Shown to a patient whose self-reported item 9 is positive (null: DEFAULT_CRISIS_TEXT). */
  @Column({ type: 'text', nullable: true })
  crisisText: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
