import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

/** A correction as stored: the field, the new value, why, who and when. */
export interface StoredRemsCorrection {
  field: string;
  value: string;
  reason: string;
  correctedAt: string;
  correctedBy: string;
}

/**
 * What the staff recorded on an esketamine session's REMS Patient Monitoring Form (CLINICAL.md
 * s3): the parts the records cannot give and the submission. The form's facts are computed from
 * the session's records each time (remsForm); this row holds only what people added.
 */
@Entity('rems_forms')
export class RemsFormRecord {
  @PrimaryColumn({ type: UUID })
  sessionId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  monitoringProvider: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  setting: string | null;

  @Column({ type: 'simple-json' })
  corrections: StoredRemsCorrection[];

  @Column({ type: TIMESTAMP, nullable: true })
  submittedAt: Date | null;

  @Column({ type: UUID, nullable: true })
  submittedBy: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;
}
