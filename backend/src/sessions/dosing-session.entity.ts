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

  /** Dose start: minutes and hours since dose count from here. */
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

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;
}
