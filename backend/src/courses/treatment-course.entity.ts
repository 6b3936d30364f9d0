import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  CourseEndReason,
  CourseKind,
  CourseOrigin,
  CoursePhase,
  Drug,
  Route,
} from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

/**
 * A treatment course (CLINICAL.md s8): one patient's run of one drug and route under one protocol,
 * induction -> maintenance -> ended. At most one course of a patient has not ended.
 */
@Entity('treatment_courses')
export class TreatmentCourse {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: UUID, nullable: true })
  protocolId: string | null;

  @Column({ type: 'varchar', length: 20 })
  drug: Drug;

  @Column({ type: 'varchar', length: 20 })
  route: Route;

  @Column({ type: 'varchar', length: 20 })
  kind: CourseKind;

  @Column({ type: 'varchar', length: 20 })
  origin: CourseOrigin;

  @Column({ type: 'varchar', length: 20 })
  phase: CoursePhase;

  @Column({ type: TIMESTAMP })
  startedAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  maintenanceAt: Date | null;

  @Column({ type: 'text', nullable: true })
  maintenanceReason: string | null;

  @Column({ type: UUID, nullable: true })
  maintenanceBy: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  endReason: CourseEndReason | null;

  @Column({ type: 'text', nullable: true })
  endNote: string | null;

  @Column({ type: UUID, nullable: true })
  endedBy: string | null;

  @Column({ type: UUID, nullable: true })
  screeningId: string | null;

  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ type: UUID, nullable: true })
  overrideBy: string | null;

  @Column({ type: UUID, nullable: true })
  createdBy: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;
}
