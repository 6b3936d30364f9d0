import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Sex } from '@clinic/shared';
import { FLOAT, TIMESTAMP, UUID } from '../database/column-types';

@Entity('patients')
export class Patient {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID })
  clinicId: string;

  /** Medical record number, unique within a clinic. */
  @Column({ type: 'varchar', length: 64 })
  mrn: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  birthDate: string;

  @Column({ type: 'varchar', length: 10 })
  sex: Sex;

  @Column({ type: FLOAT, nullable: true })
  weightKg: number | null;

  /** For sending follow-up links (optional). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** For sending follow-up links by SMS (optional), E.164 e.g. +15551234567. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** Lower-cased "given family mrn", kept in step by the service, for case-insensitive search on both databases. */
  @Column({ type: 'varchar', length: 300 })
  searchText: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: UUID, nullable: true })
  createdBy: string | null;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP })
  updatedAt: Date;
}
