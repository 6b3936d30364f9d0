import type { EntityManager } from 'typeorm';
import type { Drug, ExtraPreDoseCheck, FlagDto, FlagStatus, Route } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
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

/** What a new session asks of its treatment course (CLINICAL.md s8). */
export interface NewSessionCourseInput {
  patientId: string;
  clinicId: string;
  /** The course asked for (API.md: default the patient's course that has not ended). */
  courseId: string | undefined;
  drug: Drug;
  route: Route;
  /** The planned time of an order, or the dose start of a session recorded as given. */
  at: Date;
  /** The name of the time field in the request (`plannedAt` or `startedAt`), for messages. */
  atField: 'plannedAt' | 'startedAt';
}

/**
 * Contract owned by sessions/ for treatment courses (implemented by courses/, called in the
 * caller's transaction): every session belongs to a course.
 */
export interface SessionCourses {
  /**
   * The course a new session joins and its number within it: the course asked for, else the
   * patient's course that has not ended, else (a clinic without clinical or migrated courses) a new
   * `legacy` course. 404 for another patient's course; 422 naming `courseId` or the time field.
   */
  courseForNewSession(
    em: EntityManager,
    actor: Actor,
    input: NewSessionCourseInput,
  ): Promise<{ courseId: string; courseSessionNumber: number }>;
  /** After a dose is given: the course moves to maintenance when its induction count is reached. */
  afterGiven(em: EntityManager, actor: Actor, session: DosingSession): Promise<void>;
  /**
   * After a given session is marked entered in error: an automatic move to maintenance whose
   * induction count no longer holds goes back to induction (a psychiatrist's move stays).
   */
  afterWithdrawn(em: EntityManager, actor: Actor, session: DosingSession): Promise<void>;
  /** The course's pre-dose checks (`screening_valid`, `protocol_interval`) for a start at `startedAt`. */
  preDoseChecks(
    em: EntityManager,
    session: DosingSession,
    startedAt: Date,
  ): Promise<ExtraPreDoseCheck[]>;
}

export const SESSION_COURSES = Symbol('SessionCourses');
