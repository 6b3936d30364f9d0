/**
 * Session rules about the monitoring of a supervised session (CLINICAL.md s3-s4): observations on
 * schedule, dissociation resolved by the end of minimum monitoring, discharge before ready.
 */
import { minimumMonitoringEnd, preDoseReading } from '../discharge';
import type { ClinicThresholds } from '../thresholds';
import { MINUTE_MS, minutesSinceDose, toIso, toMs } from '../time';
import { formatAt, plural, sessionRule, whenLabel } from './rule-helpers';
import { isFullObservationSet, missingFromFullSet } from '../vital-signs';
import { cadssTotalOf } from './vitals.rules';
import type { RuleDefinition, RuleObservation, RuleSession } from './types';

/**
 * An observation up to this many minutes before a scheduled time counts for it (a 40-min reading
 * taken at 36 min is the 40-min reading; a pre-dose reading 5 min before the dose is the 0-min one).
 * Product decision, not in CLINICAL.md: nurses round to the schedule, and flagging a reading taken
 * a few minutes early as missing would teach them to ignore the flag.
 */
export const OBSERVATION_SLOT_EARLY_MINUTES = 5;

export interface ObservationDue {
  /** The scheduled time (minutes after the dose start) of the next observation due. */
  slotMinutes: number;
  /** When it is due, ISO. */
  dueAt: string;
  /** More than monitoringOverdueMinutes past due. */
  overdue: boolean;
  /** Whole minutes since it fell due (0 before then). */
  minutesLate: number;
}

/**
 * The next scheduled observation of an in-progress session (CLINICAL.md s3 schedule, s4
 * monitoring.overdue), or null when the session is not in progress or every slot is done.
 * A slot s of `t.scheduledObservationMinutes` is done when the latest FULL SET of the session
 * (vital-signs.ts isFullObservationSet: BP, heart rate, SpO2 and MOAA/S in one reading) has
 * minutesSinceDose >= s - 5 (OBSERVATION_SLOT_EARLY_MINUTES): a late full set covers the slots it
 * caught up with. A partial reading (e.g. heart rate alone) is kept and shown but is not a
 * scheduled check. The next slot is the first not done; it is overdue when
 * now > start + s + t.monitoringOverdueMinutes.
 */
export function nextObservationDue(
  session: RuleSession,
  observations: RuleObservation[],
  t: ClinicThresholds,
  now: Date,
): ObservationDue | null {
  if (session.status !== 'in_progress') return null;
  const own = observations.filter((o) => o.sessionId === session.id && isFullObservationSet(o));
  const latest = own.length === 0 ? null : Math.max(...own.map((o) => o.minutesSinceDose));
  const slot = [...t.scheduledObservationMinutes]
    .sort((a, b) => a - b)
    .find((s) => latest === null || latest < s - OBSERVATION_SLOT_EARLY_MINUTES);
  if (slot === undefined) return null;
  const dueMs = toMs(session.startedAt) + slot * MINUTE_MS;
  const lateMs = now.getTime() - dueMs;
  return {
    slotMinutes: slot,
    dueAt: new Date(dueMs).toISOString(),
    overdue: lateMs > t.monitoringOverdueMinutes * MINUTE_MS,
    minutesLate: lateMs > 0 ? Math.floor(lateMs / MINUTE_MS) : 0,
  };
}

export const monitoringOverdue: RuleDefinition = sessionRule(
  {
    id: 'monitoring.overdue',
    category: 'monitoring',
    severity: 'warning',
    title: 'Observation overdue',
    note: null,
    timeBased: true,
    autoResolve: true,
  },
  (session, observations, t, now) => {
    const due = nextObservationDue(session, observations, t, now);
    if (due === null || !due.overdue) return null;
    const full = observations.filter((o) => isFullObservationSet(o));
    const last = full.length === 0 ? null : full[full.length - 1];
    // A later partial reading (e.g. heart rate alone) did not count: say so, or the flag looks wrong.
    const latestAny = observations.length === 0 ? null : observations[observations.length - 1];
    const partial =
      latestAny !== null && latestAny !== last
        ? `; the reading ${whenLabel(latestAny.minutesSinceDose)} is not a full set ` +
          `(no ${missingFromFullSet(latestAny).join(', ')})`
        : '';
    return {
      message:
        `Observation due at ${due.slotMinutes} min is ${due.minutesLate} min late ` +
        `(more than ${t.monitoringOverdueMinutes})${partial}`,
      evidence: {
        slotMinutes: due.slotMinutes,
        dueAt: due.dueAt,
        minutesLate: due.minutesLate,
        // The latest full set (the scheduled check the next one follows).
        lastObservation:
          last === null
            ? null
            : {
                id: last.id,
                minutesSinceDose: last.minutesSinceDose,
                recordedAt: toIso(last.recordedAt),
              },
      },
      threshold: {
        monitoringOverdueMinutes: t.monitoringOverdueMinutes,
        scheduledObservationMinutes: [...t.scheduledObservationMinutes],
        slotEarlyMinutes: OBSERVATION_SLOT_EARLY_MINUTES,
      },
      triggers: [`slot:${due.slotMinutes}`],
    };
  },
);

/** Trigger of monitoring.no_predose once the session is noPredoseAfterMinutes past its dose start. */
export const NO_PREDOSE_DUE_TRIGGER = 'no_predose:due';
/** Trigger of monitoring.no_predose for a pre-dose BP that was entered in error: `no_predose:withdrawn:<id>`. */
export const NO_PREDOSE_WITHDRAWN_PREFIX = 'no_predose:withdrawn:';

/**
 * monitoring.no_predose (CLINICAL.md s4 v2): an in-progress session without a pre-dose reading with a
 * BP, once it has an observation after the dose start or is noPredoseAfterMinutes past it. The
 * pre-dose reading is discharge.ts preDoseReading, the baseline bp.rise and the discharge BP-rise
 * check read: the last observation with systolic and diastolic at or before startedAt (an earlier
 * BP is not hidden by a later MOAA/S-only reading). Auto-resolves when one is recorded.
 *
 * Triggers: the post-dose observations (each reading taken without a baseline is new evidence),
 * `no_predose:due` once the time has passed, and `no_predose:withdrawn:<id>` for each pre-dose BP
 * of the session entered in error. The last one makes a gap that reappears a new trigger, so it
 * raises again even when an earlier flag of the same gap was resolved (resolved triggers never
 * raise again).
 */
export const monitoringNoPredose: RuleDefinition = sessionRule(
  {
    id: 'monitoring.no_predose',
    category: 'monitoring',
    severity: 'warning',
    title: 'No pre-dose blood pressure',
    note: null,
    timeBased: true,
    autoResolve: true,
  },
  (session, observations, t, now, records) => {
    if (session.status !== 'in_progress') return null;
    if (preDoseReading(observations, session.startedAt) !== null) return null;
    const startMs = toMs(session.startedAt);
    const postDose = observations.filter((o) => toMs(o.recordedAt) > startMs);
    const due = now.getTime() >= startMs + t.noPredoseAfterMinutes * MINUTE_MS;
    if (postDose.length === 0 && !due) return null;
    const withdrawn = (records.enteredInErrorObservations ?? []).filter(
      (o) =>
        o.sessionId === session.id &&
        toMs(o.recordedAt) <= startMs &&
        o.systolic !== null &&
        o.diastolic !== null,
    );
    const reasons: string[] = [];
    if (postDose.length > 0) {
      reasons.push(`${plural(postDose.length, 'reading')} after the dose start`);
    }
    if (due) reasons.push(`at least ${t.noPredoseAfterMinutes} min since the dose start`);
    if (withdrawn.length > 0) {
      reasons.push(
        `the pre-dose BP ${withdrawn
          .map((o) => `${o.systolic}/${o.diastolic} ${whenLabel(o.minutesSinceDose)}`)
          .join(', ')} was entered in error`,
      );
    }
    return {
      message:
        `No pre-dose BP for session ${session.sessionNumber} (dose started ` +
        `${formatAt(session.startedAt, records.timeZone)}): ${reasons.join('; ')}. ` +
        `A BP rise cannot be judged without it; record it if it was taken`,
      evidence: {
        session: {
          id: session.id,
          sessionNumber: session.sessionNumber,
          startedAt: toIso(session.startedAt),
        },
        observations: postDose.map((o) => ({
          id: o.id,
          minutesSinceDose: o.minutesSinceDose,
          recordedAt: toIso(o.recordedAt),
        })),
        enteredInError: withdrawn.map((o) => ({
          id: o.id,
          minutesSinceDose: o.minutesSinceDose,
          systolic: o.systolic,
          diastolic: o.diastolic,
        })),
      },
      threshold: { noPredoseAfterMinutes: t.noPredoseAfterMinutes },
      triggers: [
        ...postDose.map((o) => o.id),
        ...(due ? [NO_PREDOSE_DUE_TRIGGER] : []),
        ...withdrawn.map((o) => `${NO_PREDOSE_WITHDRAWN_PREFIX}${o.id}`),
      ],
    };
  },
);

function minMonitoringMinutesOf(session: RuleSession, t: ClinicThresholds): number {
  return session.drug === 'esketamine'
    ? t.minMonitoringMinutes.esketamine
    : t.minMonitoringMinutes.ketamine;
}

export const dissociationUnresolved: RuleDefinition = sessionRule(
  {
    id: 'dissociation.unresolved',
    category: 'dissociation',
    severity: 'warning',
    title: 'Dissociation unresolved at the end of minimum monitoring',
    note: null,
    timeBased: true,
    autoResolve: false,
  },
  (session, observations, t, now) => {
    const end = minimumMonitoringEnd(session, t);
    // IV ketamine recorded without its infusion length (before CLINICAL.md v2 required it): the
    // end of minimum monitoring is unknown, so "at or after it" cannot be judged. Discharge
    // readiness refuses such a session without a psychiatrist's override instead.
    if (end === null) return null;
    const endMs = end.getTime();
    const startMs = toMs(session.startedAt);
    const endMinutes = minutesSinceDose(session.startedAt, new Date(endMs));
    const max = t.discharge.cadss6TotalMax;
    const unresolved = (o: RuleObservation): boolean => {
      const total = cadssTotalOf(o);
      return total !== null && total > max;
    };

    // Any rating above the limit at or after the end of minimum monitoring ...
    const triggers = observations.filter((o) => toMs(o.recordedAt) >= endMs && unresolved(o));
    // ... or, while the patient is still here past that end, a latest rating still above it.
    if (session.status === 'in_progress' && now.getTime() >= endMs) {
      const rated = observations.filter(
        (o) => toMs(o.recordedAt) >= startMs && cadssTotalOf(o) !== null,
      );
      const latest = rated.length === 0 ? null : rated[rated.length - 1];
      if (latest !== null && unresolved(latest) && !triggers.includes(latest)) {
        triggers.push(latest);
      }
    }
    if (triggers.length === 0) return null;

    const shown = triggers.reduce((a, b) => (toMs(b.recordedAt) >= toMs(a.recordedAt) ? b : a));
    const total = cadssTotalOf(shown);
    const message =
      toMs(shown.recordedAt) >= endMs
        ? `CADSS-6 total ${total} ${whenLabel(shown.minutesSinceDose)}, at or after the end of ` +
          `minimum monitoring (${endMinutes} min): total > ${max}`
        : `Latest CADSS-6 total ${total} ${whenLabel(shown.minutesSinceDose)}, and minimum ` +
          `monitoring ended at ${endMinutes} min: total > ${max}`;
    return {
      message,
      evidence: {
        monitoringEndsAt: new Date(endMs).toISOString(),
        observations: triggers.map((o) => ({
          id: o.id,
          minutesSinceDose: o.minutesSinceDose,
          cadss6Total: cadssTotalOf(o),
        })),
      },
      threshold: {
        cadss6TotalMax: max,
        minMonitoringMinutes: minMonitoringMinutesOf(session, t),
        monitoringEndsAtMinutes: endMinutes,
      },
      triggers: triggers.map((o) => o.id),
    };
  },
);

export const dischargeBeforeReady: RuleDefinition = sessionRule(
  {
    id: 'discharge.before_ready',
    category: 'monitoring',
    severity: 'warning',
    title: 'Discharged before ready (override)',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (session, _observations, t) => {
    const reason = session.dischargeOverrideReason?.trim() ?? '';
    if (session.dischargedAt === null || reason === '') return null;
    const dischargedMs = toMs(session.dischargedAt);
    const end = minimumMonitoringEnd(session, t);
    const endMinutes = end === null ? null : minutesSinceDose(session.startedAt, end);
    const monitored = minutesSinceDose(session.startedAt, session.dischargedAt);
    const why: string[] = [];
    if (end === null) why.push('infusion length not recorded, end of minimum monitoring unknown');
    else if (dischargedMs < end.getTime()) why.push(`minimum monitoring ends at ${endMinutes} min`);
    if (session.readyAt === null || toMs(session.readyAt) > dischargedMs) {
      why.push('discharge criteria not met');
    }
    const detail = why.length > 0 ? ` (${why.join('; ')})` : '';
    return {
      message:
        `Session ${session.sessionNumber} discharged ${whenLabel(monitored)} ` +
        `with an override before ready${detail}. Reason: "${reason}"`,
      evidence: {
        session: {
          id: session.id,
          sessionNumber: session.sessionNumber,
          startedAt: toIso(session.startedAt),
          dischargedAt: toIso(session.dischargedAt),
          readyAt: session.readyAt === null ? null : toIso(session.readyAt),
          minutesMonitored: monitored,
          dischargeOverrideReason: reason,
        },
      },
      threshold: {
        minMonitoringMinutes: minMonitoringMinutesOf(session, t),
        monitoringEndsAtMinutes: endMinutes,
        ...t.discharge,
      },
      triggers: [session.id],
    };
  },
);

export const MONITORING_RULES: readonly RuleDefinition[] = [
  dissociationUnresolved,
  monitoringOverdue,
  monitoringNoPredose,
  dischargeBeforeReady,
];
