/**
 * What the order form shows BEFORE a psychiatrist orders a session (CLINICAL.md s3 v2 "Ordered,
 * then started"; s4 critical flags and misuse.session_frequency): each warning asks to confirm.
 * Pure: the sessions, flags and thresholds are passed in.
 *
 * (v2, CLINICAL.md s8) For a session of a treatment course the course's own rules decide:
 * `misuse.session_frequency`, `misuse.dose_escalation` and `course.off_protocol` are run on the
 * course's given sessions plus the proposed one (the same functions the signals engine runs, no
 * second copy of the maths), and a warning is shown when the proposed session would be among a
 * flag's triggers. So a proposal that follows the protocol (e.g. the IV induction's third session
 * in 7 days, the label's titration) never warns, and one the rules would flag always does.
 */
import type { CoursePhase, CourseKind } from '../api/course-types';
import type { Drug, Route, SessionStatus } from '../api/enums';
import { sessionGiven } from '../api/enums';
import { courseOffProtocol } from './rules/course.rules';
import { flagTitleOf } from './rules/flag-titles';
import { misuseDoseEscalation, misuseSessionFrequency } from './rules/misuse.rules';
import type { PatientRecords, RuleCourse, RuleProtocol, RuleSession } from './rules/types';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from './thresholds';
import { DAY_MS, HOUR_MS, toMs, type Timestamp } from './time';

export interface OrderWarningSession {
  sessionNumber: number;
  startedAt: Timestamp;
  status: SessionStatus;
  enteredInError?: unknown;
  /** v2: the session's course (sessions of other courses are not judged with the course's). */
  courseId?: string | null;
  courseSessionNumber?: number | null;
  /** v2: needed for the course rules (a session without them is judged on time only). */
  id?: string;
  drug?: Drug;
  route?: Route;
  doseMg?: number;
  doseMgPerKg?: number | null;
}

/** v2: the course the order is for, as the course rules read it (CourseDto with its protocol fits). */
export interface OrderWarningCourse {
  id: string;
  kind?: CourseKind;
  phase: CoursePhase;
  drug: Drug;
  route: Route;
  startedAt: Timestamp;
  maintenanceAt: Timestamp | null;
  endedAt?: Timestamp | null;
  /** Null: no protocol (the v1 numbers, per course). */
  protocol: RuleProtocol | null;
}

/** v2: the dose being ordered (mg, and mg/kg when the weight is known). */
export interface OrderWarningDose {
  doseMg: number;
  doseMgPerKg: number | null;
}

export interface OrderWarningFlag {
  rule: string;
  severity: string;
  status: string;
  message: string;
  /** For the title of a rule whose title depends on what triggered it (e.g. SpO2 alone). */
  evidence?: unknown;
  threshold?: unknown;
}

export interface OrderWarning {
  kind:
    'critical_flag' | 'recent_session' | 'session_frequency' | 'dose_escalation' | 'off_protocol';
  message: string;
}

/**
 * Sessions closer than this many days count as "recent": the spacing the clinic's cap allows on
 * average (rollingDays / (sessionsPer7Days - 1): 3.5 days for 3 within 7, i.e. twice weekly),
 * whole days, at least 1.
 */
export function recentSessionDays(t: Pick<ClinicThresholds, 'misuse'>): number {
  const gaps = Math.max(1, t.misuse.sessionsPer7Days - 1);
  return Math.max(1, Math.floor(t.misuse.rollingDays / gaps));
}

const ago = (ms: number): string => {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 48) return `${String(hours)} h`;
  return `${String(Math.floor(ms / DAY_MS))} days`;
};

/** The id the proposed session carries in the rules' records. */
export const PROPOSED_SESSION_ID = 'proposed-session';

/** The course rules the order form asks, with the warning kind each gives. */
const COURSE_RULE_WARNINGS = [
  { rule: misuseSessionFrequency, kind: 'session_frequency' },
  { rule: misuseDoseEscalation, kind: 'dose_escalation' },
  { rule: courseOffProtocol, kind: 'off_protocol' },
] as const;

/**
 * The course rules' findings on the course's given sessions plus the proposed one: one warning per
 * rule whose flag would name the proposed session among its triggers (CLINICAL.md s4, s8).
 */
export function courseRuleWarnings(input: {
  at: Timestamp;
  course: OrderWarningCourse;
  sessions: readonly OrderWarningSession[];
  dose?: OrderWarningDose | null;
  thresholds?: ClinicThresholds;
  timeZone?: string | null;
}): OrderWarning[] {
  const { course } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const given = input.sessions.filter(
    (s) => sessionGiven(s.status) && !s.enteredInError && s.courseId === course.id,
  );
  const toRule = (s: OrderWarningSession, i: number): RuleSession => ({
    id: s.id ?? `session-${String(i)}`,
    sessionNumber: s.sessionNumber,
    drug: s.drug ?? course.drug,
    route: s.route ?? course.route,
    doseMg: s.doseMg ?? Number.NaN,
    doseMgPerKg: s.doseMgPerKg ?? null,
    startedAt: s.startedAt,
    infusionMinutes: null,
    status: s.status,
    dischargedAt: null,
    readyAt: null,
    dischargeOverrideReason: null,
    courseId: course.id,
    courseSessionNumber: s.courseSessionNumber ?? null,
  });
  const sessions = given.map(toRule);
  const proposed: RuleSession = {
    ...toRule(
      {
        sessionNumber: Math.max(0, ...input.sessions.map((s) => s.sessionNumber)) + 1,
        startedAt: input.at,
        status: 'in_progress',
        courseSessionNumber: Math.max(0, ...given.map((s) => s.courseSessionNumber ?? 0)) + 1,
      },
      -1,
    ),
    id: PROPOSED_SESSION_ID,
    // Without a dose the dose rule has nothing to judge (NaN is no dose on any basis).
    doseMg: input.dose?.doseMg ?? Number.NaN,
    doseMgPerKg: input.dose?.doseMgPerKg ?? null,
  };
  const ruleCourse: RuleCourse = {
    id: course.id,
    kind: course.kind ?? 'initial',
    phase: course.phase,
    drug: course.drug,
    route: course.route,
    startedAt: course.startedAt,
    maintenanceAt: course.maintenanceAt,
    endedAt: course.endedAt ?? null,
    protocol: course.protocol,
    absoluteContraindications: [],
    overrideReason: null,
    overrideBy: null,
  };
  const records: PatientRecords = {
    patientId: 'order',
    sessions: [...sessions, proposed],
    observations: [],
    phq9: [],
    sideEffects: [],
    riskEvents: [],
    cssrs: [],
    courses: [ruleCourse],
    timeZone: input.timeZone ?? null,
  };
  const now = new Date(toMs(input.at));
  const warnings: OrderWarning[] = [];
  for (const { rule, kind } of COURSE_RULE_WARNINGS) {
    for (const flag of rule.evaluate(records, t, now)) {
      if (!flag.triggers.includes(PROPOSED_SESSION_ID)) continue;
      warnings.push({ kind, message: `${flag.message} (${rule.id} will be raised)` });
    }
  }
  return warnings;
}

/** The warnings for a dose at `at`, most serious first. */
export function orderWarnings(input: {
  at: Timestamp;
  sessions: readonly OrderWarningSession[];
  flags: readonly OrderWarningFlag[];
  thresholds: Pick<ClinicThresholds, 'misuse'> & Partial<ClinicThresholds>;
  /** v2: the course the session is ordered in; its protocol and phase decide (see above). */
  course?: OrderWarningCourse | null;
  /** v2: the dose being ordered, for `misuse.dose_escalation`. */
  dose?: OrderWarningDose | null;
  /** v2: the clinic's zone (the protocol windows count its calendar days). */
  timeZone?: string | null;
}): OrderWarning[] {
  const at = toMs(input.at);
  const warnings: OrderWarning[] = input.flags
    .filter((f) => f.severity === 'critical' && f.status !== 'resolved')
    .map((f) => ({
      kind: 'critical_flag' as const,
      message: `Open critical flag: ${flagTitleOf({ rule: f.rule, evidence: f.evidence ?? null, threshold: f.threshold ?? null })} — ${f.message}`,
    }));
  const course = input.course ?? null;
  if (course !== null && course.protocol !== null) {
    return [
      ...warnings,
      ...courseRuleWarnings({
        at: input.at,
        course,
        sessions: input.sessions,
        dose: input.dose,
        thresholds: { ...DEFAULT_THRESHOLDS, ...input.thresholds },
        timeZone: input.timeZone,
      }),
    ];
  }
  const given = input.sessions
    .filter((s) => sessionGiven(s.status) && !s.enteredInError)
    // A course without a protocol: the v1 numbers over its own sessions (as the rules read it).
    .filter((s) => course === null || s.courseId === course.id)
    .map((s) => ({ ...s, ms: toMs(s.startedAt) }))
    .filter((s) => s.ms <= at)
    .sort((a, b) => b.ms - a.ms);
  const latest = given[0];
  const recentDays = recentSessionDays(input.thresholds);
  if (latest && at - latest.ms < recentDays * DAY_MS) {
    warnings.push({
      kind: 'recent_session',
      message: `Session ${String(latest.sessionNumber)} was ${ago(at - latest.ms)} before this one (within ${String(recentDays)} days)`,
    });
  }
  const { sessionsPer7Days: cap, rollingDays } = input.thresholds.misuse;
  const within = given.filter((s) => at - s.ms < rollingDays * DAY_MS).length + 1;
  if (within >= cap) {
    warnings.push({
      kind: 'session_frequency',
      message: `This would be session ${String(within)} within ${String(rollingDays)} days: the clinic's cap is under ${String(cap)} (misuse.session_frequency will be raised)`,
    });
  }
  return warnings;
}
