import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AmendableRecord } from '../database/amendable-record';

/** A monitoring observation during a supervised session (vital signs, MOAA/S, CADSS-6). */
@Entity('observations')
export class Observation extends AmendableRecord {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  sessionId: string;

  @Column({ type: UUID })
  patientId: string;

  @Column({ type: UUID })
  clinicId: string;

  @Column({ type: TIMESTAMP })
  recordedAt: Date;

  @Column({ type: 'integer' })
  minutesSinceDose: number;

  @Column({ type: 'integer', nullable: true })
  systolic: number | null;

  @Column({ type: 'integer', nullable: true })
  diastolic: number | null;

  @Column({ type: 'integer', nullable: true })
  heartRate: number | null;

  @Column({ type: 'integer', nullable: true })
  spo2: number | null;

  @Column({ type: 'integer', nullable: true })
  respiratoryRate: number | null;

  @Column({ type: 'integer', nullable: true })
  moaas: number | null;

  @Column({ type: 'simple-json', nullable: true })
  cadss6: number[] | null;

  @Column({ type: 'integer', nullable: true })
  cadss6Total: number | null;

  @Column({ type: UUID, nullable: true })
  recordedBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
