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

  @Column({ type: 'boolean', default: true })
  active: boolean;

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
