/** PHQ-9 scoring and input checks (CLINICAL.md s1, "PHQ-9"). */
import type { Phq9Severity } from '../api/enums';
import { roundHalfUp } from './rounding';

/** Items 1-9 are scored; item 10 ("how difficult") is not. Source: CLINICAL.md s1, Kroenke 2001. */
export const PHQ9_ITEM_COUNT = 9;

/** Lowest and highest answer of each item (answer list LL358-3). Source: CLINICAL.md s1. */
export const PHQ9_ITEM_MIN = 0;
export const PHQ9_ITEM_MAX = 3;

/** LOINC codes. Source: CLINICAL.md s1, "LOINC codes" (LOINC). */
export const PHQ9_LOINC = {
  panel: '44249-1',
  items: [
    '44250-9',
    '44255-8',
    '44259-0',
    '44254-1',
    '44251-7',
    '44258-2',
    '44252-5',
    '44253-3',
    '44260-8', // item 9, thoughts of being better off dead or of self-harm
  ],
  item10: '69722-7',
  total: '44261-6',
} as const;

/** LOINC answer codes for the answers 0, 1, 2, 3, in that order. Source: CLINICAL.md s1 (LOINC LL358-3). */
export const PHQ9_ANSWER_CODES = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'] as const;

/**
 * Item 9 ("thoughts that you would be better off dead or of hurting yourself") answered at or above
 * this needs same-day clinician review, whatever the total. Fixed, not clinic-configurable, so no
 * clinic can silence answers 1 or 2. Source: CLINICAL.md s1 and s4 v2 (Kroenke 2001 guidance:
 * "any answer >= 1").
 */
export const PHQ9_ITEM9_POSITIVE_AT_LEAST = 1;

/** Minimal clinically important difference for one person. Source: CLINICAL.md s1, Löwe 2004 (Med Care). */
export const PHQ9_MCID = 5;

/**
 * Default number of missing items that may be prorated; more makes the questionnaire invalid.
 * Source: CLINICAL.md s1, "missing items" (NHS Data Dictionary: prorate <= 2).
 * Clinic-configurable through ClinicThresholds.phq9.maxMissingItems (0 = no missing items allowed).
 */
export const PHQ9_DEFAULT_MAX_MISSING_ITEMS = 2;

/**
 * Lower bound of each severity band. Source: CLINICAL.md s1, "severity" (Kroenke 2001; NHS Data
 * Dictionary): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
 */
const PHQ9_SEVERITY_FROM: readonly (readonly [number, Phq9Severity])[] = [
  [20, 'severe'],
  [15, 'moderately_severe'],
  [10, 'moderate'],
  [5, 'mild'],
  [0, 'minimal'],
];

/** Highest possible total (9 items x 3). Source: CLINICAL.md s1. */
export const PHQ9_TOTAL_MAX = PHQ9_ITEM_COUNT * PHQ9_ITEM_MAX;

/** Severity band of a PHQ-9 total (0-27); throws a RangeError outside 0-27. */
export function phq9Severity(total: number): Phq9Severity {
  if (!Number.isFinite(total) || total < 0 || total > PHQ9_TOTAL_MAX) {
    throw new RangeError(`PHQ-9 total must be from 0 to ${PHQ9_TOTAL_MAX} (got ${total})`);
  }
  for (const [from, severity] of PHQ9_SEVERITY_FROM) {
    if (total >= from) return severity;
  }
  return 'minimal';
}

export interface Phq9Score {
  /** Sum of items 1-9 (prorated when items are missing), or null when invalid. */
  total: number | null;
  severity: Phq9Severity | null;
  /** True when 1..maxMissingItems items were missing and the total was prorated. */
  prorated: boolean;
  /** False when more items are missing than allowed: stored, not scored, excluded from outcomes. */
  valid: boolean;
  /** Item 9 answered >= 1: same-day clinician review whatever the total (CLINICAL.md s1, Kroenke 2001). */
  item9Positive: boolean;
  answered: number;
  missing: number;
}

export interface ScorePhq9Options {
  /** Missing items that may be prorated (default 2; 0 = no missing items allowed). */
  maxMissingItems?: number;
}

/**
 * Scores a PHQ-9 (CLINICAL.md s1). `items` holds the nine answers in order, `null` for a missing
 * answer (never 0). 1..maxMissingItems missing: total = mean of the answered items x 9, rounded
 * half up, and `prorated`. More missing: invalid, total and severity null.
 * Throws a RangeError for input that validatePhq9Items rejects.
 */
export function scorePhq9(items: (number | null)[], options: ScorePhq9Options = {}): Phq9Score {
  const errors = validatePhq9Items(items);
  if (errors.length > 0) {
    throw new RangeError(`invalid PHQ-9 items: ${errors.join('; ')}`);
  }
  const maxMissingItems = options.maxMissingItems ?? PHQ9_DEFAULT_MAX_MISSING_ITEMS;
  if (
    !Number.isInteger(maxMissingItems) ||
    maxMissingItems < 0 ||
    maxMissingItems >= PHQ9_ITEM_COUNT
  ) {
    throw new RangeError(
      `maxMissingItems must be an integer from 0 to ${PHQ9_ITEM_COUNT - 1} (got ${maxMissingItems})`,
    );
  }

  const answeredValues = items.filter((item): item is number => item !== null);
  const answered = answeredValues.length;
  const missing = PHQ9_ITEM_COUNT - answered;
  const item9 = items[PHQ9_ITEM_COUNT - 1];
  const item9Positive =
    item9 !== null && item9 !== undefined && item9 >= PHQ9_ITEM9_POSITIVE_AT_LEAST;

  if (missing > maxMissingItems) {
    return {
      total: null,
      severity: null,
      prorated: false,
      valid: false,
      item9Positive,
      answered,
      missing,
    };
  }
  const sum = answeredValues.reduce((acc, value) => acc + value, 0);
  // sum * 9 / answered keeps the division last, so exact halves (e.g. 4 * 9 / 8 = 4.5) stay exact.
  const total = missing === 0 ? sum : roundHalfUp((sum * PHQ9_ITEM_COUNT) / answered);
  return {
    total,
    severity: phq9Severity(total),
    prorated: missing > 0,
    valid: true,
    item9Positive,
    answered,
    missing,
  };
}

function isPhq9Answer(value: unknown): boolean {
  return (
    value === null ||
    (typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= PHQ9_ITEM_MIN &&
      value <= PHQ9_ITEM_MAX)
  );
}

/**
 * Checks the `items` of a PHQ-9 request; returns class-validator style messages naming the field
 * and the 0-based index (empty list = valid). Each entry: an integer 0-3, or null when missing.
 */
export function validatePhq9Items(items: unknown, field = 'items'): string[] {
  if (!Array.isArray(items)) {
    return [`${field} must be an array`];
  }
  const errors: string[] = [];
  if (items.length !== PHQ9_ITEM_COUNT) {
    errors.push(`${field} must contain exactly ${PHQ9_ITEM_COUNT} entries`);
  }
  // A plain for loop (not forEach) so holes of a sparse array are reported too.
  for (let index = 0; index < items.length; index++) {
    if (!isPhq9Answer(items[index])) {
      errors.push(
        `${field}.${index} must be an integer from ${PHQ9_ITEM_MIN} to ${PHQ9_ITEM_MAX} or null`,
      );
    }
  }
  return errors;
}

/** Checks the optional, unscored item 10 (LOINC 69722-7): absent, null, or an integer 0-3. */
export function validatePhq9Item10(value: unknown): string[] {
  if (value === undefined || isPhq9Answer(value)) return [];
  return [`item10 must be an integer from ${PHQ9_ITEM_MIN} to ${PHQ9_ITEM_MAX} or null`];
}
