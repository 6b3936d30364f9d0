import type { EntityManager } from 'typeorm';
import type { FlagDto, FlagStatus } from '@clinic/shared';
import type { DosingSession } from './dosing-session.entity';

/**
 * Contracts owned by sessions/ for the features above it that a session needs: implemented by
 * flags/ and followups/ and called with the caller's EntityManager (same transaction), so that
 * sessions/ imports neither.
 */
export interface SessionFlags {
  /** The session's flags as the API shows them, newest first. */
  ofSession(em: EntityManager, sessionId: string): Promise<FlagDto[]>;
  /** The session's critical flags, whatever their status: what discharge readiness weighs. */
  criticalOfSession(
    em: EntityManager,
    sessionId: string,
  ): Promise<{ status: FlagStatus; resolvedAt: Date | null }[]>;
  /** The patient's critical flags not yet resolved (open or acknowledged): a pre-dose check. */
  openCriticalOfPatient(em: EntityManager, patientId: string): Promise<{ rule: string }[]>;
}

export const SESSION_FLAGS = Symbol('SessionFlags');

export interface SessionFollowUps {
  /** Creates the session's follow-up requests (PHQ-9 at 24 h and 7 days) when not there yet. */
  ensureForSession(em: EntityManager, session: DosingSession): Promise<unknown>;
}

export const SESSION_FOLLOW_UPS = Symbol('SessionFollowUps');
