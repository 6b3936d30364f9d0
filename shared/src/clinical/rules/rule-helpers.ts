/** Small helpers shared by the rule modules (not exported from the library). */
import {
  DOSE_LIMITS,
  doseLimitKey,
  effectiveDoseLimit,
  isDoseLimitKey,
  type DoseBasis,
  type DoseLimitKey,
} from '../dosing';
import type { ClinicThresholds } from '../thresholds';
import { DAY_MS, HOUR_MS, MINUTE_MS, toIso, toMs, type Timestamp } from '../time';
import type {
  FlagCandidate,
  PatientRecords,
  RuleDefinition,
  RuleObservation,
  RuleSession,
} from './types';

/** Tolerance for comparisons with products of thresholds (e.g. 1.5 x 0.35 mg/kg). */
export const EPSILON = 1e-9;

/** Sorted by time; equal times keep their input order. */
export function byTime<T>(items: readonly T[], at: (item: T) => Timestamp): T[] {
  return items
    .map((item) => ({ item, ms: toMs(at(item)) }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ item }) => item);
}

/** Sessions by dose start (then session number). */
export function sessionsInOrder(sessions: readonly RuleSession[]): RuleSession[] {
  return sessions
    .map((session) => ({ session, ms: toMs(session.startedAt) }))
    .sort((a, b) => a.ms - b.ms || a.session.sessionNumber - b.session.sessionNumber)
    .map(({ session }) => session);
}

/** The observations of one session, in time order. */
export function observationsOf(records: PatientRecords, sessionId: string): RuleObservation[] {
  return byTime(
    records.observations.filter((o) => o.sessionId === sessionId),
    (o) => o.recordedAt,
  );
}

export function uniqueSorted(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

type CandidateFields = Omit<FlagCandidate, 'rule' | 'category' | 'severity'>;

/** A candidate of `rule`, with its triggers sorted and unique. */
export function candidate(
  rule: Pick<RuleDefinition, 'id' | 'category' | 'severity'>,
  fields: CandidateFields,
): FlagCandidate {
  return {
    rule: rule.id,
    category: rule.category,
    severity: rule.severity,
    ...fields,
    triggers: uniqueSorted(fields.triggers),
  };
}

/** "at 40 min" after the dose start, or "5 min before the dose". */
export function whenLabel(minutesSinceDose: number): string {
  return minutesSinceDose < 0
    ? `${-minutesSinceDose} min before the dose`
    : `at ${minutesSinceDose} min`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2 Mar 2026, 14:05 UTC": the screens' day-first format (frontend ui/format.ts, en-GB) with the
 * zone named, because messages are stored text.
 */
export function formatUtc(at: Timestamp): string {
  const iso = toIso(at);
  const month = MONTHS[Number(iso.slice(5, 7)) - 1] ?? '';
  return `${String(Number(iso.slice(8, 10)))} ${month} ${iso.slice(0, 4)}, ${iso.slice(11, 16)} UTC`;
}

/**
 * A time in a flag message, in the clinic's time zone with its abbreviation ("2 Mar 2026, 09:05
 * EST"): the same day-first, 24-hour format as every screen (issue 20: one format everywhere);
 * UTC when the zone is unknown or not a valid IANA name. The abbreviation keeps the stored
 * message unambiguous.
 */
export function formatAt(at: Timestamp, timeZone?: string | null): string {
  if (!timeZone || timeZone === 'UTC') return formatUtc(at);
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(new Date(toIso(at)));
    const part = (type: Intl.DateTimeFormatPartTypes): string =>
      parts.find((p) => p.type === type)?.value ?? '';
    const month = MONTHS[Number(part('month')) - 1] ?? '';
    return (
      `${String(Number(part('day')))} ${month} ${part('year')}, ` +
      `${part('hour')}:${part('minute')} ${part('timeZoneName')}`
    );
  } catch {
    return formatUtc(at);
  }
}

/** "6 d 23 h 59 min", "2 h", "0 min". */
export function formatDuration(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  const parts = [
    days > 0 ? `${days} d` : '',
    hours > 0 ? `${hours} h` : '',
    minutes > 0 ? `${minutes} min` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' ') : '0 min';
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "; 3 readings in all" when more than one record triggered, else "". */
export function inAll(count: number, singular: string, pluralForm?: string): string {
  return count > 1 ? `; ${plural(count, singular, pluralForm)} in all` : '';
}

export interface DoseOnBasis {
  basis: DoseBasis;
  value: number;
  unit: 'mg/kg' | 'mg';
  /** `drug.route` of DOSE_LIMITS, or null for a combination it does not list. */
  limitKey: DoseLimitKey | null;
  /**
   * The clinic's usual maximum (thresholds `doseLimits`, never above CLINICAL.md s2) on the same
   * basis, or null (no usual flag, or no limits passed).
   */
  usualMax: number | null;
  /** Whether that usual maximum is the clinic's, lower than s2's. */
  usualLowered: boolean;
}

/**
 * The dose as CLINICAL.md s4 compares it: mg/kg for weight-based ketamine, mg for esketamine (the
 * basis of its DOSE_LIMITS row). Null when a weight-based dose has no doseMgPerKg (no weight).
 */
export function doseOnBasis(
  session: RuleSession,
  doseLimits?: ClinicThresholds['doseLimits'],
): DoseOnBasis | null {
  const key = doseLimitKey(session.drug, session.route);
  const limitKey = isDoseLimitKey(key) ? key : null;
  const limit = limitKey === null ? null : effectiveDoseLimit(limitKey, doseLimits);
  const basis: DoseBasis =
    limitKey !== null
      ? DOSE_LIMITS[limitKey].basis
      : session.drug === 'esketamine'
        ? 'mg'
        : 'mg_per_kg';
  const value = basis === 'mg' ? session.doseMg : session.doseMgPerKg;
  if (value === null || !Number.isFinite(value)) return null;
  return {
    basis,
    value,
    unit: basis === 'mg' ? 'mg' : 'mg/kg',
    limitKey,
    usualMax: limit?.usualMax ?? null,
    usualLowered: limit?.usualLowered ?? false,
  };
}

/**
 * Every run of `count` consecutive items (in time order) whose first and last lie less than
 * `windowMs` apart: "a 3rd session within any rolling 7 days".
 */
export function runsWithin<T>(
  ordered: readonly T[],
  count: number,
  windowMs: number,
  at: (item: T) => Timestamp,
): T[][] {
  const runs: T[][] = [];
  if (count < 1) return runs;
  for (let first = 0; first + count - 1 < ordered.length; first++) {
    const last = first + count - 1;
    if (toMs(at(ordered[last])) - toMs(at(ordered[first])) < windowMs) {
      runs.push(ordered.slice(first, last + 1));
    }
  }
  return runs;
}

/** A session rule's finding for one session (the subject and context are that session). */
export type SessionFinding = Omit<CandidateFields, 'subjectSessionId' | 'sessionId'>;

/**
 * A session rule: `evaluateSession` looks at one session and its observations (time order), and
 * may look at the patient's other records; one candidate per session that has a finding, in the
 * order of the dose starts.
 */
export function sessionRule(
  definition: Omit<RuleDefinition, 'evaluate' | 'subject'>,
  evaluateSession: (
    session: RuleSession,
    observations: RuleObservation[],
    t: ClinicThresholds,
    now: Date,
    records: PatientRecords,
  ) => SessionFinding | null,
): RuleDefinition {
  return {
    ...definition,
    subject: 'session',
    evaluate: (records, t, now) => {
      const found: FlagCandidate[] = [];
      for (const session of sessionsInOrder(records.sessions)) {
        const observations = observationsOf(records, session.id);
        const finding = evaluateSession(session, observations, t, now, records);
        if (finding === null) continue;
        found.push(
          candidate(definition, {
            ...finding,
            subjectSessionId: session.id,
            sessionId: session.id,
          }),
        );
      }
      return found;
    },
  };
}

/** A patient rule: its candidate has no subject session; null = nothing found. */
export function patientRule(
  definition: Omit<RuleDefinition, 'evaluate' | 'subject'>,
  evaluatePatient: (
    records: PatientRecords,
    t: ClinicThresholds,
    now: Date,
  ) => Omit<CandidateFields, 'subjectSessionId'> | null,
): RuleDefinition {
  return {
    ...definition,
    subject: 'patient',
    evaluate: (records, t, now) => {
      const finding = evaluatePatient(records, t, now);
      return finding === null
        ? []
        : [candidate(definition, { ...finding, subjectSessionId: null })];
    },
  };
}

export interface Hit<M> {
  observation: RuleObservation;
  match: M;
}

export interface ReadingsRuleSpec<M> {
  /** What makes one observation trigger the rule (null: it does not). */
  match: (observation: RuleObservation, t: ClinicThresholds) => M | null;
  /** Negative when `a` is worse than `b`; the worst hit (earliest of equals) is named in the message. */
  worse: (a: Hit<M>, b: Hit<M>) => number;
  message: (worst: Hit<M>, t: ClinicThresholds) => string;
  /** The noun for the count of hits, e.g. "reading". */
  countNoun?: string;
  evidence: (hit: Hit<M>) => Record<string, unknown>;
  threshold: (t: ClinicThresholds) => Record<string, unknown>;
}

/**
 * A session rule fired by any observation of the session meeting a condition ("any reading"):
 * triggers are those observations, the message names the worst of them.
 */
export function readingsRule<M>(
  definition: Omit<RuleDefinition, 'evaluate' | 'subject'>,
  spec: ReadingsRuleSpec<M>,
): RuleDefinition {
  return sessionRule(definition, (_session, observations, t) => {
    const hits: Hit<M>[] = [];
    for (const observation of observations) {
      const match = spec.match(observation, t);
      if (match !== null) hits.push({ observation, match });
    }
    if (hits.length === 0) return null;
    const worst = [...hits].sort(spec.worse)[0];
    return {
      message: spec.message(worst, t) + inAll(hits.length, spec.countNoun ?? 'reading'),
      evidence: { observations: hits.map(spec.evidence) },
      threshold: spec.threshold(t),
      triggers: hits.map((hit) => hit.observation.id),
    };
  });
}
