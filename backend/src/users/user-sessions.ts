import type { EntityManager } from 'typeorm';

/**
 * Ending a user's sign-in sessions when an administrator disables the account or resets its
 * password: owned by users/ and implemented by auth/ (which owns the sessions), inside the
 * administration's transaction.
 */
export interface UserSessions {
  /** Revokes the user's sessions that are neither revoked nor past their lifetime; returns how many. */
  revokeAll(em: EntityManager, userId: string, at: Date): Promise<number>;
}

export const USER_SESSIONS = Symbol('UserSessions');
