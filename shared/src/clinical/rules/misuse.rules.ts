/**
 * Patient rules for signs of misuse (CLINICAL.md s4; Spravato label s5.3/s9.2, FDA Oct 2023
 * compounded-ketamine warning, Chang 2023). These are clinically reasonable proxies, not a
 * published checklist, and their definitions say so (PROXY_RULE_NOTE).
 */
import type { RiskEventType, SideEffectType } from '../../api/enums';
import { roundHalfUp } from '../rounding';
import { DAY_MS, toIso, toMs, type Timestamp } from '../time';
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
  sessionsInOrder,
  uniqueSorted,
} from './rule-helpers';
import {
  PROXY_RULE_NOTE,
  type PatientRecords,
  type RuleDefinition,
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

export const misuseSessionFrequency: RuleDefinition = patientRule(
  misuse('misuse.session_frequency', 'warning', 'Sessions more often than the clinic cap'),
  (records, t) => {
    const count = t.misuse.sessionsPer7Days;
    const days = t.misuse.rollingDays;
    const runs = runsWithin(
      sessionsInOrder(records.sessions),
      count,
      days * DAY_MS,
      (s) => s.startedAt,
    );
    if (runs.length === 0) return null;
    const involved = [...new Set(runs.flat())];
    const last = runs[runs.length - 1];
    const first = last[0];
    const latest = last[last.length - 1];
    const span = toMs(latest.startedAt) - toMs(first.startedAt);
    return {
      sessionId: latest.id,
      message:
        `${count} sessions within ${formatDuration(span)} ` +
        `(sessions ${last.map((s) => s.sessionNumber).join(', ')}; ` +
        `${formatAt(first.startedAt, records.timeZone)} to ${formatAt(latest.startedAt, records.timeZone)}): ` +
        `${count} or more within any rolling ${days} days` +
        (involved.length > last.length ? `; ${involved.length} sessions involved in all` : ''),
      evidence: {
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
  },
);

interface DoseHit {
  session: RuleSession;
  dose: DoseOnBasis;
  first: { session: RuleSession; dose: DoseOnBasis };
  ratioToFirst: number;
  escalated: boolean;
  aboveUsual: boolean;
}

export const misuseDoseEscalation: RuleDefinition = patientRule(
  misuse('misuse.dose_escalation', 'warning', 'Dose escalation'),
  (records, t) => {
    const factor = t.misuse.doseEscalationFactor;
    // The course's first dose of each drug on each basis (mg/kg or mg): doses compare like with like.
    const firsts = new Map<string, { session: RuleSession; dose: DoseOnBasis }>();
    const hits: DoseHit[] = [];
    for (const session of sessionsInOrder(records.sessions)) {
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
    if (latest.aboveUsual) {
      // Which limit: the clinic's own (lowered) usual maximum, or CLINICAL.md s2's.
      const which = dose.usualLowered
        ? "the clinic's usual maximum"
        : 'the usual maximum (CLINICAL.md s2)';
      reasons.push(
        `above ${which} of ${dose.usualMax} ${dose.unit} for ` +
          `${latest.session.drug} ${latest.session.route}`,
      );
    }
    const usualMaxima: Record<string, number> = {};
    for (const hit of hits) {
      if (hit.dose.limitKey !== null && hit.dose.usualMax !== null) {
        usualMaxima[hit.dose.limitKey] = hit.dose.usualMax;
      }
    }
    return {
      sessionId: latest.session.id,
      message:
        `Session ${latest.session.sessionNumber} dose ${dose.value} ${dose.unit}: ` +
        reasons.join('; ') +
        inAll(hits.length, 'session'),
      evidence: {
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
      threshold: { doseEscalationFactor: factor, usualMaxByDrugRoute: usualMaxima },
      triggers: hits.map((hit) => hit.session.id),
    };
  },
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
