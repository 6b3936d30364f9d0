/**
 * Treatment courses as the rules read them (CLINICAL.md s8): the course of a session, the phase a
 * course was in at a time, the protocol's numbers for a phase, clinic-local calendar days, and the
 * dose plan's steps. Without `records.courses` (or with none) every helper gives the v1 view: one
 * undivided list of sessions without a course.
 */
import type { CoursePhase, DosePlan, DosePlanUnit } from '../../api/course-types';
import { DAY_MS, localDate, toMs, type Timestamp } from '../time';
import type { PatientRecords, RuleCourse, RuleProtocol, RuleSession } from './types';

/**
 * The day number (days since 1970-01-01) of a timestamp's calendar date in the clinic's time zone
 * (UTC when none or unknown). Two sessions are "within 7 days" when their day numbers differ by
 * less than 7: Monday and the next Monday are 7 days apart, whatever the time of day, so a weekly
 * slot with a time jitter is never "within 7 days" (docs/decisions.md, "Protocol-aware rules").
 */
export function localDayNumber(at: Timestamp, timeZone?: string | null): number {
  const [y, m, d] = localDate(at, timeZone).split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The calendar date (YYYY-MM-DD) of a day number. */
export function dayNumberToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The patient's courses by start (then id): empty before courses (v1). */
export function coursesInOrder(records: Pick<PatientRecords, 'courses'>): RuleCourse[] {
  return [...(records.courses ?? [])].sort(
    (a, b) => toMs(a.startedAt) - toMs(b.startedAt) || a.id.localeCompare(b.id),
  );
}

/** Whether the records carry treatment courses (else every rule behaves as in v1). */
export function hasCourses(records: Pick<PatientRecords, 'courses'>): boolean {
  return (records.courses ?? []).length > 0;
}

/** The course a session belongs to, or null (v1 records, or a course not among the records). */
export function courseOfSession(
  session: Pick<RuleSession, 'courseId'>,
  records: Pick<PatientRecords, 'courses'>,
): RuleCourse | null {
  if (session.courseId === undefined || session.courseId === null) return null;
  return (records.courses ?? []).find((c) => c.id === session.courseId) ?? null;
}

/**
 * The phase a course was in at a time (CLINICAL.md s8): induction up to `maintenanceAt`,
 * maintenance after it. The automatic move dates from the start of the session that completed
 * the induction count (backend courses/), and that session belongs to the induction. A course
 * ended during induction stays `induction` for its sessions.
 */
export function phaseAt(
  course: Pick<RuleCourse, 'maintenanceAt'>,
  at: Timestamp,
): Exclude<CoursePhase, 'ended'> {
  return course.maintenanceAt !== null && toMs(at) > toMs(course.maintenanceAt)
    ? 'maintenance'
    : 'induction';
}

/** The protocol's induction interval when it names none: not twice on one calendar day. */
export const DEFAULT_INDUCTION_MIN_DAYS_BETWEEN = 1;

export interface PhaseLimits {
  /** The phase the numbers are of (maintenance without a maintenance part reads the induction's). */
  phase: Exclude<CoursePhase, 'ended'>;
  maxPerWeek: number;
  minDaysBetween: number;
}

/**
 * The protocol's numbers for a phase. A protocol with no maintenance studied (esketamine for acute
 * suicidal ideation) keeps its induction numbers for any session given after the induction.
 */
export function phaseLimits(
  protocol: Pick<RuleProtocol, 'induction' | 'maintenance'>,
  phase: Exclude<CoursePhase, 'ended'>,
): PhaseLimits {
  if (phase === 'maintenance' && protocol.maintenance !== null) {
    return {
      phase,
      maxPerWeek: protocol.maintenance.maxPerWeek,
      minDaysBetween: protocol.maintenance.minDaysBetween,
    };
  }
  return {
    phase,
    maxPerWeek: protocol.induction.maxPerWeek,
    minDaysBetween: protocol.induction.minDaysBetween ?? DEFAULT_INDUCTION_MIN_DAYS_BETWEEN,
  };
}

/**
 * The minimum calendar days between a course's session in `phase` and the session before it in
 * `previousPhase`: the phase's own interval, except into the first maintenance session, which
 * follows the induction's (the label's week-5 session may come 4 days after week 4's second one).
 */
export function minDaysBetween(
  protocol: Pick<RuleProtocol, 'induction' | 'maintenance'>,
  phase: Exclude<CoursePhase, 'ended'>,
  previousPhase: Exclude<CoursePhase, 'ended'>,
): number {
  return phaseLimits(protocol, previousPhase === 'induction' ? 'induction' : phase).minDaysBetween;
}

/** Sessions by dose start (then session number). */
function inOrder(sessions: readonly RuleSession[]): RuleSession[] {
  return [...sessions].sort(
    (a, b) => toMs(a.startedAt) - toMs(b.startedAt) || a.sessionNumber - b.sessionNumber,
  );
}

/** A group of sessions judged together: one course's, or (course null) the v1 undivided list. */
export interface SessionGroup {
  course: RuleCourse | null;
  /** The group's sessions by dose start. */
  sessions: RuleSession[];
}

/**
 * The sessions the course-aware rules judge together. Without courses: one group of every session
 * (v1). With courses: one group per course (by start), and the sessions that name no known course
 * together in one group without a course (judged as in v1).
 */
export function sessionGroups(records: PatientRecords): SessionGroup[] {
  const ordered = inOrder(records.sessions);
  if (!hasCourses(records)) return [{ course: null, sessions: ordered }];
  const groups: SessionGroup[] = coursesInOrder(records).map((course) => ({
    course,
    sessions: ordered.filter((s) => s.courseId === course.id),
  }));
  const loose = ordered.filter((s) => courseOfSession(s, records) === null);
  if (loose.length > 0) groups.push({ course: null, sessions: loose });
  return groups;
}

/** The session's number within its course (its position when the records do not say). */
export function courseNumberOf(
  session: RuleSession,
  courseSessions: readonly RuleSession[],
): number {
  return session.courseSessionNumber ?? courseSessions.indexOf(session) + 1;
}

/** "session 7 (course session 3)"; "session 7" outside a course. */
export function sessionLabel(session: RuleSession, group: SessionGroup, capital = false): string {
  const word = capital ? 'Session' : 'session';
  if (group.course === null) return `${word} ${session.sessionNumber}`;
  return `${word} ${session.sessionNumber} (course session ${courseNumberOf(session, group.sessions)})`;
}

/**
 * Tolerance of a dose against a step of the dose plan. mg/kg: 0.025 mg/kg, which absorbs a dose in
 * mg rounded to the whole mg at any weight of 20 kg or more (0.5 mg / 20 kg), plus the 3-decimal
 * rounding of doseMgPerKg; a 70-kg patient's dose may be rounded to 1.75 mg. mg (esketamine
 * devices of 28 mg): exact. docs/decisions.md, "Protocol-aware rules".
 */
export const DOSE_PLAN_TOLERANCE: Readonly<Record<DosePlanUnit, number>> = Object.freeze({
  mg: 1e-9,
  mg_per_kg: 0.025,
});

/** The session's dose in the plan's unit (mg/kg needs a weight: null without one). */
export function doseInPlanUnit(
  session: Pick<RuleSession, 'doseMg' | 'doseMgPerKg'>,
  unit: DosePlanUnit,
): number | null {
  const value = unit === 'mg' ? session.doseMg : session.doseMgPerKg;
  return value === null || !Number.isFinite(value) ? null : value;
}

/** The plan's doses after the first, unique and ascending. */
export function planSteps(plan: Pick<DosePlan, 'steps'>): number[] {
  return [...new Set(plan.steps)].sort((a, b) => a - b);
}

/** The plan dose a dose matches within the tolerance (the nearest), or null: not a step. */
export function matchPlanDose(
  value: number,
  doses: readonly number[],
  unit: DosePlanUnit,
): number | null {
  let best: number | null = null;
  for (const dose of doses) {
    if (Math.abs(value - dose) > DOSE_PLAN_TOLERANCE[unit]) continue;
    if (best === null || Math.abs(value - dose) < Math.abs(value - best)) best = dose;
  }
  return best;
}

/** "mg" or "mg/kg", as the messages write the plan's unit. */
export function unitLabel(unit: DosePlanUnit): string {
  return unit === 'mg' ? 'mg' : 'mg/kg';
}

/** A patient rule's finding for one group of sessions (a course, or the v1 list). */
export interface GroupFinding {
  sessionId: string | null;
  message: string;
  evidence: Record<string, unknown>;
  threshold: Record<string, unknown>;
  triggers: string[];
  /** When its latest trigger happened (ms): the latest finding is the one the message names. */
  atMs: number;
  courseId: string | null;
}

/**
 * One patient flag from the findings of several courses (a rule raises at most one open flag per
 * patient): the latest finding's message, session and threshold, every finding's triggers, the
 * others' evidence under `otherCourses`. One finding: itself (v1 output unchanged).
 */
export function combineFindings(
  findings: readonly (GroupFinding | null)[],
): Omit<GroupFinding, 'atMs' | 'courseId'> | null {
  const found = findings.filter((f): f is GroupFinding => f !== null);
  if (found.length === 0) return null;
  const latest = found.reduce((a, b) => (b.atMs >= a.atMs ? b : a));
  const strip = ({ atMs: _atMs, courseId: _courseId, ...rest }: GroupFinding) => rest;
  if (found.length === 1) return strip(latest);
  const others = found.filter((f) => f !== latest);
  return {
    ...strip(latest),
    message: `${latest.message}; ${found.length} courses in all`,
    evidence: {
      ...latest.evidence,
      otherCourses: others.map((f) => ({ courseId: f.courseId, ...f.evidence })),
    },
    triggers: [...new Set(found.flatMap((f) => f.triggers))],
  };
}
