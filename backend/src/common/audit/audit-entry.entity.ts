import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditAction, AuditDetails, AuditOutcome, Role } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../../database/column-types';

/** Who did what to which record, when and from where. Written in the same transaction as the work. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: UUID, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: Role | null;

  @Column({ type: 'varchar', length: 30 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 40 })
  resourceType: string;

  @Column({ type: UUID, nullable: true })
  resourceId: string | null;

  @Column({ type: UUID, nullable: true })
  patientId: string | null;

  @Column({ type: UUID, nullable: true })
  clinicId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome: AuditOutcome;

  /**
   * (v2) What an administration or threshold change moved: `{ before, after }` of the fields
   * changed (never a password or its hash). Null for every other entry, and for every entry
   * written before v2.
   */
  @Column({ type: 'simple-json', nullable: true })
  details: AuditDetails | null;

  /**
   * (v2, issue 20) The page view a read or search was made for (the dashboard's `X-View-Id`), so
   * the log can group a page view's reads into one row. Null for other entries and older ones.
   */
  @Column({ type: UUID, nullable: true })
  viewId: string | null;

  /** Position in the hash chain (null for entries written before the chain existed). */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | number | null) => (v === null ? null : Number(v)),
    },
  })
  seq: number | null;

  /** The previous entry's hash (GENESIS_HASH for the first). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  prevHash: string | null;

  /** SHA-256 of the previous hash and this entry's content (audit-chain.ts). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  hash: string | null;
}
