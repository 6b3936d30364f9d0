import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Drug, Route, SessionStatus } from '@clinic/shared';
import { FLOAT, TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

@Entity('dosing_sessions')
export class DosingSession extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  /** Counts the patient's sessions from 1, in the order they were given. */
  @Column({ type: 'integer' })
  sessionNumber: number;

  @Column({ type: 'varchar', length: 20 })
  drug: Drug;

  @Column({ type: 'varchar', length: 20 })
  route: Route;

  @Column({ type: FLOAT })
  doseMg: number;

  @Column({ type: FLOAT, nullable: true })
  doseMgPerKg: number | null;

  /** The weight the dose per kg was computed from (the session's, else the patient's latest). */
  @Column({ type: FLOAT, nullable: true })
  weightKg: number | null;

  /**
   * Dose start: minutes and hours since dose count from here. While `ordered` (and once
   * `cancelled`) it holds the planned time: only in_progress and discharged sessions were given.
   */
  @Column({ type: TIMESTAMP })
  startedAt: Date;

  @Column({ type: 'integer', nullable: true })
  infusionMinutes: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lotNumber: string | null;

  @Column({ type: 'simple-json' })
  concomitantMedications: string[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'simple-json' })
  doseWarnings: string[];

  @Column({ type: 'varchar', length: 20 })
  status: SessionStatus;

  /** First time all non-time discharge criteria held (REMS "minutes until ready to leave"). */
  @Column({ type: TIMESTAMP, nullable: true })
  readyAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  dischargedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  dischargeOverrideReason: string | null;

  @Column({ type: UUID, nullable: true })
  dischargedBy: string | null;

  @Column({ type: UUID, nullable: true })
  orderedBy: string | null;

  /** v2: the planned time of an ordered session. */
  @Column({ type: TIMESTAMP, nullable: true })
  plannedAt: Date | null;

  /** v2: recorded more than 10 min after its dose start. */
  @Column({ type: 'boolean', default: false })
  retrospective: boolean;

  @Column({ type: UUID, nullable: true })
  startedBy: string | null;

  @Column({ type: 'text', nullable: true })
  startOverrideReason: string | null;

  /** The failed pre-dose checks a psychiatrist overrode (their reasons). */
  @Column({ type: 'simple-json', nullable: true })
  startOverriddenChecks: string[] | null;

  @Column({ type: TIMESTAMP, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: UUID, nullable: true })
  cancelledBy: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** v2 (CLINICAL.md s8): the treatment course; null only for rows written before courses. */
  @Column({ type: UUID, nullable: true })
  courseId: string | null;

  /** v2: the number within the course, counted like `sessionNumber` (a cancelled order: null). */
  @Column({ type: 'integer', nullable: true })
  courseSessionNumber: number | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;
}
