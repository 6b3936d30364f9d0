/** PHQ-9 response over 24-72 hours and over the course (CLINICAL.md s5). */
import type { Phq9Source, RecallPeriod, ResponseStatus } from '../api/enums';
import type {
  PatientResponseDto,
  ResponsePointDto,
  ResponseSessionDto,
} from '../api/assessment-types';
import { roundHalfUp } from './rounding';
import { DEFAULT_THRESHOLDS, type ClinicThresholds, type HourWindow } from './thresholds';
import { DAY_MS, HOUR_MS, hoursBetween, toIso, toMs, type Timestamp } from './time';

export interface ResponseSessionInput {
  id: string;
  sessionNumber: number;
  /** v2: the number within its course, passed through to the session's line when given. */
  courseSessionNumber?: number | null;
  startedAt: string | Date;
  doseMg: number;
}

export interface ResponseAssessmentInput {
  id: string;
  administeredAt: string | Date;
  total: number | null;
  valid: boolean;
  recall: RecallPeriod;
  /** Defaults to `clinic`. */
  source?: Phq9Source;
}

export type ResponseCategory = Exclude<ResponseStatus, 'no_baseline'>;

type ValidAssessment<A extends ResponseAssessmentInput> = A & { total: number };

/** Valid, scored assessments only: invalid ones are excluded from every outcome (CLINICAL.md s1). */
function validOnly<A extends ResponseAssessmentInput>(assessments: A[]): ValidAssessment<A>[] {
  return assessments.filter((a): a is ValidAssessment<A> => a.valid && a.total !== null);
}

/** Sorted by time; equal times keep their input order. */
function byTime<T>(items: T[], at: (item: T) => Timestamp): T[] {
  return items
    .map((item) => ({ item, ms: toMs(at(item)) }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ item }) => item);
}

function firstSessionStartMs(sessions: { startedAt: Timestamp }[]): number | null {
  if (sessions.length === 0) return null;
  return Math.min(...sessions.map((s) => toMs(s.startedAt)));
}

/**
 * The course baseline (CLINICAL.md s5): the last valid two-week-recall PHQ-9 administered within
 * 30 days before (and at or before) the first session's start. Without sessions: the latest valid
 * two-week-recall PHQ-9. Null when there is none.
 */
export function courseBaseline<A extends ResponseAssessmentInput>(
  sessions: { startedAt: Timestamp }[],
  assessments: A[],
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): A | null {
  const candidates = byTime(
    validOnly(assessments).filter((a) => a.recall === 'two_weeks'),
    (a) => a.administeredAt,
  );
  const firstStart = firstSessionStartMs(sessions);
  const eligible =
    firstStart === null
      ? candidates
      : candidates.filter((a) => {
          const ms = toMs(a.administeredAt);
          return ms <= firstStart && ms >= firstStart - t.response.baselineWindowDays * DAY_MS;
        });
  return eligible.length > 0 ? eligible[eligible.length - 1] : null;
}

/**
 * The session an assessment belongs to (CLINICAL.md s5, "hours since dose"): the latest session
 * that started strictly before it, or null.
 */
export function attributeToSession<S extends { startedAt: Timestamp }>(
  administeredAt: Timestamp,
  sessions: S[],
): S | null {
  const atMs = toMs(administeredAt);
  let found: S | null = null;
  let foundMs = -Infinity;
  for (const session of sessions) {
    const ms = toMs(session.startedAt);
    if (ms < atMs && ms > foundMs) {
      found = session;
      foundMs = ms;
    }
  }
  return found;
}

/**
 * The dose a PHQ-9's hours count from (CLINICAL.md s5, "hours since dose"), with those hours (2
 * decimals): the latest session that started before it. A PHQ-9 recorded with a session that
 * started later (the pre-dose PHQ-9 of session 6) still counts from the session before (5); the
 * label must name that one (issue 20: "72.1 h after session 6" was wrong). Null before any.
 */
export function doseAttribution<S extends { startedAt: Timestamp }>(
  administeredAt: Timestamp,
  sessions: readonly S[],
): { session: S; hoursSinceDose: number } | null {
  const session = attributeToSession(administeredAt, [...sessions]);
  return session === null
    ? null
    : { session, hoursSinceDose: hoursBetween(session.startedAt, administeredAt) };
}

/** (total - baseline) / baseline x 100, rounded to 1 decimal; null when the baseline is 0 (CLINICAL.md s5). */
export function changePct(total: number, baseline: number): number | null {
  if (baseline === 0) return null;
  return roundHalfUp(((total - baseline) / baseline) * 100, 1);
}

// Tolerance for comparisons of totals with fractions of the baseline (e.g. 0.3 x 20).
const EPSILON = 1e-9;

/**
 * Response (CLINICAL.md s5 v2): total <= 50% (responseRatio) of the course baseline, and nothing
 * else: a remission is not a response unless it is also at or below that line (baseline 6 -> 4 is
 * a remission, not a response). A baseline of 0 leaves nothing to halve: never a response. Every
 * count of "response" (outcome rates, time to first response, nonresponse.after_induction) uses this.
 */
export function isResponse(
  total: number,
  baseline: number,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): boolean {
  return baseline > 0 && total <= baseline * t.response.responseRatio + EPSILON;
}

/** Remission (CLINICAL.md s5): total < 5 (remissionBelow), whatever the baseline. */
export function isRemission(total: number, t: ClinicThresholds = DEFAULT_THRESHOLDS): boolean {
  return total < t.response.remissionBelow;
}

/**
 * Category of a PHQ-9 total against the course baseline (CLINICAL.md s5), the most favourable
 * first: remission total < 5; response total <= 50% of the baseline; partial a 25-49% reduction;
 * otherwise none. A remission shown as the status may or may not also be a response: count
 * responses with isResponse, never from the category.
 */
export function responseCategory(
  total: number,
  baseline: number,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): ResponseCategory {
  const r = t.response;
  if (isRemission(total, t)) return 'remission';
  if (isResponse(total, baseline, t)) return 'response';
  if (baseline > 0 && baseline - total >= baseline * r.partialReductionMin - EPSILON)
    return 'partial';
  return 'none';
}

/** Hundredths of an hour, as integers, so that distances to a target compare exactly. */
function hundredths(hours: number): number {
  return Math.round(hours * 100);
}

/** The point nearest the window's target within [min, max] hours; on a tie, the earlier one. */
function nearestInWindow(points: ResponsePointDto[], window: HourWindow): ResponsePointDto | null {
  let best: ResponsePointDto | null = null;
  let bestDistance = Infinity;
  for (const point of points) {
    const h = hundredths(point.hoursSinceDose);
    if (h < hundredths(window.min) || h > hundredths(window.max)) continue;
    const distance = Math.abs(h - hundredths(window.target));
    if (distance < bestDistance) {
      best = point;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A patient's response (CLINICAL.md s5): course baseline, status, best change, and per session
 * (by session number) the pre-dose score, the PHQ-9 points of the 96 h after the dose and the
 * 24-h and 72-h points. Invalid assessments are ignored everywhere.
 */
export function computeResponse(
  sessions: ResponseSessionInput[],
  assessments: ResponseAssessmentInput[],
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): PatientResponseDto {
  const r = t.response;
  const valid = byTime(validOnly(assessments), (a) => a.administeredAt);
  const baseline = courseBaseline(sessions, valid, t);
  const baselineMs = baseline === null ? null : toMs(baseline.administeredAt);
  const change = (total: number): number | null =>
    baseline === null ? null : changePct(total, baseline.total);

  const latest = valid.length > 0 ? valid[valid.length - 1] : null;
  const status: ResponseStatus =
    baseline === null || latest === null
      ? 'no_baseline'
      : responseCategory(latest.total, baseline.total, t);

  let bestChangePct: number | null = null;
  if (baseline !== null && baselineMs !== null) {
    for (const a of valid) {
      if (a === baseline || toMs(a.administeredAt) <= baselineMs) continue;
      const pct = change(a.total);
      if (pct !== null && (bestChangePct === null || pct < bestChangePct)) bestChangePct = pct;
    }
  }

  const ordered = [...sessions].sort((a, b) => a.sessionNumber - b.sessionNumber);
  const sessionDtos: ResponseSessionDto[] = ordered.map((session) => {
    const startMs = toMs(session.startedAt);
    const preDoseFrom = startMs - r.preDoseWindowHours * HOUR_MS;
    const preDose = valid.filter((a) => {
      const ms = toMs(a.administeredAt);
      return ms >= preDoseFrom && ms <= startMs;
    });
    const preDoseTotal =
      preDose.length > 0 ? preDose[preDose.length - 1].total : (baseline?.total ?? null);

    const points: ResponsePointDto[] = [];
    for (const a of valid) {
      if (attributeToSession(a.administeredAt, sessions) !== session) continue;
      const hoursSinceDose = hoursBetween(session.startedAt, a.administeredAt);
      if (hoursSinceDose > r.window72h.max) continue;
      points.push({
        assessmentId: a.id,
        hoursSinceDose,
        total: a.total,
        changePct: change(a.total),
        recall: a.recall,
        source: a.source ?? 'clinic',
      });
    }

    return {
      sessionId: session.id,
      sessionNumber: session.sessionNumber,
      ...(session.courseSessionNumber === undefined
        ? {}
        : { courseSessionNumber: session.courseSessionNumber }),
      startedAt: toIso(session.startedAt),
      doseMg: session.doseMg,
      preDoseTotal,
      at24h: nearestInWindow(points, r.window24h),
      at72h: nearestInWindow(points, r.window72h),
      points,
    };
  });

  return {
    baseline:
      baseline === null
        ? null
        : {
            assessmentId: baseline.id,
            total: baseline.total,
            administeredAt: toIso(baseline.administeredAt),
          },
    status,
    bestChangePct,
    sessions: sessionDtos,
  };
}

/** (v2) A treatment course as the per-course response maths reads it (CLINICAL.md s8). */
export interface CourseWindowInput {
  id: string;
  /** The course's start (its creation). */
  startedAt: Timestamp;
}

/** A patient's courses, sessions and PHQ-9s (PatientRecords fits). */
export interface CourseRecordsInput<S, A> {
  courses?: readonly CourseWindowInput[] | null;
  sessions: readonly S[];
  phq9: readonly A[];
}

/** The sessions and PHQ-9s of one course, and the span its PHQ-9s were taken from. */
export interface CourseRecords<S, A> {
  courseId: string;
  /** The course's sessions, by dose start. */
  sessions: S[];
  /** The PHQ-9s of the course, by time. */
  phq9: A[];
  /** Its PHQ-9s from: 30 days (baselineWindowDays) before its first session (or its start). */
  from: string;
  /** Until (before) the next course of the patient starts; null for the latest course. */
  until: string | null;
}

/**
 * The sessions and PHQ-9s of one course (CLINICAL.md s5 v2, everything per course): the sessions
 * naming the course, and the PHQ-9s administered from `baselineWindowDays` (30) before its first
 * session (before one, its start) until the next course of the patient starts. A PHQ-9 between two
 * courses may belong to both: the follow-up of the first, the baseline of the next. Null for a
 * course not among `courses`.
 */
export function courseRecords<
  S extends { courseId?: string | null; startedAt: Timestamp },
  A extends { administeredAt: Timestamp },
>(
  input: CourseRecordsInput<S, A>,
  courseId: string,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): CourseRecords<S, A> | null {
  const courses = [...(input.courses ?? [])].sort(
    (a, b) => toMs(a.startedAt) - toMs(b.startedAt) || a.id.localeCompare(b.id),
  );
  const index = courses.findIndex((c) => c.id === courseId);
  if (index < 0) return null;
  const course = courses[index];
  const sessions = byTime(
    input.sessions.filter((s) => s.courseId === courseId),
    (s) => s.startedAt,
  );
  const firstMs = firstSessionStartMs(sessions) ?? toMs(course.startedAt);
  const fromMs = firstMs - t.response.baselineWindowDays * DAY_MS;
  const next = courses[index + 1] as CourseWindowInput | undefined;
  const untilMs = next === undefined ? null : toMs(next.startedAt);
  const phq9 = byTime(
    input.phq9.filter((a) => {
      const ms = toMs(a.administeredAt);
      return ms >= fromMs && (untilMs === null || ms < untilMs);
    }),
    (a) => a.administeredAt,
  );
  return {
    courseId,
    sessions,
    phq9,
    from: new Date(fromMs).toISOString(),
    until: untilMs === null ? null : new Date(untilMs).toISOString(),
  };
}

/**
 * The course baseline of one course (CLINICAL.md s5): the last valid two-week-recall PHQ-9 within
 * 30 days before the course's first session (before one: the latest of the course's PHQ-9s). A
 * re-induction has its own. Null without one, or for a course not among `courses`.
 */
export function courseBaselineOf<
  S extends { courseId?: string | null; startedAt: Timestamp },
  A extends ResponseAssessmentInput,
>(
  input: CourseRecordsInput<S, A>,
  courseId: string,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): A | null {
  const records = courseRecords(input, courseId, t);
  return records === null ? null : courseBaseline(records.sessions, records.phq9, t);
}

/**
 * computeResponse for one course (CLINICAL.md s5 v2): its baseline, status, best change and
 * sessions, from its own sessions and PHQ-9s only. Sessions keep the `sessionNumber` they are given
 * (pass the course session number for a chart numbered within the course). Null for a course not
 * among `courses`.
 */
export function computeCourseResponse<
  S extends ResponseSessionInput & { courseId?: string | null },
  A extends ResponseAssessmentInput,
>(
  input: CourseRecordsInput<S, A>,
  courseId: string,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): (PatientResponseDto & { courseId: string }) | null {
  const records = courseRecords(input, courseId, t);
  if (records === null) return null;
  return { ...computeResponse(records.sessions, records.phq9, t), courseId };
}
