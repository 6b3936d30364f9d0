/** Discharge readiness of a supervised session (CLINICAL.md s3). */
import type { Drug, Route } from '../api/enums';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from './thresholds';
import { MINUTE_MS, minutesSinceDose, toMs, type Timestamp } from './time';

export interface MonitoringObservation {
  id?: string;
  recordedAt: string | Date;
  systolic: number | null;
  diastolic: number | null;
  spo2: number | null;
  moaas: number | null;
  cadss6Total: number | null;
  heartRate?: number | null;
  respiratoryRate?: number | null;
}

export interface MonitoredSession {
  drug: Drug;
  route: Route;
  startedAt: Timestamp;
  /**
   * Infusion length; ketamine monitoring runs from its end. Required for IV ketamine (CLINICAL.md
   * s2 v2): an IV session without it (recorded before v2) has an unknown end of monitoring.
   */
  infusionMinutes?: number | null;
  /** Set once discharged: readyAt is judged up to the discharge and frozen there (s3 v2). */
  dischargedAt?: Timestamp | null;
}

export interface DischargeReadinessInput {
  session: MonitoredSession;
  observations: MonitoringObservation[];
  /** Open (or acknowledged, not yet resolved) critical flags raised on this session. */
  openCriticalFlags: number;
  /**
   * When the session's critical flags that are no longer open were resolved: an open critical
   * flag breaks the stretch of readiness (s3 v2), so the stretch cannot start before these.
   */
  criticalFlagsResolvedAt?: Timestamp[];
  now: Timestamp;
  thresholds?: ClinicThresholds;
}

export interface DischargeReadiness {
  ready: boolean;
  /** Every unmet criterion in plain words with its numbers (empty when ready). */
  reasons: string[];
  /**
   * Since when all non-time criteria have held (REMS "minutes until ready to leave"), ISO; null
   * while they do not hold.
   */
  readyAt: string | null;
  /**
   * End of the minimum monitoring time, ISO; null when it cannot be known (IV ketamine recorded
   * without its infusion length, before CLINICAL.md v2 required it).
   */
  monitoringEndsAt: string | null;
}

interface Timed<T> {
  ms: number;
  observation: T;
}

/** Observations in time order; observations at the same time keep their input order. */
function chronological<T extends { recordedAt: Timestamp }>(observations: T[]): Timed<T>[] {
  return observations
    .map((observation) => ({ ms: toMs(observation.recordedAt), observation }))
    .sort((a, b) => a.ms - b.ms);
}

function hasBp(
  o: MonitoringObservation,
): o is MonitoringObservation & { systolic: number; diastolic: number } {
  return (
    o.systolic !== null &&
    o.systolic !== undefined &&
    o.diastolic !== null &&
    o.diastolic !== undefined
  );
}

/**
 * The pre-dose reading (CLINICAL.md s3): the last observation with a BP (systolic and diastolic)
 * recorded at or before the dose start, or null.
 */
export function preDoseReading<T extends MonitoringObservation>(
  observations: T[],
  startedAt: Timestamp,
): T | null {
  const startMs = toMs(startedAt);
  let reading: T | null = null;
  for (const { ms, observation } of chronological(observations)) {
    if (ms > startMs) break;
    if (hasBp(observation)) reading = observation;
  }
  return reading;
}

/** IV ketamine without its infusion length: the end of its monitoring is unknown (s2 v2). */
export function infusionLengthUnknown(session: MonitoredSession): boolean {
  return (
    session.drug === 'ketamine' &&
    session.route === 'iv' &&
    (session.infusionMinutes === null || session.infusionMinutes === undefined)
  );
}

/**
 * End of the minimum monitoring time (CLINICAL.md s3): esketamine 120 min after the dose start
 * (Spravato REMS); ketamine 60 min after the infusion ends (start + infusionMinutes + 60; an IM,
 * oral or sublingual dose has no infusion, so 60 min after the dose). Null for IV ketamine without
 * its infusion length: monitoring counts from the end of the infusion, which cannot be guessed.
 */
export function minimumMonitoringEnd(
  session: MonitoredSession,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): Date | null {
  if (infusionLengthUnknown(session)) return null;
  const startMs = toMs(session.startedAt);
  const minutes =
    session.drug === 'esketamine'
      ? t.minMonitoringMinutes.esketamine
      : (session.infusionMinutes ?? 0) + t.minMonitoringMinutes.ketamine;
  return new Date(startMs + minutes * MINUTE_MS);
}

/** Why a session without its infusion length cannot be judged ready on time (s2 v2). */
export const UNKNOWN_INFUSION_REASON =
  'infusion length not recorded: minimum monitoring counts from the end of the IV infusion, so ' +
  'whether it has been reached cannot be judged (a psychiatrist may discharge with an override)';

function latestWith<T>(
  ordered: Timed<MonitoringObservation>[],
  pick: (o: MonitoringObservation) => T | null | undefined,
): T | null {
  for (let index = ordered.length - 1; index >= 0; index--) {
    const value = pick(ordered[index].observation);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/**
 * The unmet non-time discharge criteria (CLINICAL.md s3), judged on the latest value of each
 * measurement recorded strictly after the dose start; observations at or before it (a reading at
 * exactly startedAt is the pre-dose reading, s3 v2) only serve as the pre-dose reading for the BP
 * rise. Pass only the observations up to the moment being judged.
 */
export function nonTimeCriteria(
  observationsUpTo: MonitoringObservation[],
  startedAt: Timestamp,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): string[] {
  const startMs = toMs(startedAt);
  const postDose = chronological(observationsUpTo).filter(({ ms }) => ms > startMs);
  const reasons: string[] = [];
  const d = t.discharge;

  const moaas = latestWith(postDose, (o) => o.moaas);
  if (moaas === null) {
    reasons.push('no MOAA/S recorded since the dose');
  } else if (moaas < d.moaasRequired) {
    // At least the required level: 5 (the top of the scale) by default, so "must be 5".
    const required = d.moaasRequired >= 5 ? '5' : `at least ${d.moaasRequired}`;
    reasons.push(`latest MOAA/S is ${moaas} (must be ${required})`);
  }

  const cadss = latestWith(postDose, (o) => o.cadss6Total);
  if (cadss === null) {
    reasons.push('no CADSS-6 recorded since the dose');
  } else if (cadss > d.cadss6TotalMax) {
    const limit = d.cadss6TotalMax === 0 ? 'must be 0' : `must be at most ${d.cadss6TotalMax}`;
    reasons.push(`latest CADSS-6 total is ${cadss} (${limit})`);
  }

  const bp = latestWith(postDose, (o) => (hasBp(o) ? o : null));
  if (bp === null) {
    reasons.push('no BP recorded since the dose');
  } else {
    if (bp.systolic >= d.systolicBelow || bp.diastolic >= d.diastolicBelow) {
      reasons.push(
        `BP ${bp.systolic}/${bp.diastolic} is not below ${d.systolicBelow}/${d.diastolicBelow}`,
      );
    }
    // Without a pre-dose reading the rise cannot be measured; it is then not a reason.
    const preDose = preDoseReading(observationsUpTo, startedAt);
    if (preDose !== null && hasBp(preDose)) {
      const riseSystolic = bp.systolic - preDose.systolic;
      const riseDiastolic = bp.diastolic - preDose.diastolic;
      if (riseSystolic >= t.bp.riseSystolic || riseDiastolic >= t.bp.riseDiastolic) {
        reasons.push(
          `BP ${bp.systolic}/${bp.diastolic} has risen ${riseSystolic}/${riseDiastolic} over the ` +
            `pre-dose ${preDose.systolic}/${preDose.diastolic} (rise must stay below ` +
            `${t.bp.riseSystolic}/${t.bp.riseDiastolic})`,
        );
      }
    }
  }

  const spo2 = latestWith(postDose, (o) => o.spo2);
  if (spo2 === null) {
    reasons.push('no SpO2 recorded since the dose');
  } else if (spo2 < d.spo2Min) {
    reasons.push(`latest SpO2 is ${spo2}% (must be at least ${d.spo2Min}%)`);
  }
  return reasons;
}

function monitoringTimeReason(
  session: MonitoredSession,
  t: ClinicThresholds,
  now: Timestamp,
): string {
  const soFar = minutesSinceDose(session.startedAt, now);
  if (session.drug === 'esketamine') {
    return `minimum monitoring of ${t.minMonitoringMinutes.esketamine} min not reached (${soFar} min so far)`;
  }
  const infusion = session.infusionMinutes ?? 0;
  const minimum = t.minMonitoringMinutes.ketamine;
  if (infusion > 0) {
    return (
      `minimum monitoring of ${minimum} min after the ${infusion} min infusion not reached ` +
      `(${soFar} min since the dose, ${infusion + minimum} min needed)`
    );
  }
  return `minimum monitoring of ${minimum} min not reached (${soFar} min so far)`;
}

/**
 * `readyAt` (CLINICAL.md s3 v2): the start of the latest unbroken stretch, up to `until`, in which
 * every non-time criterion holds, including no open critical flag on the session. The stretch is
 * counted from the first reading strictly after the dose start (a reading at exactly startedAt is
 * the pre-dose reading): criteria are judged at each post-dose reading on the observations up to
 * it and hold until the next one; a resolved critical flag breaks the stretch until it was
 * resolved. Null while any criterion fails (or a critical flag is open).
 */
export function readyAtOf(input: {
  startedAt: Timestamp;
  observations: MonitoringObservation[];
  openCriticalFlags: number;
  criticalFlagsResolvedAt?: Timestamp[];
  until: Timestamp;
  thresholds?: ClinicThresholds;
}): string | null {
  if (input.openCriticalFlags > 0) return null;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const startMs = toMs(input.startedAt);
  const untilMs = toMs(input.until);
  const upTo = chronological(input.observations).filter(({ ms }) => ms <= untilMs);
  let readyAtMs: number | null = null;
  let previousMs: number | null = null;
  for (const { ms } of upTo) {
    if (ms <= startMs || ms === previousMs) continue; // observations at one time are judged together
    previousMs = ms;
    const upToThis = upTo.filter((entry) => entry.ms <= ms).map(({ observation }) => observation);
    if (nonTimeCriteria(upToThis, input.startedAt, t).length > 0) {
      readyAtMs = null;
    } else if (readyAtMs === null) {
      readyAtMs = ms;
    }
  }
  if (readyAtMs === null) return null;
  // A critical flag open within the stretch broke it: the stretch starts again at its resolution.
  for (const at of input.criticalFlagsResolvedAt ?? []) {
    const ms = toMs(at);
    if (ms > readyAtMs && ms <= untilMs) readyAtMs = ms;
  }
  return new Date(readyAtMs).toISOString();
}

/**
 * Whether the patient may leave now (CLINICAL.md s3): minimum monitoring time reached, all
 * non-time criteria met on the observations recorded up to `now`, and no open critical flag.
 * `readyAt` as readyAtOf (s3 v2), judged up to `now`, or up to the discharge once discharged (frozen
 * there). So criteria that held at 15 min, failed at 40 min (sedation) and held again from 90 min
 * give readyAt = 90 min. IV ketamine without its infusion length is never ready on time (s2 v2).
 */
export function dischargeReadiness(input: DischargeReadinessInput): DischargeReadiness {
  const { session, openCriticalFlags } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const nowMs = toMs(input.now);
  const monitoringEnd = minimumMonitoringEnd(session, t);
  const upToNow = chronological(input.observations).filter(({ ms }) => ms <= nowMs);

  const reasons: string[] = [];
  if (monitoringEnd === null) {
    reasons.push(UNKNOWN_INFUSION_REASON);
  } else if (nowMs < monitoringEnd.getTime()) {
    reasons.push(monitoringTimeReason(session, t, input.now));
  }
  reasons.push(
    ...nonTimeCriteria(
      upToNow.map(({ observation }) => observation),
      session.startedAt,
      t,
    ),
  );
  if (openCriticalFlags > 0) {
    reasons.push(
      `${openCriticalFlags} open critical flag${openCriticalFlags === 1 ? '' : 's'} on the session`,
    );
  }

  const dischargedMs =
    session.dischargedAt === null || session.dischargedAt === undefined
      ? null
      : toMs(session.dischargedAt);
  const readyAt = readyAtOf({
    startedAt: session.startedAt,
    observations: input.observations,
    openCriticalFlags,
    criticalFlagsResolvedAt: input.criticalFlagsResolvedAt,
    until: new Date(dischargedMs !== null && dischargedMs < nowMs ? dischargedMs : nowMs),
    thresholds: t,
  });

  return {
    ready: reasons.length === 0,
    reasons,
    readyAt,
    monitoringEndsAt: monitoringEnd === null ? null : monitoringEnd.toISOString(),
  };
}
