/**
 * Session rules on the blood pressure of a supervised session (CLINICAL.md s4): elevated pre-dose,
 * severe, rise over the pre-dose reading, hypotension. Listed with the other vital-sign rules in
 * VITALS_RULES (vitals.rules.ts).
 */
import { preDoseReading } from '../discharge';
import { toMs } from '../time';
import { inAll, readingsRule, sessionRule, whenLabel } from './rule-helpers';
import type { RuleDefinition, RuleObservation } from './types';

type WithBp = RuleObservation & { systolic: number; diastolic: number };

function hasBp(o: RuleObservation): o is WithBp {
  return o.systolic !== null && o.diastolic !== null;
}

function bpEvidence(o: RuleObservation): Record<string, unknown> {
  return {
    id: o.id,
    minutesSinceDose: o.minutesSinceDose,
    systolic: o.systolic,
    diastolic: o.diastolic,
  };
}

export const bpPredoseElevated: RuleDefinition = sessionRule(
  {
    id: 'bp.predose_elevated',
    category: 'hemodynamic',
    severity: 'warning',
    title: 'Elevated pre-dose blood pressure',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (session, observations, t) => {
    // Without a pre-dose reading there is nothing to judge (CLINICAL.md s3 "pre-dose reading").
    const preDose = preDoseReading(observations, session.startedAt);
    if (preDose === null || !hasBp(preDose)) return null;
    const reasons: string[] = [];
    if (preDose.systolic > t.bp.predoseSystolic) reasons.push(`systolic > ${t.bp.predoseSystolic}`);
    if (preDose.diastolic > t.bp.predoseDiastolic) {
      reasons.push(`diastolic > ${t.bp.predoseDiastolic}`);
    }
    if (reasons.length === 0) return null;
    return {
      message:
        `Pre-dose BP ${preDose.systolic}/${preDose.diastolic} ` +
        `${whenLabel(preDose.minutesSinceDose)}: ${reasons.join(' and ')}`,
      evidence: { observations: [bpEvidence(preDose)] },
      threshold: { predoseSystolic: t.bp.predoseSystolic, predoseDiastolic: t.bp.predoseDiastolic },
      triggers: [preDose.id],
    };
  },
);

export const bpSevere: RuleDefinition = readingsRule<WithBp>(
  {
    id: 'bp.severe',
    category: 'hemodynamic',
    severity: 'critical',
    title: 'Severe blood pressure',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) =>
      hasBp(o) && (o.systolic >= t.bp.severeSystolic || o.diastolic >= t.bp.severeDiastolic)
        ? o
        : null,
    worse: (a, b) => b.match.systolic - a.match.systolic || b.match.diastolic - a.match.diastolic,
    message: ({ match: o }, t) => {
      const reasons: string[] = [];
      if (o.systolic >= t.bp.severeSystolic) reasons.push(`systolic >= ${t.bp.severeSystolic}`);
      if (o.diastolic >= t.bp.severeDiastolic) reasons.push(`diastolic >= ${t.bp.severeDiastolic}`);
      return `BP ${o.systolic}/${o.diastolic} ${whenLabel(o.minutesSinceDose)}: ${reasons.join(' and ')}`;
    },
    evidence: ({ observation }) => bpEvidence(observation),
    threshold: (t) => ({
      severeSystolic: t.bp.severeSystolic,
      severeDiastolic: t.bp.severeDiastolic,
    }),
  },
);

export const bpRise: RuleDefinition = sessionRule(
  {
    id: 'bp.rise',
    category: 'hemodynamic',
    severity: 'warning',
    title: 'Blood pressure rise over the pre-dose reading',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (session, observations, t) => {
    // A rise needs a pre-dose reading to rise from; without one the rule cannot fire.
    const preDose = preDoseReading(observations, session.startedAt);
    if (preDose === null || !hasBp(preDose)) return null;
    const startMs = toMs(session.startedAt);
    const hits = observations
      .filter((o): o is WithBp => hasBp(o) && toMs(o.recordedAt) > startMs)
      .map((o) => ({
        o,
        riseSystolic: o.systolic - preDose.systolic,
        riseDiastolic: o.diastolic - preDose.diastolic,
      }))
      .filter((h) => h.riseSystolic >= t.bp.riseSystolic || h.riseDiastolic >= t.bp.riseDiastolic);
    if (hits.length === 0) return null;
    const worst = [...hits].sort(
      (a, b) => b.riseSystolic - a.riseSystolic || b.riseDiastolic - a.riseDiastolic,
    )[0];
    const reasons: string[] = [];
    if (worst.riseSystolic >= t.bp.riseSystolic) {
      reasons.push(`systolic rise >= ${t.bp.riseSystolic}`);
    }
    if (worst.riseDiastolic >= t.bp.riseDiastolic) {
      reasons.push(`diastolic rise >= ${t.bp.riseDiastolic}`);
    }
    return {
      message:
        `BP ${worst.o.systolic}/${worst.o.diastolic} ${whenLabel(worst.o.minutesSinceDose)}, ` +
        `${worst.riseSystolic}/${worst.riseDiastolic} over the pre-dose ` +
        `${preDose.systolic}/${preDose.diastolic}: ${reasons.join(' and ')}` +
        inAll(hits.length, 'reading'),
      evidence: {
        preDose: bpEvidence(preDose),
        observations: hits.map((h) => ({
          ...bpEvidence(h.o),
          riseSystolic: h.riseSystolic,
          riseDiastolic: h.riseDiastolic,
        })),
      },
      threshold: { riseSystolic: t.bp.riseSystolic, riseDiastolic: t.bp.riseDiastolic },
      triggers: hits.map((h) => h.o.id),
    };
  },
);

interface HypotensionHit {
  /** Systolic when below the threshold, else null. */
  lowSystolic: number | null;
  /** Diastolic when below the threshold, else null. */
  lowDiastolic: number | null;
}

export const bpHypotension: RuleDefinition = readingsRule<HypotensionHit>(
  {
    id: 'bp.hypotension',
    category: 'hemodynamic',
    severity: 'warning',
    title: 'Low blood pressure (hypotension)',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    // Each pressure is judged on its own: a reading with only one of them still counts.
    match: (o, t) => {
      const h = t.hypotension;
      const lowSystolic = o.systolic !== null && o.systolic < h.systolicBelow ? o.systolic : null;
      const lowDiastolic =
        o.diastolic !== null && o.diastolic < h.diastolicBelow ? o.diastolic : null;
      return lowSystolic === null && lowDiastolic === null ? null : { lowSystolic, lowDiastolic };
    },
    // The lowest systolic first, then the lowest diastolic.
    worse: (a, b) =>
      (a.observation.systolic ?? Infinity) - (b.observation.systolic ?? Infinity) ||
      (a.observation.diastolic ?? Infinity) - (b.observation.diastolic ?? Infinity),
    message: ({ observation: o, match }, t) => {
      const reasons: string[] = [];
      if (match.lowSystolic !== null) reasons.push(`systolic < ${t.hypotension.systolicBelow}`);
      if (match.lowDiastolic !== null) reasons.push(`diastolic < ${t.hypotension.diastolicBelow}`);
      const bp = `${o.systolic ?? '-'}/${o.diastolic ?? '-'}`;
      return `BP ${bp} ${whenLabel(o.minutesSinceDose)}: ${reasons.join(' and ')}`;
    },
    evidence: ({ observation }) => bpEvidence(observation),
    threshold: (t) => ({
      systolicBelow: t.hypotension.systolicBelow,
      diastolicBelow: t.hypotension.diastolicBelow,
    }),
  },
);
