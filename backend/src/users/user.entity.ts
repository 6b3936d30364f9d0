import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@clinic/shared';
import { TIMESTAMP, UUID } from '../database/column-types';

@Entity('users')
export class User {
  @PrimaryColumn({ type: UUID })
  id: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** argon2id hash (PHC string); never leaves the service. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** False while the account is disabled (kept in step with disabledAt; sign-in checks it). */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** (v2) When an administrator disabled the account; null while it is enabled. */
  @Column({ type: TIMESTAMP, nullable: true })
  disabledAt: Date | null;

  /** (v2) Moves on with each change (PATCH, disable, enable): If-Match on PATCH /users/:id. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: TIMESTAMP })
  createdAt: Date;
}

@Entity('user_clinics')
export class UserClinic {
  @PrimaryColumn({ type: UUID })
  userId: string;

  @PrimaryColumn({ type: UUID })
  clinicId: string;
}
