/**
 * What a single vital sign means against the clinic's thresholds (CLINICAL.md s3-s4), and what a
 * complete scheduled check is. Pure functions: the board marks each value with them, and
 * monitoring.overdue counts only complete checks (docs/decisions.md, "A scheduled check is a full
 * set").
 */
import type { ClinicThresholds } from './thresholds';

/** The measurements a board tile shows, in the board's order. */
export const VITAL_KEYS = [
  'bp',
  'heartRate',
  'spo2',
  'respiratoryRate',
  'moaas',
  'cadss6Total',
] as const;
export type VitalKey = (typeof VITAL_KEYS)[number];

export interface VitalReading {
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  cadss6Total: number | null;
}

/**
 * A complete scheduled check (CLINICAL.md s3 schedule): blood pressure (both values), heart rate,
 * SpO2 and MOAA/S in one reading. Respiratory rate and CADSS-6 are recorded when taken but are
 * not required at every slot: s3 asks for CADSS-6 around 40 min and before discharge, and SpO2
 * is the measure of respiratory depression the monitor gives continuously. Product decision, see
 * docs/decisions.md.
 */
export const FULL_SET_MEASUREMENTS = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'moaas',
] as const;

/** True when the reading holds every measurement of FULL_SET_MEASUREMENTS. */
export function isFullObservationSet(reading: Partial<VitalReading>): boolean {
  return FULL_SET_MEASUREMENTS.every((key) => reading[key] !== null && reading[key] !== undefined);
}

/** The measurements of FULL_SET_MEASUREMENTS the reading lacks (BP named once), e.g. ["BP", "SpO2"]. */
export function missingFromFullSet(reading: Partial<VitalReading>): string[] {
  const has = (key: keyof VitalReading): boolean =>
    reading[key] !== null && reading[key] !== undefined;
  const missing: string[] = [];
  if (!has('systolic') || !has('diastolic')) missing.push('BP');
  if (!has('heartRate')) missing.push('HR');
  if (!has('spo2')) missing.push('SpO2');
  if (!has('moaas')) missing.push('MOAA/S');
  return missing;
}

/** A value outside the thresholds in force: how serious, in words, and the rule it matches. */
export interface VitalMark {
  level: 'critical' | 'warning';
  /** Short words shown beside the value, e.g. "Severe, ≥ 180/110" or "Low, < 92". */
  text: string;
  /** The CLINICAL.md s4 rule whose limit it crosses, or `discharge.spo2Min` (s3). */
  rule: string;
}

/** The pre-dose reading's BP, for the rise over it (bp.rise) and the pre-dose limit. */
export interface VitalContext {
  /** The reading was taken at or before the dose start (bp.predose_elevated applies). */
  preDose?: boolean;
  preDoseBp?: { systolic: number; diastolic: number } | null;
  /** CADSS-6 items, for dissociation.marked's "any item = 4". */
  cadss6?: number[] | null;
}

const bpText = (systolic: number, diastolic: number): string =>
  `${String(systolic)}/${String(diastolic)}`;

function bpMark(
  systolic: number,
  diastolic: number,
  t: ClinicThresholds,
  context: VitalContext,
): VitalMark | null {
  const { bp, hypotension } = t;
  if (systolic >= bp.severeSystolic || diastolic >= bp.severeDiastolic) {
    return {
      level: 'critical',
      text: `Severe, ≥ ${bpText(bp.severeSystolic, bp.severeDiastolic)}`,
      rule: 'bp.severe',
    };
  }
  if (systolic < hypotension.systolicBelow || diastolic < hypotension.diastolicBelow) {
    return {
      level: 'warning',
      text: `Low, < ${bpText(hypotension.systolicBelow, hypotension.diastolicBelow)}`,
      rule: 'bp.hypotension',
    };
  }
  if (context.preDose === true) {
    if (systolic > bp.predoseSystolic || diastolic > bp.predoseDiastolic) {
      return {
        level: 'warning',
        text: `High pre-dose, > ${bpText(bp.predoseSystolic, bp.predoseDiastolic)}`,
        rule: 'bp.predose_elevated',
      };
    }
    return null;
  }
  const base = context.preDoseBp;
  if (base) {
    const riseSystolic = systolic - base.systolic;
    const riseDiastolic = diastolic - base.diastolic;
    if (riseSystolic >= bp.riseSystolic || riseDiastolic >= bp.riseDiastolic) {
      return {
        level: 'warning',
        text: `Rise +${String(riseSystolic)}/+${String(riseDiastolic)} over pre-dose`,
        rule: 'bp.rise',
      };
    }
  }
  return null;
}

/**
 * The mark of one measurement against the clinic's thresholds (the same limits as the rules of
 * CLINICAL.md s4, and SpO2 below the discharge minimum of s3), or null when within them.
 * `value` is [systolic, diastolic] for 'bp', else one number.
 */
export function vitalMark(
  key: VitalKey,
  value: number | readonly [number, number],
  t: ClinicThresholds,
  context: VitalContext = {},
): VitalMark | null {
  if (key === 'bp') {
    if (typeof value === 'number') throw new RangeError('bp needs [systolic, diastolic]');
    return bpMark(value[0], value[1], t, context);
  }
  if (typeof value !== 'number') throw new RangeError(`${key} needs one number`);
  switch (key) {
    case 'heartRate':
      if (value > t.hrTachycardia) {
        return {
          level: 'warning',
          text: `High, > ${String(t.hrTachycardia)}`,
          rule: 'hr.tachycardia',
        };
      }
      if (value < t.bradycardiaBelow) {
        return {
          level: 'warning',
          text: `Low, < ${String(t.bradycardiaBelow)}`,
          rule: 'hr.bradycardia',
        };
      }
      return null;
    case 'spo2':
      if (value < t.respiratory.spo2Below) {
        return {
          level: 'critical',
          text: `Low, < ${String(t.respiratory.spo2Below)}`,
          rule: 'respiratory.depression',
        };
      }
      if (value < t.discharge.spo2Min) {
        return {
          level: 'warning',
          text: `Below ${String(t.discharge.spo2Min)} for discharge`,
          rule: 'discharge.spo2Min',
        };
      }
      return null;
    case 'respiratoryRate':
      if (value < t.respiratory.rateBelow) {
        return {
          level: 'critical',
          text: `Low, < ${String(t.respiratory.rateBelow)}`,
          rule: 'respiratory.depression',
        };
      }
      return null;
    case 'moaas':
      if (value <= t.sedation.deepAtOrBelow) {
        return {
          level: 'critical',
          text: `Deep sedation, ≤ ${String(t.sedation.deepAtOrBelow)}`,
          rule: 'sedation.deep',
        };
      }
      if (value <= t.sedation.moderateAtOrBelow) {
        return {
          level: 'warning',
          text: `Moderate sedation, ≤ ${String(t.sedation.moderateAtOrBelow)}`,
          rule: 'sedation.moderate',
        };
      }
      return null;
    case 'cadss6Total': {
      const itemMarked = (context.cadss6 ?? []).some((item) => item >= t.dissociation.markedItem);
      if (value >= t.dissociation.markedTotal || itemMarked) {
        return {
          level: 'warning',
          text: itemMarked
            ? `Marked, an item = ${String(t.dissociation.markedItem)}`
            : `Marked, ≥ ${String(t.dissociation.markedTotal)}`,
          rule: 'dissociation.marked',
        };
      }
      return null;
    }
  }
}
