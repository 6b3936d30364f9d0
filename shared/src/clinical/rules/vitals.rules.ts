/**
 * Session rules on the observations of a supervised session (CLINICAL.md s4): sedation,
 * dissociation, heart rate, respiration, and (in blood-pressure.rules.ts) blood pressure. Each looks
 * at every observation of the session and raises one flag per session, triggered by the
 * observations that meet it.
 */
import { bpHypotension, bpPredoseElevated, bpRise, bpSevere } from './blood-pressure.rules';
import { type Hit, readingsRule, whenLabel } from './rule-helpers';
import type { RuleDefinition, RuleObservation } from './types';

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
