/**
 * Clinic-configurable thresholds of CLINICAL.md s2-s5, with their defaults and sources. Rules read
 * them from here (or a clinic's override of them) and never hard-code the numbers again.
 * The hard dose maxima (s2) live in dosing.ts (a clinic's `doseLimits` may only lower them),
 * plausible ranges (s1) in ranges.ts. What a clinic may store and who may change it:
 * threshold-overrides.ts, safety-floors.ts; validation of a change: threshold-validation.ts.
 */
import { DOSE_LIMIT_KEYS, DOSE_LIMITS, type DoseLimitKey, usualMaxCeiling } from './dosing';
import { PHQ9_DEFAULT_MAX_MISSING_ITEMS, PHQ9_ITEM9_POSITIVE_AT_LEAST, PHQ9_MCID } from './phq9';
import { cloneJson, isPlainObject } from './plain-json';

export interface HourWindow {
  min: number;
  max: number;
  target: number;
}

/**
 * A clinic's dose limits by `<drug>.<route>` (CLINICAL.md s2 v2; API.md v2 Thresholds): mg/kg, for
 * esketamine intranasal mg. Each at most the s2 value, usualMax at most sanityMax.
 */
export type ClinicDoseLimits = Record<DoseLimitKey, { usualMax: number; sanityMax: number }>;

export interface ClinicThresholds {
  /** Dose limits per drug and route: above usualMax accepted and flagged, above sanityMax refused. */
  doseLimits: ClinicDoseLimits;
  /** Minutes after the dose start at which observations are due. */
  scheduledObservationMinutes: number[];
  /** Minimum monitoring: esketamine from the dose start; ketamine after the infusion ends. */
  minMonitoringMinutes: { esketamine: number; ketamine: number };
  discharge: {
    moaasRequired: number;
    cadss6TotalMax: number;
    /** Discharge needs systolic strictly below this. */
    systolicBelow: number;
    /** Discharge needs diastolic strictly below this. */
    diastolicBelow: number;
    /** Discharge needs SpO2 at least this. */
    spo2Min: number;
  };
  bp: {
    /** bp.predose_elevated: pre-dose systolic above this ... */
    predoseSystolic: number;
    /** ... or pre-dose diastolic above this. */
    predoseDiastolic: number;
    /** bp.severe: systolic at or above this ... */
    severeSystolic: number;
    /** ... or diastolic at or above this. */
    severeDiastolic: number;
    /** bp.rise (and discharge): systolic rise over the pre-dose reading at or above this ... */
    riseSystolic: number;
    /** ... or diastolic rise at or above this. */
    riseDiastolic: number;
  };
  /** hr.tachycardia: heart rate above this. */
  hrTachycardia: number;
  /** (v2) bp.hypotension: systolic below systolicBelow or diastolic below diastolicBelow. */
  hypotension: { systolicBelow: number; diastolicBelow: number };
  /** (v2) hr.bradycardia: heart rate below this. */
  bradycardiaBelow: number;
  /** respiratory.depression: SpO2 below spo2Below or respiratory rate below rateBelow. */
  respiratory: { spo2Below: number; rateBelow: number };
  /** sedation.moderate / sedation.deep: MOAA/S at or below these. */
  sedation: { moderateAtOrBelow: number; deepAtOrBelow: number };
  /** dissociation.marked: CADSS-6 total at or above markedTotal, or any item equal to markedItem. */
  dissociation: { markedTotal: number; markedItem: number };
  /** monitoring.overdue: next scheduled observation later than this many minutes. */
  monitoringOverdueMinutes: number;
  /** (v2) monitoring.no_predose: an in-progress session this many minutes past its dose start without a pre-dose BP. */
  noPredoseAfterMinutes: number;
  phq9: {
    /** Missing items that may be prorated (more: invalid). */
    maxMissingItems: number;
    /** phq9.worsening: total at or above the course baseline + worseningPoints. */
    worseningPoints: number;
    // v2: phq9.item9_positive's cut-off is fixed (PHQ9_ITEM9_POSITIVE_AT_LEAST), not a threshold.
  };
  misuse: {
    /** misuse.session_frequency: this many sessions within any rolling `rollingDays` days. */
    sessionsPer7Days: number;
    /** misuse.session_frequency: length of the rolling period, in days. */
    rollingDays: number;
    /** misuse.dose_escalation: dose above this factor x the course's first dose. */
    doseEscalationFactor: number;
    /** misuse.craving: this many early/extra session requests within `earlyRequestWindowDays` days. */
    earlySessionRequestsPer30Days: number;
    /** misuse.craving: length of the window for early/extra session requests, in days. */
    earlyRequestWindowDays: number;
  };
  /** tolerance.diminishing_response: over the last `sessions` sessions, latest < ratio x first. */
  tolerance: { sessions: number; ratio: number };
  /** nonresponse.after_induction: this many sessions given and no response. */
  nonresponseAfterSessions: number;
  followup: {
    /** followup.missed: only windows that closed within this many days raise a flag. */
    lookbackDays: number;
  };
  response: {
    /** Course baseline: the last valid two-week PHQ-9 within this many days before session 1. */
    baselineWindowDays: number;
    /** Pre-dose score: the last valid PHQ-9 within this many hours before the session. */
    preDoseWindowHours: number;
    window24h: HourWindow;
    window72h: HourWindow;
    /** Response: total at or below responseRatio x baseline. */
    responseRatio: number;
    /** Partial: reduction of at least this fraction (and not a response). */
    partialReductionMin: number;
    /** Remission: total below this. */
    remissionBelow: number;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The defaults of CLINICAL.md s3-s5 (frozen: copy before changing). */
export const DEFAULT_THRESHOLDS: ClinicThresholds = deepFreeze<ClinicThresholds>({
  // CLINICAL.md s2 dosing table (DOSE_LIMITS, with the source of each row). Where s2 has no usual
  // flag (oral, sublingual) the usual maximum defaults to the sanity maximum: nothing is flagged.
  doseLimits: Object.fromEntries(
    DOSE_LIMIT_KEYS.map((key) => [
      key,
      { usualMax: usualMaxCeiling(key), sanityMax: DOSE_LIMITS[key].sanityMax },
    ]),
  ) as ClinicDoseLimits,
  scheduledObservationMinutes: [0, 15, 30, 40, 60, 90, 120], // CLINICAL.md s3, clinic default schedule
  minMonitoringMinutes: {
    esketamine: 120, // CLINICAL.md s3, Spravato REMS (2-h monitoring)
    ketamine: 60, // CLINICAL.md s3, clinic default for IV/IM ketamine, after the infusion ends
  },
  discharge: {
    moaasRequired: 5, // CLINICAL.md s3, "latest MOAA/S = 5"
    cadss6TotalMax: 0, // CLINICAL.md s3, "latest CADSS-6 total = 0 (dissociation resolved)"
    systolicBelow: 180, // CLINICAL.md s3, "latest BP < 180/110"
    diastolicBelow: 110, // CLINICAL.md s3, "latest BP < 180/110"
    spo2Min: 94, // CLINICAL.md s3, "SpO2 >= 94"
  },
  bp: {
    predoseSystolic: 140, // CLINICAL.md s4 bp.predose_elevated, "pre-dose BP > 140/90"
    predoseDiastolic: 90, // CLINICAL.md s4 bp.predose_elevated
    severeSystolic: 180, // CLINICAL.md s4 bp.severe, "systolic >= 180"
    severeDiastolic: 110, // CLINICAL.md s4 bp.severe, "diastolic >= 110"
    riseSystolic: 40, // CLINICAL.md s4 bp.rise, Spravato label (rise >= 40/25 in 8-19%)
    riseDiastolic: 25, // CLINICAL.md s4 bp.rise, Spravato label
  },
  hrTachycardia: 120, // CLINICAL.md s4 hr.tachycardia, "heart rate > 120"
  hypotension: {
    systolicBelow: 90, // CLINICAL.md s4 v2 bp.hypotension, "systolic < 90" (common adult definition)
    diastolicBelow: 50, // CLINICAL.md s4 v2 bp.hypotension, "diastolic < 50"
  },
  bradycardiaBelow: 50, // CLINICAL.md s4 v2 hr.bradycardia, "heart rate < 50" (AHA/ACC/HRS 2018 bradycardia guideline)
  respiratory: {
    spo2Below: 92, // CLINICAL.md s4 respiratory.depression, "SpO2 < 92"
    rateBelow: 10, // CLINICAL.md s4 respiratory.depression, "respiratory rate < 10"
  },
  sedation: {
    moderateAtOrBelow: 3, // CLINICAL.md s4 sedation.moderate, "MOAA/S <= 3" (s1: <= 3 = moderate or deeper)
    deepAtOrBelow: 1, // CLINICAL.md s4 sedation.deep, "MOAA/S <= 1"
  },
  dissociation: {
    markedTotal: 12, // CLINICAL.md s4 dissociation.marked; clinic policy, no validated cut-off (s1)
    markedItem: 4, // CLINICAL.md s4 dissociation.marked, "any item = 4"; clinic policy
  },
  monitoringOverdueMinutes: 10, // CLINICAL.md s4 monitoring.overdue, "> 10 min late"
  noPredoseAfterMinutes: 15, // CLINICAL.md s4 v2 monitoring.no_predose, "is 15 min past it"
  phq9: {
    maxMissingItems: PHQ9_DEFAULT_MAX_MISSING_ITEMS, // CLINICAL.md s1, NHS Data Dictionary (prorate <= 2)
    worseningPoints: PHQ9_MCID, // CLINICAL.md s4 phq9.worsening, "baseline + 5 (MCID)", Löwe 2004
  },
  misuse: {
    sessionsPer7Days: 3, // CLINICAL.md s4 misuse.session_frequency, "a 3rd session within any rolling 7 days"
    rollingDays: 7, // CLINICAL.md s4 misuse.session_frequency, "any rolling 7 days" (clinic cap: twice weekly)
    doseEscalationFactor: 1.5, // CLINICAL.md s4 misuse.dose_escalation, "> 1.5 x the course's first dose"
    earlySessionRequestsPer30Days: 2, // CLINICAL.md s4 misuse.craving, "2 in 30 days"
    earlyRequestWindowDays: 30, // CLINICAL.md s4 misuse.craving, "2 in 30 days"
  },
  tolerance: {
    sessions: 3, // CLINICAL.md s4 tolerance.diminishing_response, "last 3 sessions"
    ratio: 0.5, // CLINICAL.md s4 tolerance.diminishing_response, "latest is < 50% of the first"
  },
  nonresponseAfterSessions: 6, // CLINICAL.md s4 nonresponse.after_induction, "6 sessions given"
  followup: {
    // Product decision, not in CLINICAL.md: a follow-up window that closed longer ago than this is a
    // gap in the outcomes (s6 "follow-up completion"), not work for today's inbox; without a limit a
    // patient's whole history of missed windows would raise flags the day the rule first runs.
    lookbackDays: 14,
  },
  response: {
    baselineWindowDays: 30, // CLINICAL.md s5, course baseline "within 30 days before"
    preDoseWindowHours: 24, // CLINICAL.md s5, pre-dose score "within 24 h before"
    window24h: { min: 12, max: 36, target: 24 }, // CLINICAL.md s5, "nearest 24 h within 12-36 h"
    window72h: { min: 48, max: 96, target: 72 }, // CLINICAL.md s5, "nearest 72 h within 48-96 h"
    responseRatio: 0.5, // CLINICAL.md s5, "Response: total <= 50% of the course baseline"
    partialReductionMin: 0.25, // CLINICAL.md s5, "Partial: 25-49% reduction"
    remissionBelow: 5, // CLINICAL.md s5, "Remission: total < 5"
  },
});

/**
 * The thresholds as `GET /clinics/:id/thresholds` shows them: the clinic's thresholds plus the fixed
 * `phq9.item9AtLeast` (v1 showed it as a threshold; v2 keeps it in the answer, always
 * PHQ9_ITEM9_POSITIVE_AT_LEAST, so the v1 contract holds).
 */
export type ThresholdsInForce = Omit<ClinicThresholds, 'phq9'> & {
  phq9: ClinicThresholds['phq9'] & { item9AtLeast: number };
};

export function thresholdsInForce(t: ClinicThresholds): ThresholdsInForce {
  return { ...t, phq9: { ...t.phq9, item9AtLeast: PHQ9_ITEM9_POSITIVE_AT_LEAST } };
}

/** Any subset of T at any depth; arrays are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A clinic's stored changes to the defaults. */
export type ThresholdOverrides = DeepPartial<ClinicThresholds>;

function mergeDeep(base: unknown, override: unknown): unknown {
  if (override === undefined) return cloneJson(base);
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged: Record<string, unknown> = {};
    for (const key of Object.keys(base)) {
      merged[key] = mergeDeep(base[key], override[key]);
    }
    return merged;
  }
  return cloneJson(override);
}

/**
 * The thresholds in force for a clinic: a fresh (mutable) copy of `base` with the clinic's
 * overrides applied. Keys that are not thresholds are ignored.
 */
export function mergeThresholds(
  overrides: ThresholdOverrides | null | undefined,
  base: ClinicThresholds = DEFAULT_THRESHOLDS,
): ClinicThresholds {
  return mergeDeep(base, overrides ?? {}) as ClinicThresholds;
}

/**
 * The thresholds a change moved, by path (`discharge.spo2Min`), before and after: the values in
 * force on each side (arrays compared whole). For the audit entry of a threshold change.
 */
export function thresholdChanges(
  before: ClinicThresholds,
  after: ClinicThresholds,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    out.before[path] = cloneJson(a) ?? null;
    out.after[path] = cloneJson(b) ?? null;
  };
  walk(before, after, '');
  return out;
}
