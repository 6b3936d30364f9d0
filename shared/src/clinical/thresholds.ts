/**
 * Clinic-configurable thresholds of CLINICAL.md s2-s5, with their defaults and sources. Rules read
 * them from here (or a clinic's override of them) and never hard-code the numbers again.
 * The hard dose maxima (s2) live in dosing.ts (a clinic's `doseLimits` may only lower them),
 * plausible ranges (s1) in ranges.ts.
 */
import { DOSE_LIMIT_KEYS, DOSE_LIMITS, type DoseLimitKey, usualMaxCeiling } from './dosing';
import { PHQ9_DEFAULT_MAX_MISSING_ITEMS, PHQ9_ITEM9_POSITIVE_AT_LEAST, PHQ9_MCID } from './phq9';
import { roundHalfUp } from './rounding';

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

/**
 * Values a clinic may not change (CLINICAL.md s4 v2), by path under `thresholds`, with the reason
 * a PATCH naming them is refused.
 */
export const FIXED_THRESHOLDS: Readonly<Record<string, string>> = Object.freeze({
  'phq9.item9AtLeast':
    `is fixed at ${PHQ9_ITEM9_POSITIVE_AT_LEAST} and cannot be changed: any item 9 answer >= ` +
    `${PHQ9_ITEM9_POSITIVE_AT_LEAST} needs same-day clinician review (CLINICAL.md s4 v2)`,
});

/**
 * A clinic's stored overrides without the values that are no longer configurable (an
 * `phq9.item9AtLeast` stored before v2 is ignored, not applied). Returns a fresh object.
 */
export function withoutFixedThresholds(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  const copy = cloneJson(overrides ?? {}) as Record<string, unknown>;
  for (const path of Object.keys(FIXED_THRESHOLDS)) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      node = isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    }
    if (!isPlainObject(node)) continue;
    delete node[keys[keys.length - 1]];
    // An emptied group leaves too ({ phq9: {} } is no change).
    const group = copy[keys[0]];
    if (keys.length === 2 && isPlainObject(group) && Object.keys(group).length === 0) {
      delete copy[keys[0]];
    }
  }
  return copy;
}

// ---- safety floors (API.md v2 "Accounts and administration"; issue 19) ----------------------

/**
 * The least safe value a clinic may set a threshold to: no PATCH may cross it (400 naming the
 * field), whoever sends it. `atLeast`/`atMost` bound a number on its unsafe side only (a clinic may
 * always be stricter, within the guard rails of THRESHOLD_SCHEMA); `includes` lists minutes a
 * schedule must keep. The source says where the value comes from (docs/decisions.md has the table).
 */
export interface SafetyFloor {
  atLeast?: number;
  atMost?: number;
  includes?: readonly number[];
  source: string;
}

/** By path under `thresholds`. Every clinical alert and the monitoring and discharge criteria. */
export const SAFETY_FLOORS: Readonly<Record<string, SafetyFloor>> = Object.freeze({
  // Monitoring and discharge (changed by psychiatrists only: PSYCHIATRIST_ONLY_THRESHOLDS).
  'minMonitoringMinutes.esketamine': {
    atLeast: 120,
    source: 'CLINICAL.md s3, Spravato REMS: 120 min for esketamine',
  },
  'minMonitoringMinutes.ketamine': { atLeast: 30, source: 'API.md v2 safety floors' },
  'discharge.moaasRequired': {
    atLeast: 5,
    atMost: 5,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "latest MOAA/S = 5"',
  },
  'discharge.cadss6TotalMax': { atMost: 4, source: 'API.md v2 safety floors' },
  'discharge.systolicBelow': {
    atMost: 180,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "BP < 180/110"',
  },
  'discharge.diastolicBelow': {
    atMost: 110,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "BP < 180/110"',
  },
  'discharge.spo2Min': { atLeast: 90, source: 'API.md v2 safety floors' },
  scheduledObservationMinutes: {
    includes: [40],
    source:
      'CLINICAL.md s3 "observations due at least: pre-dose, 40 min, and before discharge" (BP peaks about 40 min after dosing, s1; the REMS form asks for the 40-min BP)',
  },
  monitoringOverdueMinutes: {
    atMost: 10,
    source:
      'CLINICAL.md s4 monitoring.overdue "> 10 min late": the shortest interval of the s3 default schedule (30 to 40 min), so no scheduled reading can be skipped unflagged',
  },
  noPredoseAfterMinutes: {
    atMost: 30,
    source:
      'CLINICAL.md s4 v2 monitoring.no_predose (default 15): raised before the 40-min reading of s3, when the BP rise over the pre-dose reading must be judged',
  },
  // Alerts (s4).
  'bp.predoseSystolic': {
    atMost: 140,
    source: 'CLINICAL.md s4 bp.predose_elevated "> 140/90" (Spravato label: elevated baseline BP)',
  },
  'bp.predoseDiastolic': {
    atMost: 90,
    source: 'CLINICAL.md s4 bp.predose_elevated "> 140/90" (Spravato label: elevated baseline BP)',
  },
  'bp.severeSystolic': {
    atMost: 180,
    source: 'CLINICAL.md s4 bp.severe "systolic >= 180" (the s3 discharge ceiling)',
  },
  'bp.severeDiastolic': {
    atMost: 110,
    source: 'CLINICAL.md s4 bp.severe "diastolic >= 110" (the s3 discharge ceiling)',
  },
  'bp.riseSystolic': {
    atMost: 40,
    source: 'CLINICAL.md s4 bp.rise "systolic rise >= 40" (Spravato label)',
  },
  'bp.riseDiastolic': {
    atMost: 25,
    source: 'CLINICAL.md s4 bp.rise "diastolic rise >= 25" (Spravato label)',
  },
  hrTachycardia: { atMost: 120, source: 'CLINICAL.md s4 hr.tachycardia "heart rate > 120"' },
  'hypotension.systolicBelow': {
    atLeast: 90,
    source: 'CLINICAL.md s4 v2 bp.hypotension "systolic < 90" (common adult definition)',
  },
  'hypotension.diastolicBelow': {
    atLeast: 50,
    source: 'CLINICAL.md s4 v2 bp.hypotension "diastolic < 50" (common adult definition)',
  },
  bradycardiaBelow: {
    atLeast: 50,
    source: 'CLINICAL.md s4 v2 hr.bradycardia "heart rate < 50" (AHA/ACC/HRS 2018)',
  },
  'respiratory.spo2Below': {
    atLeast: 90,
    source:
      'CLINICAL.md s4 respiratory.depression "SpO2 < 92", no lower than the API.md v2 discharge floor (SpO2 >= 90)',
  },
  'respiratory.rateBelow': {
    atLeast: 10,
    source: 'CLINICAL.md s4 respiratory.depression "respiratory rate < 10"',
  },
  'sedation.moderateAtOrBelow': {
    atLeast: 3,
    source: 'CLINICAL.md s1 MOAA/S "<= 3 = moderate or deeper"; s4 sedation.moderate',
  },
  'sedation.deepAtOrBelow': { atLeast: 1, source: 'CLINICAL.md s4 sedation.deep "MOAA/S <= 1"' },
  'dissociation.markedTotal': {
    atMost: 12,
    source:
      'CLINICAL.md s4 dissociation.marked "CADSS-6 total >= 12" (no validated cut-off, s1: nothing supports a higher one)',
  },
  'dissociation.markedItem': {
    atMost: 4,
    source: 'CLINICAL.md s4 dissociation.marked "any item = 4"',
  },
  'phq9.maxMissingItems': {
    atMost: 2,
    source: 'CLINICAL.md s1, NHS Data Dictionary (prorate at most 2)',
  },
  'phq9.worseningPoints': {
    atMost: 5,
    source: 'CLINICAL.md s4 phq9.worsening "baseline + 5" (MCID, Löwe 2004)',
  },
  'misuse.sessionsPer7Days': {
    atMost: 3,
    source: 'CLINICAL.md s4 misuse.session_frequency "a 3rd session within 7 days"',
  },
  'misuse.rollingDays': {
    atLeast: 7,
    source: 'CLINICAL.md s4 misuse.session_frequency "any rolling 7 days"',
  },
  'misuse.doseEscalationFactor': {
    atMost: 1.5,
    source: 'CLINICAL.md s4 misuse.dose_escalation "> 1.5 x the first dose"',
  },
  'misuse.earlySessionRequestsPer30Days': {
    atMost: 2,
    source: 'CLINICAL.md s4 misuse.craving "2 in 30 days"',
  },
  'misuse.earlyRequestWindowDays': {
    atLeast: 30,
    source: 'CLINICAL.md s4 misuse.craving "2 in 30 days"',
  },
  'tolerance.sessions': {
    atMost: 3,
    source: 'CLINICAL.md s4 tolerance.diminishing_response "last 3 sessions"',
  },
  'tolerance.ratio': {
    atLeast: 0.5,
    source: 'CLINICAL.md s4 tolerance.diminishing_response "latest < 50% of the first"',
  },
});

/** Why a value crosses its floor (a message naming the path), or null when it does not. */
function floorError(path: string, value: unknown): string | null {
  const floor = Object.hasOwn(SAFETY_FLOORS, path) ? SAFETY_FLOORS[path] : undefined;
  if (!floor) return null;
  const where = `thresholds.${path}`;
  if (floor.includes) {
    if (!Array.isArray(value)) return null;
    const missing = floor.includes.filter((minutes) => !value.includes(minutes));
    return missing.length === 0
      ? null
      : `${where} must include ${floor.includes.join(', ')} min: safety floor (${floor.source})`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const low = floor.atLeast;
  const high = floor.atMost;
  if ((low === undefined || value >= low) && (high === undefined || value <= high)) return null;
  const bound =
    low !== undefined && high !== undefined && low === high
      ? `be ${low}`
      : low !== undefined && value < low
        ? `be at least ${low}`
        : `be at most ${String(high)}`;
  return `${where} must ${bound}: safety floor (${floor.source})`;
}

/**
 * A clinic's stored overrides without the values that cross a safety floor (set before the floors
 * existed): the default applies instead, so no stored setting keeps a safety rule switched off.
 * Returns a fresh object.
 */
export function withoutUnsafeThresholds(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  const copy = cloneJson(overrides ?? {}) as Record<string, unknown>;
  for (const path of Object.keys(SAFETY_FLOORS)) {
    const keys = path.split('.');
    const parent = keys.length === 1 ? copy : copy[keys[0]];
    const key = keys[keys.length - 1];
    if (!isPlainObject(parent) || !Object.hasOwn(parent, key)) continue;
    if (floorError(path, parent[key]) === null) continue;
    delete parent[key];
    if (keys.length === 2 && Object.keys(parent).length === 0) delete copy[keys[0]];
  }
  return copy;
}

/** What the engine applies from a clinic's stored overrides: neither fixed nor unsafe values. */
export function storedThresholdOverrides(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  return withoutUnsafeThresholds(withoutFixedThresholds(overrides));
}

/**
 * Monitoring and discharge criteria (CLINICAL.md s3): changed by psychiatrists only (API.md v2); a
 * manager's change naming any of these groups or keys is refused (403). The monitoring schedule and
 * the two monitoring rules' timings (overdue, no pre-dose reading) are part of the monitoring
 * criteria.
 */
export const PSYCHIATRIST_ONLY_THRESHOLDS: readonly string[] = Object.freeze([
  'discharge',
  'minMonitoringMinutes',
  'scheduledObservationMinutes',
  'monitoringOverdueMinutes',
  'noPredoseAfterMinutes',
]);

/** The psychiatrist-only groups a change names (a PATCH body), in the order of the list. */
export function psychiatristOnlyThresholdsNamed(change: unknown): string[] {
  if (!isPlainObject(change)) return [];
  return PSYCHIATRIST_ONLY_THRESHOLDS.filter((key) => Object.hasOwn(change, key));
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

/** Any subset of T at any depth; arrays are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A clinic's stored changes to the defaults. */
export type ThresholdOverrides = DeepPartial<ClinicThresholds>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

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

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)]));
  }
  return value;
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

// ---- validation of a clinic's changes -------------------------------------------------------

/** A number threshold and the range a clinic may set it to. */
interface NumberLeaf {
  leaf: 'number';
  min: number;
  max: number;
  integer: boolean;
  /** The bounds themselves are not allowed (ratios strictly between 0 and 1). */
  exclusive: boolean;
}

/** A list of minutes after the dose start: ascending, unique, each within [min, max]. */
interface MinutesListLeaf {
  leaf: 'minutes_list';
  min: number;
  max: number;
}

/** The shape of ClinicThresholds with a range at every leaf; the compiler keeps it complete. */
type ThresholdSchema<T> = {
  [K in keyof T]-?: T[K] extends number
    ? NumberLeaf
    : T[K] extends number[]
      ? MinutesListLeaf
      : ThresholdSchema<T[K]>;
};

const number = (min: number, max: number): NumberLeaf => ({
  leaf: 'number',
  min,
  max,
  integer: false,
  exclusive: false,
});
const integer = (min: number, max: number): NumberLeaf => ({
  leaf: 'number',
  min,
  max,
  integer: true,
  exclusive: false,
});
/** A fraction strictly between 0 and 1. */
const fraction = (): NumberLeaf => ({
  leaf: 'number',
  min: 0,
  max: 1,
  integer: false,
  exclusive: true,
});

const SYSTOLIC = number(100, 260);
const DIASTOLIC = number(60, 160);
const BP_RISE = number(5, 100);
const HOURS_AFTER_DOSE = number(0, 720);

/**
 * What a clinic may set each threshold to. The ranges are product guard rails, not clinical
 * sources: wide enough for any clinic policy, narrow enough to catch typos (1800 for 180) and
 * settings that would silence or flood a rule. Integers where the value counts things.
 */
/**
 * A dose limit a clinic may lower but never raise above CLINICAL.md s2 (v2). The floor is a guard
 * rail against typos: 0.01 mg/kg, or one 28 mg esketamine device.
 */
function doseLimitSchema(
  key: DoseLimitKey,
): ThresholdSchema<{ usualMax: number; sanityMax: number }> {
  const floor = DOSE_LIMITS[key].basis === 'mg' ? 28 : 0.01;
  return {
    usualMax: number(floor, usualMaxCeiling(key)),
    sanityMax: number(floor, DOSE_LIMITS[key].sanityMax),
  };
}

const THRESHOLD_SCHEMA: ThresholdSchema<ClinicThresholds> = {
  doseLimits: Object.fromEntries(
    DOSE_LIMIT_KEYS.map((key) => [key, doseLimitSchema(key)]),
  ) as ThresholdSchema<ClinicDoseLimits>,
  scheduledObservationMinutes: { leaf: 'minutes_list', min: 0, max: 720 },
  minMonitoringMinutes: {
    // The Spravato REMS requires at least 120 min (CLINICAL.md s3): a clinic may only lengthen it.
    esketamine: number(120, 1440),
    ketamine: number(0, 1440),
  },
  discharge: {
    moaasRequired: integer(0, 5), // MOAA/S scale 0-5 (CLINICAL.md s1)
    cadss6TotalMax: integer(0, 24), // CADSS-6 total 0-24 (CLINICAL.md s1)
    systolicBelow: SYSTOLIC,
    diastolicBelow: DIASTOLIC,
    spo2Min: number(80, 100),
  },
  bp: {
    predoseSystolic: SYSTOLIC,
    predoseDiastolic: DIASTOLIC,
    severeSystolic: SYSTOLIC,
    severeDiastolic: DIASTOLIC,
    riseSystolic: BP_RISE,
    riseDiastolic: BP_RISE,
  },
  hrTachycardia: number(60, 250),
  // v2 guard rails: a systolic limit of 110 or a diastolic one of 70 already flags many healthy
  // adults; below 70/40 the rule would wait for shock.
  hypotension: { systolicBelow: number(70, 110), diastolicBelow: number(40, 70) },
  // Below 35/min is profound bradycardia; above 60 is within the normal resting range.
  bradycardiaBelow: number(35, 60),
  respiratory: { spo2Below: number(50, 100), rateBelow: number(2, 60) },
  // At or below 5 would flag every patient who is fully awake.
  sedation: { moderateAtOrBelow: integer(0, 4), deepAtOrBelow: integer(0, 4) },
  dissociation: { markedTotal: integer(1, 24), markedItem: integer(1, 4) },
  monitoringOverdueMinutes: number(1, 240),
  // The label asks for the BP before dosing: waiting more than an hour for it is no check at all.
  noPredoseAfterMinutes: integer(5, 60),
  phq9: {
    maxMissingItems: integer(0, 2), // NHS Data Dictionary prorates at most 2 (CLINICAL.md s1)
    worseningPoints: integer(1, 27),
  },
  misuse: {
    sessionsPer7Days: integer(2, 14),
    rollingDays: integer(1, 90),
    doseEscalationFactor: number(1, 10),
    earlySessionRequestsPer30Days: integer(1, 30),
    earlyRequestWindowDays: integer(1, 365),
  },
  tolerance: { sessions: integer(2, 10), ratio: fraction() },
  nonresponseAfterSessions: integer(1, 50),
  followup: { lookbackDays: integer(1, 365) },
  response: {
    baselineWindowDays: integer(1, 365),
    preDoseWindowHours: number(1, 168),
    window24h: { min: HOURS_AFTER_DOSE, max: HOURS_AFTER_DOSE, target: HOURS_AFTER_DOSE },
    window72h: { min: HOURS_AFTER_DOSE, max: HOURS_AFTER_DOSE, target: HOURS_AFTER_DOSE },
    responseRatio: fraction(),
    partialReductionMin: fraction(),
    remissionBelow: integer(1, 27),
  },
};

type SchemaNode = NumberLeaf | MinutesListLeaf | { [key: string]: SchemaNode };

function isLeaf(node: SchemaNode): node is NumberLeaf | MinutesListLeaf {
  return typeof node.leaf === 'string';
}

function rangeText(leaf: NumberLeaf): string {
  const kind = leaf.integer ? 'an integer' : 'a number';
  return leaf.exclusive
    ? `${kind} greater than ${leaf.min} and less than ${leaf.max}`
    : `${kind} from ${leaf.min} to ${leaf.max}`;
}

function checkNumber(value: unknown, leaf: NumberLeaf, path: string): string[] {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!leaf.integer || Number.isInteger(value)) &&
    (leaf.exclusive
      ? value > leaf.min && value < leaf.max
      : value >= leaf.min && value <= leaf.max);
  return ok ? [] : [`${path} must be ${rangeText(leaf)}`];
}

function checkMinutesList(value: unknown, leaf: MinutesListLeaf, path: string): string[] {
  const message = `${path} must be a non-empty list of whole minutes from ${leaf.min} to ${leaf.max}, ascending without repeats`;
  if (!Array.isArray(value) || value.length === 0) return [message];
  for (let index = 0; index < value.length; index++) {
    const minutes: unknown = value[index];
    if (
      typeof minutes !== 'number' ||
      !Number.isInteger(minutes) ||
      minutes < leaf.min ||
      minutes > leaf.max
    ) {
      return [message];
    }
    if (index > 0 && minutes <= (value[index - 1] as number)) return [message];
  }
  return [];
}

function checkNode(value: unknown, node: SchemaNode, path: string): string[] {
  if (isLeaf(node)) {
    const range =
      node.leaf === 'number' ? checkNumber(value, node, path) : checkMinutesList(value, node, path);
    // A well-formed value that crosses a safety floor is refused for that reason (naming it); a
    // malformed one for its form.
    const floor = floorError(path.slice('thresholds.'.length), value);
    const wellFormed =
      node.leaf === 'number'
        ? typeof value === 'number' &&
          Number.isFinite(value) &&
          (!node.integer || Number.isInteger(value))
        : range.length === 0;
    return floor !== null && wellFormed ? [floor] : range;
  }
  if (!isPlainObject(value)) return [`${path} must be an object`];
  const errors: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    const childNode = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    const fixedPath = childPath.slice('thresholds.'.length);
    if (Object.hasOwn(FIXED_THRESHOLDS, fixedPath)) {
      errors.push(`${childPath} ${FIXED_THRESHOLDS[fixedPath]}`);
    } else if (childNode === undefined) {
      errors.push(`${childPath} is not a threshold`);
    } else {
      errors.push(...checkNode(child, childNode, childPath));
    }
  }
  return errors;
}

/** Checks that hold between thresholds, on the merged result. */
function crossFieldErrors(t: ClinicThresholds): string[] {
  const errors: string[] = [];
  const notAbove = (lowPath: string, low: number, highPath: string, high: number): void => {
    if (low > high) {
      errors.push(
        `thresholds.${lowPath} (${low}) must not be above thresholds.${highPath} (${high})`,
      );
    }
  };
  const below = (lowPath: string, low: number, highPath: string, high: number): void => {
    if (low >= high) {
      errors.push(`thresholds.${lowPath} (${low}) must be below thresholds.${highPath} (${high})`);
    }
  };
  for (const key of DOSE_LIMIT_KEYS) {
    const limit = t.doseLimits[key];
    notAbove(
      `doseLimits.${key}.usualMax`,
      limit.usualMax,
      `doseLimits.${key}.sanityMax`,
      limit.sanityMax,
    );
  }
  notAbove(
    'sedation.deepAtOrBelow',
    t.sedation.deepAtOrBelow,
    'sedation.moderateAtOrBelow',
    t.sedation.moderateAtOrBelow,
  );
  below('bp.predoseSystolic', t.bp.predoseSystolic, 'bp.severeSystolic', t.bp.severeSystolic);
  below('bp.predoseDiastolic', t.bp.predoseDiastolic, 'bp.severeDiastolic', t.bp.severeDiastolic);
  below(
    'hypotension.diastolicBelow',
    t.hypotension.diastolicBelow,
    'hypotension.systolicBelow',
    t.hypotension.systolicBelow,
  );
  below('bradycardiaBelow', t.bradycardiaBelow, 'hrTachycardia', t.hrTachycardia);
  for (const name of ['window24h', 'window72h'] as const) {
    const w = t.response[name];
    const path = `response.${name}`;
    below(`${path}.min`, w.min, `${path}.target`, w.target);
    below(`${path}.target`, w.target, `${path}.max`, w.max);
  }
  // Partial (CLINICAL.md s5: 25-49% reduction) must stop short of a response (>= 50% reduction).
  const responseReduction = 1 - t.response.responseRatio;
  if (t.response.partialReductionMin >= responseReduction) {
    errors.push(
      `thresholds.response.partialReductionMin (${t.response.partialReductionMin}) must be below ` +
        `the reduction of a response (1 - thresholds.response.responseRatio = ${roundHalfUp(responseReduction, 3)})`,
    );
  }
  return errors;
}

/**
 * Checks a clinic's threshold changes (the body of a PATCH, a ThresholdOverrides): every key must be
 * a threshold and not a fixed one (FIXED_THRESHOLDS: "thresholds.phq9.item9AtLeast is fixed at 1
 * ..."), no value may cross its safety floor (SAFETY_FLOORS: "thresholds.discharge.spo2Min must be
 * at least 90: safety floor (...)"), every value within its range (messages name the path, e.g.
 * "thresholds.bp.severeSystolic must be a number from 100 to 260"), and the result merged over the
 * defaults must hold together (deep sedation at or below moderate, window min < target < max,
 * pre-dose BP limits below the severe ones). Empty list = valid.
 */
export function validateThresholdOverrides(value: unknown): string[] {
  const errors = checkNode(value, THRESHOLD_SCHEMA, 'thresholds');
  if (errors.length > 0) return errors;
  return crossFieldErrors(mergeThresholds(value as ThresholdOverrides));
}
