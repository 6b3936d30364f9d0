import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

/** A signed-in session. Only the SHA-256 of the opaque bearer token is stored. */
@Entity('auth_sessions')
export class AuthSession {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: UUID })
  userId: string;

  @Column({ type: TIMESTAMP })
  createdAt: Date;

  /** Slides with each authenticated request; the idle timeout counts from here. */
  @Column({ type: TIMESTAMP })
  lastSeenAt: Date;

  /** Absolute end of the session, whatever the activity. */
  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}

/** Login attempts, for throttling per account and per client address. */
@Entity('login_attempts')
export class LoginAttempt {
  @PrimaryColumn({ type: UUID })
  id: string;

  /** Lower-cased email as typed (staff identifiers, not patient data). */
  @Column({ type: 'varchar', length: 254 })
  account: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'boolean' })
  success: boolean;

  @Column({ type: TIMESTAMP })
  at: Date;
}

/** A single-use ticket (60 s) for opening the live-board stream; only its SHA-256 is stored. */
@Entity('stream_tickets')
export class StreamTicket {
  @PrimaryColumn({ type: UUID })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  ticketHash: string;

  @Column({ type: UUID })
  authSessionId: string;

  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  usedAt: Date | null;
}
