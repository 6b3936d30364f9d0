/**
 * Patient rules for signs of misuse (CLINICAL.md s4; Spravato label s5.3/s9.2, FDA Oct 2023
 * compounded-ketamine warning, Chang 2023). These are clinically reasonable proxies, not a
 * published checklist, and their definitions say so (PROXY_RULE_NOTE).
 */
import type { RiskEventType, SideEffectType } from '../../api/enums';
import { roundHalfUp } from '../rounding';
import type { ClinicThresholds } from '../thresholds';
import { DAY_MS, toIso, toMs, type Timestamp } from '../time';
import {
  combineFindings,
  courseNumberOf,
  DOSE_PLAN_TOLERANCE,
  doseInPlanUnit,
  type GroupFinding,
  localDayNumber,
  matchPlanDose,
  phaseAt,
  phaseLimits,
  planSteps,
  type SessionGroup,
  sessionGroups,
  sessionLabel,
  unitLabel,
} from './course-helpers';
import {
  byTime,
  type DoseOnBasis,
  doseOnBasis,
  EPSILON,
  formatDuration,
  formatAt,
  inAll,
  patientRule,
  runsWithin,
  uniqueSorted,
} from './rule-helpers';
import {
  PROXY_RULE_NOTE,
  type PatientRecords,
  type RuleCourse,
  type RuleDefinition,
  type RuleProtocol,
  type RuleRiskEvent,
  type RuleSession,
  type RuleSideEffect,
} from './types';

const REPORTED_USE_TYPES: readonly RiskEventType[] = ['positive_uds', 'reported_nonclinic_use'];

const RISK_EVENT_LABELS: Record<RiskEventType, string> = {
  positive_uds: 'Positive urine drug screen for ketamine',
  reported_nonclinic_use: 'Reported ketamine use outside the clinic',
  early_session_request: 'Request for an earlier or extra session',
  craving: 'Craving reported',
  other: 'Risk event',
};

function sessionNumberOf(sessionId: string, sessions: RuleSession[]): string {
  const session = sessions.find((s) => s.id === sessionId);
  return session === undefined ? '' : ` (session ${session.sessionNumber})`;
}

function sideEffectsOf(records: PatientRecords, type: SideEffectType): RuleSideEffect[] {
  return byTime(
    records.sideEffects.filter((e) => e.type === type),
    (e) => e.onsetAt,
  );
}

function riskEventsOf(records: PatientRecords, types: readonly RiskEventType[]): RuleRiskEvent[] {
  return byTime(
    records.riskEvents.filter((e) => types.includes(e.type)),
    (e) => e.occurredAt,
  );
}

function sideEffectEvidence(e: RuleSideEffect): Record<string, unknown> {
  return {
    id: e.id,
    sessionId: e.sessionId,
    type: e.type,
    severity: e.severity,
    onsetAt: toIso(e.onsetAt),
  };
}

function riskEventEvidence(e: RuleRiskEvent): Record<string, unknown> {
  return { id: e.id, type: e.type, occurredAt: toIso(e.occurredAt) };
}

const misuse = (
  id: RuleDefinition['id'],
  severity: RuleDefinition['severity'],
  title: string,
): Omit<RuleDefinition, 'evaluate' | 'subject'> => ({
  id,
  category: 'misuse',
  severity,
  title,
  note: PROXY_RULE_NOTE,
  timeBased: false,
  autoResolve: false,
});

/** v1 (CLINICAL.md s4, no protocol): the `sessionsPer7Days`-th session within any rolling days. */
function frequencyV1(
  sessions: RuleSession[],
  records: PatientRecords,
  t: ClinicThresholds,
  course: RuleCourse | null,
): GroupFinding | null {
  const count = t.misuse.sessionsPer7Days;
  const days = t.misuse.rollingDays;
  const runs = runsWithin(sessions, count, days * DAY_MS, (s) => s.startedAt);
  if (runs.length === 0) return null;
  const involved = [...new Set(runs.flat())];
  const last = runs[runs.length - 1];
  const first = last[0];
  const latest = last[last.length - 1];
  const span = toMs(latest.startedAt) - toMs(first.startedAt);
  return {
    courseId: course?.id ?? null,
    atMs: toMs(latest.startedAt),
    sessionId: latest.id,
    message:
      `${count} sessions within ${formatDuration(span)} ` +
      `(sessions ${last.map((s) => s.sessionNumber).join(', ')}; ` +
      `${formatAt(first.startedAt, records.timeZone)} to ${formatAt(latest.startedAt, records.timeZone)}): ` +
      `${count} or more within any rolling ${days} days` +
      (involved.length > last.length ? `; ${involved.length} sessions involved in all` : ''),
    evidence: {
      ...(course === null ? {} : { courseId: course.id }),
      sessions: involved.map((s) => ({
        id: s.id,
        sessionNumber: s.sessionNumber,
        startedAt: toIso(s.startedAt),
      })),
      runs: runs.map((run) => run.map((s) => s.id)),
    },
    threshold: { sessionsPer7Days: count, rollingDays: days },
    triggers: involved.map((s) => s.id),
  };
}

/** Days of a protocol's rolling window (CLINICAL.md s8: "at most N in any 7 days"). */
export const PROTOCOL_ROLLING_DAYS = 7;

interface FrequencyHit {
  session: RuleSession;
  window: RuleSession[];
  /** The phase whose limit the window broke ('induction' also for a window across both phases). */
  phase: 'induction' | 'maintenance';
  limit: number;
  acrossPhases: boolean;
}

/**
 * (v2) More sessions of the course within any rolling 7 clinic-local calendar days than the
 * protocol allows in the phase of the latest (CLINICAL.md s4, s8). A session in maintenance counts
 * the course's maintenance sessions of its window against the maintenance limit; every session of
 * the window, of either phase, counts against the induction limit.
 */
function frequencyOfProtocol(
  group: SessionGroup,
  course: RuleCourse,
  protocol: RuleProtocol,
  records: PatientRecords,
): GroupFinding | null {
  const sessions = group.sessions;
  const days = sessions.map((s) => localDayNumber(s.startedAt, records.timeZone));
  const phases = sessions.map((s) => phaseAt(course, s.startedAt));
  const hits: FrequencyHit[] = [];
  sessions.forEach((session, i) => {
    const window = sessions.filter((_s, j) => j <= i && days[i] - days[j] < PROTOCOL_ROLLING_DAYS);
    const limits = phaseLimits(protocol, phases[i]);
    const samePhase = window.filter((s) => phaseAt(course, s.startedAt) === phases[i]);
    if (samePhase.length > limits.maxPerWeek) {
      hits.push({
        session,
        window: samePhase,
        phase: phases[i],
        limit: limits.maxPerWeek,
        acrossPhases: false,
      });
    } else if (window.length > protocol.induction.maxPerWeek) {
      hits.push({
        session,
        window,
        phase: 'induction',
        limit: protocol.induction.maxPerWeek,
        acrossPhases: true,
      });
    }
  });
  if (hits.length === 0) return null;
  const involved = sessions.filter((s) => hits.some((h) => h.window.includes(s)));
  const latest = hits[hits.length - 1];
  const first = latest.window[0];
  const tz = records.timeZone;
  const numbers = latest.window.map((s) => courseNumberOf(s, sessions)).join(', ');
  const where = latest.acrossPhases
    ? 'in induction and maintenance together'
    : `in ${latest.phase}`;
  return {
    courseId: course.id,
    atMs: toMs(latest.session.startedAt),
    sessionId: latest.session.id,
    message:
      `${latest.window.length} sessions within ${PROTOCOL_ROLLING_DAYS} days ` +
      `(course sessions ${numbers}; ${formatAt(first.startedAt, tz)} to ` +
      `${formatAt(latest.session.startedAt, tz)}): ${protocol.name} allows at most ` +
      `${latest.limit} in any ${PROTOCOL_ROLLING_DAYS} days ${where}` +
      (involved.length > latest.window.length
        ? `; ${involved.length} sessions involved in all`
        : ''),
    evidence: {
      courseId: course.id,
      sessions: involved.map((s) => ({
        id: s.id,
        sessionNumber: s.sessionNumber,
        courseSessionNumber: courseNumberOf(s, sessions),
        startedAt: toIso(s.startedAt),
        phase: phaseAt(course, s.startedAt),
      })),
      runs: hits.map((h) => h.window.map((s) => s.id)),
    },
    threshold: {
      protocolId: protocol.id,
      protocol: protocol.name,
      phase: latest.phase,
      maxPerWeek: latest.limit,
      rollingDays: PROTOCOL_ROLLING_DAYS,
    },
    triggers: involved.map((s) => s.id),
  };
}

export const misuseSessionFrequency: RuleDefinition = patientRule(
  misuse('misuse.session_frequency', 'warning', 'Sessions more often than the clinic cap'),
  (records, t) =>
    combineFindings(
      sessionGroups(records).map((group) => {
        const protocol = group.course?.protocol ?? null;
        return group.course !== null && protocol !== null
          ? frequencyOfProtocol(group, group.course, protocol, records)
          : frequencyV1(group.sessions, records, t, group.course);
      }),
    ),
);

interface DoseHit {
  session: RuleSession;
  dose: DoseOnBasis;
  first: { session: RuleSession; dose: DoseOnBasis };
  ratioToFirst: number;
  escalated: boolean;
  aboveUsual: boolean;
}

/** "above the usual maximum (CLINICAL.md s2) of 0.75 mg/kg for ketamine iv" */
function aboveUsualText(session: RuleSession, dose: DoseOnBasis): string {
  // Which limit: the clinic's own (lowered) usual maximum, or CLINICAL.md s2's.
  const which = dose.usualLowered
    ? "the clinic's usual maximum"
    : 'the usual maximum (CLINICAL.md s2)';
  return `above ${which} of ${dose.usualMax} ${dose.unit} for ${session.drug} ${session.route}`;
}

function usualMaximaOf(doses: readonly (DoseOnBasis | null)[]): Record<string, number> {
  const usualMaxima: Record<string, number> = {};
  for (const dose of doses) {
    if (dose !== null && dose.limitKey !== null && dose.usualMax !== null) {
      usualMaxima[dose.limitKey] = dose.usualMax;
    }
  }
  return usualMaxima;
}

/** v1 (no protocol): > factor x the course's first dose, or above the clinic's usual maximum. */
function escalationV1(
  sessions: RuleSession[],
  t: ClinicThresholds,
  course: RuleCourse | null,
): GroupFinding | null {
  const factor = t.misuse.doseEscalationFactor;
  // The course's first dose of each drug on each basis (mg/kg or mg): doses compare like with like.
  const firsts = new Map<string, { session: RuleSession; dose: DoseOnBasis }>();
  const hits: DoseHit[] = [];
  for (const session of sessions) {
    const dose = doseOnBasis(session, t.doseLimits); // a weight-based dose without a weight cannot be compared
    if (dose === null) continue;
    const group = `${session.drug}:${dose.basis}`;
    const first = firsts.get(group) ?? { session, dose };
    firsts.set(group, first);
    const ratioToFirst = first.dose.value > 0 ? dose.value / first.dose.value : 1;
    const escalated = dose.value > first.dose.value * factor + EPSILON;
    const aboveUsual = dose.usualMax !== null && dose.value > dose.usualMax;
    if (escalated || aboveUsual) {
      hits.push({ session, dose, first, ratioToFirst, escalated, aboveUsual });
    }
  }
  if (hits.length === 0) return null;
  const latest = hits[hits.length - 1];
  const { dose, first } = latest;
  const reasons: string[] = [];
  if (latest.escalated) {
    reasons.push(
      `${roundHalfUp(latest.ratioToFirst, 2)} x the course's first ${latest.session.drug} dose ` +
        `of ${first.dose.value} ${dose.unit} (session ${first.session.sessionNumber}): > ${factor} x`,
    );
  }
  if (latest.aboveUsual) reasons.push(aboveUsualText(latest.session, dose));
  return {
    courseId: course?.id ?? null,
    atMs: toMs(latest.session.startedAt),
    sessionId: latest.session.id,
    message:
      `Session ${latest.session.sessionNumber} dose ${dose.value} ${dose.unit}: ` +
      reasons.join('; ') +
      inAll(hits.length, 'session'),
    evidence: {
      ...(course === null ? {} : { courseId: course.id }),
      sessions: hits.map((hit) => ({
        id: hit.session.id,
        sessionNumber: hit.session.sessionNumber,
        startedAt: toIso(hit.session.startedAt),
        drug: hit.session.drug,
        route: hit.session.route,
        dose: hit.dose.value,
        unit: hit.dose.unit,
        firstSessionId: hit.first.session.id,
        firstDose: hit.first.dose.value,
        ratioToFirst: roundHalfUp(hit.ratioToFirst, 3),
        escalated: hit.escalated,
        aboveUsualMax: hit.aboveUsual,
      })),
    },
    threshold: {
      doseEscalationFactor: factor,
      usualMaxByDrugRoute: usualMaximaOf(hits.map((h) => h.dose)),
    },
    triggers: hits.map((hit) => hit.session.id),
  };
}

interface PlanHit {
  session: RuleSession;
  value: number;
  /** The course's previous dose in the plan's unit (null: the course's first). */
  previous: number | null;
  offPlan: boolean;
  usual: DoseOnBasis | null;
  aboveUsual: boolean;
}

/**
 * (v2) A dose that is not a step of the protocol's plan, or above the clinic's usual maximum
 * (CLINICAL.md s4, s8). The course's first dose: above the plan's first dose. Later: a dose that
 * matches none of the plan's steps (DOSE_PLAN_TOLERANCE) and is higher than the course's previous
 * dose; a lower dose is never escalation.
 */
function escalationOfProtocol(
  group: SessionGroup,
  course: RuleCourse,
  protocol: RuleProtocol,
  t: ClinicThresholds,
): GroupFinding | null {
  const plan = protocol.dosePlan;
  const tolerance = DOSE_PLAN_TOLERANCE[plan.unit];
  const steps = planSteps(plan);
  const hits: PlanHit[] = [];
  let previous: number | null = null;
  for (const session of group.sessions) {
    const value = doseInPlanUnit(session, plan.unit);
    if (value === null) continue; // a weight-based dose without a weight cannot be compared
    const usual = doseOnBasis(session, t.doseLimits);
    const aboveUsual = usual !== null && usual.usualMax !== null && usual.value > usual.usualMax;
    const offPlan =
      previous === null
        ? value > plan.first + tolerance
        : value > previous + tolerance && matchPlanDose(value, steps, plan.unit) === null;
    if (offPlan || aboveUsual) hits.push({ session, value, previous, offPlan, usual, aboveUsual });
    previous = value;
  }
  if (hits.length === 0) return null;
  const latest = hits[hits.length - 1];
  const unit = unitLabel(plan.unit);
  const reasons: string[] = [];
  if (latest.offPlan) {
    reasons.push(
      latest.previous === null
        ? `above the first dose of ${plan.first} ${unit} of ${protocol.name}'s dose plan`
        : `not a step of ${protocol.name}'s dose plan (${steps.join(', ')} ${unit}), ` +
            `up from ${latest.previous} ${unit}`,
    );
  }
  if (latest.aboveUsual && latest.usual !== null) {
    reasons.push(aboveUsualText(latest.session, latest.usual));
  }
  return {
    courseId: course.id,
    atMs: toMs(latest.session.startedAt),
    sessionId: latest.session.id,
    message:
      `${sessionLabel(latest.session, group, true)} dose ${latest.value} ${unit}: ` +
      reasons.join('; ') +
      inAll(hits.length, 'session'),
    evidence: {
      courseId: course.id,
      sessions: hits.map((hit) => ({
        id: hit.session.id,
        sessionNumber: hit.session.sessionNumber,
        courseSessionNumber: courseNumberOf(hit.session, group.sessions),
        startedAt: toIso(hit.session.startedAt),
        drug: hit.session.drug,
        route: hit.session.route,
        dose: hit.value,
        unit,
        previousDose: hit.previous,
        offPlan: hit.offPlan,
        aboveUsualMax: hit.aboveUsual,
      })),
    },
    threshold: {
      protocolId: protocol.id,
      protocol: protocol.name,
      dosePlan: { unit: plan.unit, first: plan.first, steps },
      tolerance,
      usualMaxByDrugRoute: usualMaximaOf(hits.map((h) => h.usual)),
    },
    triggers: hits.map((hit) => hit.session.id),
  };
}

export const misuseDoseEscalation: RuleDefinition = patientRule(
  misuse('misuse.dose_escalation', 'warning', 'Dose escalation'),
  (records, t) =>
    combineFindings(
      sessionGroups(records).map((group) => {
        const protocol = group.course?.protocol ?? null;
        return group.course !== null && protocol !== null
          ? escalationOfProtocol(group, group.course, protocol, t)
          : escalationV1(group.sessions, t, group.course);
      }),
    ),
);

export const misuseReportedUse: RuleDefinition = patientRule(
  misuse('misuse.reported_use', 'critical', 'Ketamine use outside the clinic'),
  (records) => {
    const events = riskEventsOf(records, REPORTED_USE_TYPES);
    if (events.length === 0) return null;
    const latest = events[events.length - 1];
    return {
      sessionId: null, // risk events belong to the patient, not to a session
      message:
        `${RISK_EVENT_LABELS[latest.type]} on ${formatAt(latest.occurredAt, records.timeZone)}` +
        inAll(events.length, 'report'),
      evidence: { riskEvents: events.map(riskEventEvidence) },
      threshold: { riskEventTypes: [...REPORTED_USE_TYPES] },
      triggers: events.map((e) => e.id),
    };
  },
);

interface Dated {
  at: Timestamp;
  sessionId: string | null;
  text: string;
}

export const misuseCraving: RuleDefinition = patientRule(
  misuse('misuse.craving', 'warning', 'Craving or requests for extra sessions'),
  (records, t) => {
    const count = t.misuse.earlySessionRequestsPer30Days;
    const days = t.misuse.earlyRequestWindowDays;
    const sideEffects = sideEffectsOf(records, 'craving');
    const cravings = riskEventsOf(records, ['craving']);
    const runs = runsWithin(
      riskEventsOf(records, ['early_session_request']),
      count,
      days * DAY_MS,
      (e) => e.occurredAt,
    );
    const requests = [...new Set(runs.flat())];
    if (sideEffects.length + cravings.length + requests.length === 0) return null;

    const parts: Dated[] = [];
    if (sideEffects.length > 0) {
      const e = sideEffects[sideEffects.length - 1];
      parts.push({
        at: e.onsetAt,
        sessionId: e.sessionId,
        text:
          `craving side effect (${e.severity}) on ${formatAt(e.onsetAt, records.timeZone)}` +
          sessionNumberOf(e.sessionId, records.sessions) +
          inAll(sideEffects.length, 'side effect'),
      });
    }
    if (cravings.length > 0) {
      const e = cravings[cravings.length - 1];
      parts.push({
        at: e.occurredAt,
        sessionId: null,
        text:
          `craving reported on ${formatAt(e.occurredAt, records.timeZone)}` +
          inAll(cravings.length, 'report'),
      });
    }
    if (runs.length > 0) {
      const run = runs[runs.length - 1];
      const last = run[run.length - 1];
      const span = toMs(last.occurredAt) - toMs(run[0].occurredAt);
      parts.push({
        at: last.occurredAt,
        sessionId: null,
        text:
          `${count} requests for an earlier or extra session within ${formatDuration(span)} ` +
          `(latest ${formatAt(last.occurredAt, records.timeZone)}): ${count} or more within ${days} days`,
      });
    }
    const latest = parts.reduce((a, b) => (toMs(b.at) >= toMs(a.at) ? b : a));
    const text = parts.map((p) => p.text).join('; ');
    return {
      sessionId: latest.sessionId,
      message: `${text.charAt(0).toUpperCase()}${text.slice(1)}`,
      evidence: {
        sideEffects: sideEffects.map(sideEffectEvidence),
        riskEvents: byTime([...cravings, ...requests], (e) => e.occurredAt).map(riskEventEvidence),
      },
      threshold: {
        earlySessionRequestsPer30Days: count,
        earlyRequestWindowDays: days,
      },
      triggers: uniqueSorted([
        ...sideEffects.map((e) => e.id),
        ...cravings.map((e) => e.id),
        ...requests.map((e) => e.id),
      ]),
    };
  },
);

export const misuseUrinarySymptoms: RuleDefinition = patientRule(
  misuse('misuse.urinary_symptoms', 'warning', 'Urinary symptoms (ketamine cystitis warning sign)'),
  (records) => {
    const effects = sideEffectsOf(records, 'urinary_symptoms');
    if (effects.length === 0) return null;
    const latest = effects[effects.length - 1];
    return {
      sessionId: latest.sessionId,
      message:
        `Urinary symptoms (${latest.severity}) on ${formatAt(latest.onsetAt, records.timeZone)}` +
        `${sessionNumberOf(latest.sessionId, records.sessions)}: a warning sign of ketamine cystitis` +
        inAll(effects.length, 'report'),
      evidence: { sideEffects: effects.map(sideEffectEvidence) },
      threshold: { sideEffectTypes: ['urinary_symptoms'] },
      triggers: effects.map((e) => e.id),
    };
  },
);

export const MISUSE_RULES: readonly RuleDefinition[] = [
  misuseSessionFrequency,
  misuseDoseEscalation,
  misuseReportedUse,
  misuseCraving,
  misuseUrinarySymptoms,
];
