import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DosePlan, Drug, ProtocolInduction, ProtocolMaintenance, Route } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

/**
 * A treatment protocol (CLINICAL.md s8): a built-in template (clinic_id null, fixed ids of
 * BUILT_IN_PROTOCOL_IDS) or a clinic's own. Never changed once written: a course keeps the
 * numbers it started under; a clinic writes a new protocol instead.
 */
@Entity('protocols')
export class Protocol {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: UUID, nullable: true })
  clinicId: string | null;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  drug: Drug;

  @Column({ type: 'varchar', length: 20 })
  route: Route;

  @Column({ type: 'boolean' })
  builtIn: boolean;

  @Column({ type: UUID, nullable: true })
  basedOnId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  @Column({ type: 'simple-json' })
  induction: ProtocolInduction;

  @Column({ type: 'simple-json', nullable: true })
  maintenance: ProtocolMaintenance | null;

  @Column({ type: 'simple-json' })
  dosePlan: DosePlan;

  @Column({ type: TIMESTAMP, nullable: true })
  createdAt: Date | null;

  @Column({ type: UUID, nullable: true })
  createdBy: string | null;
}
