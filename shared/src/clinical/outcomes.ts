/**
 * Outcome metrics for clinic managers (CLINICAL.md s6), as pure functions over a cohort's records.
 * Published reference rates are listed with their sources so the dashboard labels them as such.
 */
import type { CountPer100Dto, OutcomesBySessionDto, RateDto } from '../api/view-types';
import {
  courseBaseline,
  type CourseWindowInput,
  courseRecords,
  isRemission,
  isResponse,
  responseCategory,
  type ResponseAssessmentInput,
} from './response';
import { roundHalfUp } from './rounding';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from './thresholds';
import { DAY_MS, HOUR_MS, toMs, type Timestamp } from './time';

export const OUTCOME_MAX_SESSION_NUMBER = 12;
/**
 * Response and remission rates count only courses with a baseline PHQ-9 of at least this (at least
 * moderate depression: Kroenke 2001, severity 10-14 moderate; CLINICAL.md s6 v2). Courses with a
 * lower baseline, and those without one, are reported as their own counts.
 */
export const OUTCOME_MIN_BASELINE = 10;
/** Dropout: fewer than this many sessions ... (CLINICAL.md s6) */
export const DROPOUT_MIN_SESSIONS = 4;
/** ... and no session in this many days. */
export const DROPOUT_QUIET_DAYS = 28;

/** CLINICAL.md s6: published rates to draw beside the clinic's own, labelled as references. */
export const PUBLISHED_REFERENCES = [
  {
    label: 'Osmind ORKA-1 (537 IV patients)',
    source: 'Osmind ORKA-1 real-world evidence study',
    responsePct: 53.6,
    remissionPct: 28.9,
    when: '14-31 days after induction',
  },
  {
    label: 'Oliver 2022, after 6 infusions (n=424)',
    source: 'J Clin Psychiatry 83(6):21m14336',
    responsePct: 50,
    remissionPct: 20,
    when: 'after 6 infusions',
  },
  {
    label: 'Oliver 2022, after 10 infusions (n=424)',
    source: 'J Clin Psychiatry 83(6):21m14336',
    responsePct: 72,
    remissionPct: 38,
    when: 'after 10 infusions',
  },
  {
    label: 'Esketamine TRANSFORM-2 (MADRS)',
    source: 'TRANSFORM-2, day 28',
    responsePct: 69.3,
    remissionPct: null,
    when: 'day 28',
  },
] as const;

export function rate(numerator: number, denominator: number): RateDto {
  return {
    numerator,
    denominator,
    pct: denominator === 0 ? null : roundHalfUp((numerator / denominator) * 100, 1),
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : roundHalfUp((sorted[mid - 1] + sorted[mid]) / 2, 1);
}

export interface OutcomeSession {
  id: string;
  sessionNumber: number;
  startedAt: Timestamp;
}
export interface OutcomePatient {
  id: string;
  sessions: OutcomeSession[];
  assessments: ResponseAssessmentInput[];
}

/** A patient's courses, given sessions (with their course) and PHQ-9s, for `courseOutcomeUnits`. */
export interface OutcomeCourseRecords {
  courses: readonly CourseWindowInput[];
  sessions: readonly (OutcomeSession & { courseId: string | null })[];
  assessments: readonly ResponseAssessmentInput[];
}

/**
 * The outcome units of one patient (CLINICAL.md s6 v2: the cohort unit is the treatment course):
 * one per course that has a session, its id the course's, its sessions numbered 1.. within the
 * course by start (the session number k of s6), its PHQ-9s those of the course (`courseRecords`:
 * from 30 days before its first session until the next course of the patient starts), so a
 * re-induction is its own unit from its own baseline. With one course per patient (legacy or
 * migrated) this is the v1 unit: the patient's sessions and PHQ-9s.
 */
export function courseOutcomeUnits(
  records: OutcomeCourseRecords,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): (OutcomePatient & { firstSessionAt: Timestamp })[] {
  const input = { courses: records.courses, sessions: records.sessions, phq9: records.assessments };
  const units: (OutcomePatient & { firstSessionAt: Timestamp })[] = [];
  for (const course of records.courses) {
    const own = courseRecords(input, course.id, t);
    if (own === null || own.sessions.length === 0) continue;
    units.push({
      id: course.id,
      firstSessionAt: own.sessions[0].startedAt,
      sessions: own.sessions.map((s, i) => ({
        id: s.id,
        sessionNumber: i + 1,
        startedAt: s.startedAt,
      })),
      assessments: own.phq9,
    });
  }
  return units;
}

/** Which outcome counts a course enters (CLINICAL.md s6 v2). */
export type OutcomeBaselineGroup = 'counted' | 'baseline_below_10' | 'no_baseline';

export interface PatientOutcome {
  /** The course baseline total, or null without one. */
  baselineTotal: number | null;
  /** Rates count only `counted` courses (baseline >= OUTCOME_MIN_BASELINE). */
  baselineGroup: OutcomeBaselineGroup;
  /** Best category reached after each session k (index k-1), or null when the patient had no session k. */
  bySession: ('remission' | 'response' | 'partial' | 'none' | 'no_baseline' | null)[];
  /**
   * After each session k: whether its best total is a response (<= 50% of the baseline, nothing
   * else: CLINICAL.md s5 v2) and whether it is a remission; null without session k or a baseline.
   */
  reachedBySession: ({ response: boolean; remission: boolean } | null)[];
  firstResponseSession: number | null;
  daysToFirstResponse: number | null;
  /** Milliseconds from the first session's start to the first response (unrounded). */
  msToFirstResponse: number | null;
  dropout: boolean;
  /**
   * No session in the last DROPOUT_QUIET_DAYS days: the course is no longer going on, so it has had
   * its chance to reach every session number (a later one it never reached counts against it in
   * the intention-to-treat rates). A course still going on has not yet had the chance to reach the
   * session numbers beyond its own count (see outcomesBySessionNumber).
   */
  stopped: boolean;
}

/**
 * One patient's course against CLINICAL.md s5-s6: after session k, the best valid PHQ-9 from its
 * start until the next session starts (the last session: up to 96 h after it) against the course
 * baseline. Response is total <= 50% of the baseline only (s5 v2): a remission above that line is
 * a remission, not a response. The first response is counted for every course; the rates take
 * only courses with a baseline >= OUTCOME_MIN_BASELINE (see outcomesBySessionNumber).
 */
export function patientOutcome(
  patient: OutcomePatient,
  now: Timestamp,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): PatientOutcome {
  const sessions = [...patient.sessions].sort((a, b) => toMs(a.startedAt) - toMs(b.startedAt));
  const valid = patient.assessments.filter(
    (a): a is ResponseAssessmentInput & { total: number } => a.valid && a.total !== null,
  );
  const baseline = courseBaseline(sessions, valid, t);
  const bySession: PatientOutcome['bySession'] = [];
  const reachedBySession: PatientOutcome['reachedBySession'] = [];
  let firstResponseSession: number | null = null;
  let daysToFirstResponse: number | null = null;
  let msToFirstResponse: number | null = null;
  for (let k = 1; k <= OUTCOME_MAX_SESSION_NUMBER; k++) {
    const session = sessions[k - 1];
    if (!session) {
      bySession.push(null);
      reachedBySession.push(null);
      continue;
    }
    if (!baseline) {
      bySession.push('no_baseline');
      reachedBySession.push(null);
      continue;
    }
    const start = toMs(session.startedAt);
    const next = sessions[k];
    const end = next ? toMs(next.startedAt) : start + t.response.window72h.max * HOUR_MS;
    const after = valid.filter(
      (a) => toMs(a.administeredAt) > start && toMs(a.administeredAt) <= end,
    );
    if (after.length === 0) {
      bySession.push('none');
      reachedBySession.push({ response: false, remission: false });
      continue;
    }
    // The lowest total; on a tie, the earliest (then the smallest id), as the SQL does.
    const best = after.reduce((m, a) => {
      if (a.total !== m.total) return a.total < m.total ? a : m;
      const am = toMs(a.administeredAt);
      const mm = toMs(m.administeredAt);
      if (am !== mm) return am < mm ? a : m;
      return a.id < m.id ? a : m;
    });
    const category = responseCategory(best.total, baseline.total, t);
    bySession.push(category);
    // The lowest total decides both: a response and a remission only get likelier as it falls.
    const response = isResponse(best.total, baseline.total, t);
    reachedBySession.push({ response, remission: isRemission(best.total, t) });
    if (firstResponseSession === null && response) {
      firstResponseSession = k;
      msToFirstResponse = toMs(best.administeredAt) - toMs(sessions[0].startedAt);
      daysToFirstResponse = roundHalfUp(msToFirstResponse / DAY_MS, 1);
    }
  }
  const last = sessions[sessions.length - 1];
  const stopped =
    last !== undefined && toMs(now) - toMs(last.startedAt) > DROPOUT_QUIET_DAYS * DAY_MS;
  const dropout = sessions.length < DROPOUT_MIN_SESSIONS && stopped;
  const baselineTotal = baseline ? baseline.total : null;
  const baselineGroup: OutcomeBaselineGroup =
    baselineTotal === null
      ? 'no_baseline'
      : baselineTotal >= OUTCOME_MIN_BASELINE
        ? 'counted'
        : 'baseline_below_10';
  return {
    baselineTotal,
    baselineGroup,
    bySession,
    reachedBySession,
    firstResponseSession,
    daysToFirstResponse,
    msToFirstResponse,
    dropout,
    stopped,
  };
}

/** Courses left out of the rates (CLINICAL.md s6 v2), each with its own count. */
export function outcomeBaselineCounts(outcomes: PatientOutcome[]): {
  counted: number;
  baselineBelow10: number;
  noBaseline: number;
} {
  const count = (group: OutcomeBaselineGroup): number =>
    outcomes.filter((o) => o.baselineGroup === group).length;
  return {
    counted: count('counted'),
    baselineBelow10: count('baseline_below_10'),
    noBaseline: count('no_baseline'),
  };
}

/** The courses the response and remission rates count: baseline >= OUTCOME_MIN_BASELINE. */
export function countedOutcomes(outcomes: PatientOutcome[]): PatientOutcome[] {
  return outcomes.filter((o) => o.baselineGroup === 'counted');
}

/**
 * Median days to first response among responders with a counted baseline (>= 10): the median of
 * the exact times, then rounded to one decimal (rounding each patient first would shift the median).
 */
export function medianDaysToFirstResponse(outcomes: PatientOutcome[]): number | null {
  const ms = countedOutcomes(outcomes)
    .map((o) => o.msToFirstResponse)
    .filter((v): v is number => v !== null);
  const middle = median(ms);
  return middle === null ? null : roundHalfUp(middle / DAY_MS, 1);
}

/**
 * Follow-up completion (CLINICAL.md s6): of the sessions whose window has closed by `now`, the
 * share with a valid PHQ-9 inside the window (edges included).
 */
export function followUpCompletion(
  sessions: readonly { startedAt: Timestamp }[],
  assessments: readonly ResponseAssessmentInput[],
  window: { min: number; max: number },
  now: Timestamp,
): RateDto {
  const times = assessments
    .filter((a) => a.valid && a.total !== null)
    .map((a) => toMs(a.administeredAt));
  const closed = sessions.filter((s) => toMs(s.startedAt) + window.max * HOUR_MS < toMs(now));
  const done = closed.filter((s) => {
    const start = toMs(s.startedAt);
    return times.some(
      (ms) => ms >= start + window.min * HOUR_MS && ms <= start + window.max * HOUR_MS,
    );
  });
  return rate(done.length, closed.length);
}

/**
 * Whether a course has had the chance to reach session k: it reached it, or it is no longer going
 * on (no session in the last DROPOUT_QUIET_DAYS days). docs/decisions.md "Intention to treat
 * counts only the courses that had the chance to reach the session".
 */
export function hadChanceToReach(o: PatientOutcome, k: number): boolean {
  return (o.bySession[k - 1] ?? null) !== null || o.stopped;
}

/**
 * Response and remission by session number, intention-to-treat and completers (CLINICAL.md s6),
 * over the courses with a baseline >= 10 only (s6 v2); the others are counted apart
 * (outcomeBaselineCounts), never in a denominator.
 *
 * Intention to treat at session k: of the courses that have had the chance to reach k
 * (hadChanceToReach): a course that stopped before k counts as not responding, as intention to
 * treat requires; a course still going on that has not reached k yet is left out of that point
 * and counted in `notYetReached` (it would otherwise pull the curve to 0 % at the session numbers
 * recent patients have not reached).
 */
export function outcomesBySessionNumber(outcomes: PatientOutcome[]): OutcomesBySessionDto[] {
  const counted = countedOutcomes(outcomes);
  const rows: OutcomesBySessionDto[] = [];
  for (let k = 1; k <= OUTCOME_MAX_SESSION_NUMBER; k++) {
    const reached = counted.map((o) => o.reachedBySession[k - 1] ?? null);
    const completers = counted.filter((o) => (o.bySession[k - 1] ?? null) !== null).length;
    const eligible = counted.filter((o) => hadChanceToReach(o, k)).length;
    const responded = reached.filter((c) => c?.response === true).length;
    const remitted = reached.filter((c) => c?.remission === true).length;
    rows.push({
      sessionNumber: k,
      responseItt: rate(responded, eligible),
      remissionItt: rate(remitted, eligible),
      responseCompleters: rate(responded, completers),
      remissionCompleters: rate(remitted, completers),
      notYetReached: counted.length - eligible,
    });
  }
  return rows;
}

export function per100(counts: Map<string, number>, sessions: number): CountPer100Dto[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({
      key,
      count,
      per100Sessions: sessions === 0 ? null : roundHalfUp((count / sessions) * 100, 1),
    }));
}
