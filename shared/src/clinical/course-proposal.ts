/**
 * The order form's proposal for a course's next session (CLINICAL.md s8; API.md "Treatment
 * courses"): the earliest date the protocol allows in the phase and the dose on the plan. The same
 * numbers as `misuse.session_frequency`, `misuse.dose_escalation` and `course.off_protocol`, so a
 * session ordered as proposed raises none of them.
 */
import type { CourseProposalDto, CoursePhase, ProtocolDto } from '../api/course-types';
import { doseLimitKey, effectiveDoseLimit, isDoseLimitKey } from './dosing';
import {
  dayNumberToDate,
  DOSE_PLAN_TOLERANCE,
  doseInPlanUnit,
  localDayNumber,
  matchPlanDose,
  minDaysBetween,
  phaseAt,
  phaseLimits,
  planSteps,
  unitLabel,
} from './rules/course-helpers';
import type { RuleProtocol } from './rules/types';
import type { ClinicThresholds } from './thresholds';
import { toMs, type Timestamp } from './time';

/** Days of a protocol's rolling window (CLINICAL.md s8: "at most N in any 7 days"). */
const ROLLING_DAYS = 7;

/** A session given in the course, as the proposal reads it. */
export interface ProposalSession {
  startedAt: Timestamp;
  doseMg: number;
  /** Null without a weight (a weight-based plan then reads the course's previous dose). */
  doseMgPerKg: number | null;
}

export interface ProposeNextSessionInput {
  /** The protocol in force; with its drug and route the clinic's usual maximum caps the steps. */
  protocol: RuleProtocol & Partial<Pick<ProtocolDto, 'drug' | 'route'>>;
  /** The course's phase now. */
  phase: CoursePhase;
  /** The sessions given in the course (any order). */
  courseSessions: readonly ProposalSession[];
  /**
   * When the course moved to maintenance: the sessions before it count as induction. Absent: the
   * sessions beyond the induction count are taken as maintenance.
   */
  maintenanceAt?: Timestamp | null;
  /** The clinic's dose limits (thresholds `doseLimits`): no step above its usual maximum. */
  clinicDoseLimits?: ClinicThresholds['doseLimits'];
  /** The clinic's IANA zone: the calendar days of the sessions and of `earliestDate`. */
  timeZone?: string | null;
  now: Date;
}

/** Whether a course's induction is complete: the protocol's induction count given (CLINICAL.md s8). */
export function inductionComplete(
  protocol: Pick<RuleProtocol, 'induction'>,
  givenCount: number,
): boolean {
  return givenCount >= protocol.induction.sessions;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The next session of a course (CLINICAL.md s8): earliest date = the latest of today, the previous
 * session + the phase's minimum interval, and the first day keeping the rolling-7-day count within
 * the phase's maximum (calendar days in the clinic's zone); dose = the plan's first dose for the
 * first session, else the last dose given when it is a step of the plan, else the plan's step
 * nearest below it (the lowest step when none is). Null when there is nothing to propose: the course
 * ended, or its induction is complete and the protocol has no maintenance (esketamine for acute
 * suicidal ideation: no maintenance was studied).
 */
export function proposeNextSession(input: ProposeNextSessionInput): CourseProposalDto | null {
  const { protocol, timeZone } = input;
  if (input.phase === 'ended') return null;
  const given = [...input.courseSessions].sort((a, b) => toMs(a.startedAt) - toMs(b.startedAt));
  const phase =
    input.phase === 'induction' && inductionComplete(protocol, given.length)
      ? 'maintenance'
      : input.phase;
  if (phase === 'maintenance' && protocol.maintenance === null) return null;

  const maintenanceAt = input.maintenanceAt ?? null;
  const phaseOf = (s: ProposalSession, index: number): 'induction' | 'maintenance' =>
    maintenanceAt !== null
      ? phaseAt({ maintenanceAt }, s.startedAt)
      : index >= protocol.induction.sessions
        ? 'maintenance'
        : 'induction';
  const days = given.map((s) => localDayNumber(s.startedAt, timeZone));
  const phases = given.map(phaseOf);
  const limits = phaseLimits(protocol, phase);
  const today = localDayNumber(input.now, timeZone);

  // Earliest day: the interval since the previous session, then the rolling window.
  const last = given.length - 1;
  const minDays = last < 0 ? 0 : minDaysBetween(protocol, phase, phases[last]);
  const afterInterval = last < 0 ? today : days[last] + minDays;
  const fits = (day: number): boolean => {
    const inWindow = days
      .map((d, i) => ({ d, phase: phases[i] }))
      .filter(({ d }) => d <= day && day - d < ROLLING_DAYS);
    return (
      inWindow.filter((x) => x.phase === phase).length < limits.maxPerWeek &&
      inWindow.length < protocol.induction.maxPerWeek
    );
  };
  let earliest = Math.max(today, afterInterval);
  const firstCandidate = earliest;
  while (!fits(earliest) && earliest < firstCandidate + ROLLING_DAYS) earliest++;

  // Dose on the plan.
  const plan = protocol.dosePlan;
  const unit = unitLabel(plan.unit);
  const tolerance = DOSE_PLAN_TOLERANCE[plan.unit];
  const ceiling = usualCeiling(input);
  const steps = planSteps(plan).filter(
    (d) => d <= plan.max + tolerance && (ceiling === null || d <= ceiling + tolerance),
  );
  const allowedDoses = given.length === 0 || steps.length === 0 ? [plan.first] : steps;
  const lastDose = [...given]
    .reverse()
    .map((s) => doseInPlanUnit(s, plan.unit))
    .find((v): v is number => v !== null);
  let dose: number;
  let doseWhy: string;
  if (given.length === 0 || lastDose === undefined) {
    dose = plan.first;
    doseWhy = "the plan's first dose";
  } else {
    const match = matchPlanDose(lastDose, allowedDoses, plan.unit);
    const below = allowedDoses.filter((d) => d <= lastDose + tolerance);
    if (match !== null) {
      dose = match;
      doseWhy = 'the last dose given';
    } else if (below.length > 0) {
      dose = below[below.length - 1];
      doseWhy = `the plan's step nearest below the last dose given (${lastDose} ${unit})`;
    } else {
      dose = allowedDoses[0];
      doseWhy = `the plan's lowest step (the last dose given was ${lastDose} ${unit})`;
    }
  }

  const next = given.length + 1;
  const which =
    phase === 'induction'
      ? `Session ${next} of ${protocol.induction.sessions} of induction`
      : `Session ${next} of the course, maintenance`;
  const interval =
    last < 0 ? '' : `, at least ${plural(minDays, 'day')} after the previous session`;
  const pushed =
    earliest > firstCandidate
      ? `; ${dayNumberToDate(earliest)} is the first day within these limits`
      : '';
  return {
    earliestDate: dayNumberToDate(earliest),
    dose,
    unit: plan.unit,
    allowedDoses,
    reason:
      `${which} (${protocol.name}); at most ${limits.maxPerWeek} in any ${ROLLING_DAYS} days` +
      `${interval}${pushed}; dose ${dose} ${unit}: ${doseWhy}`,
  };
}

/** The clinic's usual maximum on the plan's basis (its sanity maximum without one), or null. */
function usualCeiling(input: ProposeNextSessionInput): number | null {
  const { drug, route, dosePlan } = input.protocol;
  if (drug === undefined || route === undefined) return null;
  const key = doseLimitKey(drug, route);
  if (!isDoseLimitKey(key)) return null;
  const limit = effectiveDoseLimit(key, input.clinicDoseLimits);
  if (limit.basis !== dosePlan.unit) return null;
  return limit.usualMax ?? limit.sanityMax;
}
