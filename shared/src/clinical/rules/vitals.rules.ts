/**
 * Session rules on the observations of a supervised session (CLINICAL.md s4): sedation,
 * dissociation, blood pressure, heart rate, respiration. Each looks at every observation of the
 * session and raises one flag per session, triggered by the observations that meet it.
 */
import { preDoseReading } from '../discharge';
import { toMs } from '../time';
import { type Hit, inAll, readingsRule, sessionRule, whenLabel } from './rule-helpers';
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

/** Earlier observations first on ties (sort is stable over observations in time order). */
const byValue =
  <M>(value: (hit: Hit<M>) => number, direction: 'lowest' | 'highest') =>
  (a: Hit<M>, b: Hit<M>): number =>
    direction === 'lowest' ? value(a) - value(b) : value(b) - value(a);

export const sedationModerate: RuleDefinition = readingsRule<number>(
  {
    id: 'sedation.moderate',
    category: 'sedation',
    severity: 'warning',
    title: 'Moderate or deeper sedation (MOAA/S)',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) => (o.moaas !== null && o.moaas <= t.sedation.moderateAtOrBelow ? o.moaas : null),
    worse: byValue((hit) => hit.match, 'lowest'),
    message: ({ observation, match }, t) =>
      `MOAA/S ${match} ${whenLabel(observation.minutesSinceDose)} (moderate sedation: <= ${t.sedation.moderateAtOrBelow})`,
    evidence: ({ observation: o }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      moaas: o.moaas,
    }),
    threshold: (t) => ({ moderateAtOrBelow: t.sedation.moderateAtOrBelow }),
  },
);

export const sedationDeep: RuleDefinition = readingsRule<number>(
  {
    id: 'sedation.deep',
    category: 'sedation',
    severity: 'critical',
    title: 'Deep sedation (MOAA/S)',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) => (o.moaas !== null && o.moaas <= t.sedation.deepAtOrBelow ? o.moaas : null),
    worse: byValue((hit) => hit.match, 'lowest'),
    message: ({ observation, match }, t) =>
      `MOAA/S ${match} ${whenLabel(observation.minutesSinceDose)} (deep sedation: <= ${t.sedation.deepAtOrBelow})`,
    evidence: ({ observation: o }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      moaas: o.moaas,
    }),
    threshold: (t) => ({ deepAtOrBelow: t.sedation.deepAtOrBelow }),
  },
);

/** The CADSS-6 total as recorded, else the sum of the items; null without either. */
export function cadssTotalOf(o: RuleObservation): number | null {
  if (o.cadss6Total !== null) return o.cadss6Total;
  return o.cadss6 === null ? null : o.cadss6.reduce((sum, item) => sum + item, 0);
}

interface MarkedDissociation {
  total: number | null;
  /** The items at or above markedItem, by 1-based position in the CADSS-6. */
  markedItems: { position: number; value: number }[];
}

export const dissociationMarked: RuleDefinition = readingsRule<MarkedDissociation>(
  {
    id: 'dissociation.marked',
    category: 'dissociation',
    severity: 'warning',
    title: 'Marked dissociation (CADSS-6)',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) => {
      const total = cadssTotalOf(o);
      const markedItems = (o.cadss6 ?? []).flatMap((item, index) =>
        item >= t.dissociation.markedItem ? [{ position: index + 1, value: item }] : [],
      );
      const totalMarked = total !== null && total >= t.dissociation.markedTotal;
      return totalMarked || markedItems.length > 0 ? { total, markedItems } : null;
    },
    worse: byValue((hit) => hit.match.total ?? 0, 'highest'),
    message: ({ observation, match }, t) => {
      const d = t.dissociation;
      const reasons: string[] = [];
      if (match.total !== null && match.total >= d.markedTotal) {
        reasons.push(`total >= ${d.markedTotal}`);
      }
      if (match.markedItems.length > 0) {
        const items = match.markedItems
          .map(({ position, value }) => `item ${position} of 6 = ${value}`)
          .join(', ');
        reasons.push(`${items} (any item >= ${d.markedItem})`);
      }
      const total = match.total === null ? '' : ` total ${match.total}`;
      return `CADSS-6${total} ${whenLabel(observation.minutesSinceDose)}: ${reasons.join('; ')}`;
    },
    evidence: ({ observation: o, match }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      cadss6: o.cadss6,
      cadss6Total: match.total,
    }),
    threshold: (t) => ({
      markedTotal: t.dissociation.markedTotal,
      markedItem: t.dissociation.markedItem,
    }),
  },
);

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

export const hrTachycardia: RuleDefinition = readingsRule<number>(
  {
    id: 'hr.tachycardia',
    category: 'hemodynamic',
    severity: 'warning',
    title: 'Tachycardia',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) => (o.heartRate !== null && o.heartRate > t.hrTachycardia ? o.heartRate : null),
    worse: byValue((hit) => hit.match, 'highest'),
    message: ({ observation, match }, t) =>
      `Heart rate ${match}/min ${whenLabel(observation.minutesSinceDose)}: > ${t.hrTachycardia}`,
    evidence: ({ observation: o }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      heartRate: o.heartRate,
    }),
    threshold: (t) => ({ hrTachycardia: t.hrTachycardia }),
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

export const hrBradycardia: RuleDefinition = readingsRule<number>(
  {
    id: 'hr.bradycardia',
    category: 'hemodynamic',
    severity: 'warning',
    title: 'Bradycardia',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) =>
      o.heartRate !== null && o.heartRate < t.bradycardiaBelow ? o.heartRate : null,
    worse: byValue((hit) => hit.match, 'lowest'),
    message: ({ observation, match }, t) =>
      `Heart rate ${match}/min ${whenLabel(observation.minutesSinceDose)}: < ${t.bradycardiaBelow}`,
    evidence: ({ observation: o }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      heartRate: o.heartRate,
    }),
    threshold: (t) => ({ bradycardiaBelow: t.bradycardiaBelow }),
  },
);

interface RespiratoryHit {
  /** SpO2 when below the threshold, else null. */
  lowSpo2: number | null;
  /** Respiratory rate when below the threshold, else null. */
  lowRate: number | null;
}

export const respiratoryDepression: RuleDefinition = readingsRule<RespiratoryHit>(
  {
    id: 'respiratory.depression',
    category: 'respiratory',
    severity: 'critical',
    title: 'Respiratory depression',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  {
    match: (o, t) => {
      const lowSpo2 = o.spo2 !== null && o.spo2 < t.respiratory.spo2Below ? o.spo2 : null;
      const lowRate =
        o.respiratoryRate !== null && o.respiratoryRate < t.respiratory.rateBelow
          ? o.respiratoryRate
          : null;
      return lowSpo2 === null && lowRate === null ? null : { lowSpo2, lowRate };
    },
    // The lowest SpO2 first, then the slowest breathing.
    worse: (a, b) =>
      (a.match.lowSpo2 ?? Infinity) - (b.match.lowSpo2 ?? Infinity) ||
      (a.match.lowRate ?? Infinity) - (b.match.lowRate ?? Infinity),
    message: ({ observation, match }, t) => {
      const values: string[] = [];
      const reasons: string[] = [];
      if (match.lowSpo2 !== null) {
        values.push(`SpO2 ${match.lowSpo2}%`);
        reasons.push(`SpO2 < ${t.respiratory.spo2Below}`);
      }
      if (match.lowRate !== null) {
        values.push(`respiratory rate ${match.lowRate}/min`);
        reasons.push(`respiratory rate < ${t.respiratory.rateBelow}`);
      }
      const text = values.join(' and ');
      return (
        `${text.charAt(0).toUpperCase()}${text.slice(1)} ` +
        `${whenLabel(observation.minutesSinceDose)}: ${reasons.join(' and ')}`
      );
    },
    evidence: ({ observation: o }) => ({
      id: o.id,
      minutesSinceDose: o.minutesSinceDose,
      spo2: o.spo2,
      respiratoryRate: o.respiratoryRate,
    }),
    threshold: (t) => ({
      spo2Below: t.respiratory.spo2Below,
      rateBelow: t.respiratory.rateBelow,
    }),
  },
);

export const VITALS_RULES: readonly RuleDefinition[] = [
  sedationModerate,
  sedationDeep,
  dissociationMarked,
  bpPredoseElevated,
  bpSevere,
  bpRise,
  hrTachycardia,
  bpHypotension,
  hrBradycardia,
  respiratoryDepression,
];
