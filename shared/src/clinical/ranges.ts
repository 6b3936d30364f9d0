/** Plausible ranges of measurements and their checks (CLINICAL.md s1, "Plausible ranges"). */

/**
 * Values outside these ranges are rejected with 400. Source: CLINICAL.md s1, "Vital signs" ->
 * "Plausible ranges" (and "MOAA/S" 0-5, "CADSS-6" items 0-4).
 */
export const PLAUSIBLE_RANGES = {
  systolic: { min: 50, max: 300 }, // mmHg; CLINICAL.md s1
  diastolic: { min: 20, max: 200 }, // mmHg, and below systolic; CLINICAL.md s1
  heartRate: { min: 20, max: 250 }, // bpm; CLINICAL.md s1
  spo2: { min: 50, max: 100 }, // %; CLINICAL.md s1
  respiratoryRate: { min: 2, max: 60 }, // /min; CLINICAL.md s1
  weightKg: { min: 20, max: 400 }, // kg; CLINICAL.md s1
  moaas: { min: 0, max: 5 }, // MOAA/S 0 (no response) to 5 (responds readily); CLINICAL.md s1
  cadssItem: { min: 0, max: 4 }, // each CADSS item 0 (not at all) to 4 (extremely); CLINICAL.md s1
} as const;

/** CADSS-6 keeps items 1, 2, 6, 7, 15 and 22 of the CADSS. Source: CLINICAL.md s1 (Rodrigues 2021). */
export const CADSS6_ITEM_COUNT = 6;

function isIntegerIn(value: unknown, range: { min: number; max: number }): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max
  );
}

/** Total of the six CADSS-6 items (0-24); throws a RangeError for anything but six integers 0-4. */
export function cadss6Total(items: number[]): number {
  const errors = validateCadss6(items);
  if (errors.length > 0) {
    throw new RangeError(`invalid CADSS-6 items: ${errors.join('; ')}`);
  }
  return items.reduce((sum, item) => sum + item, 0);
}

/** Checks a CADSS-6 answer list: exactly six integers 0-4. Empty result = valid. */
export function validateCadss6(items: unknown, field = 'cadss6'): string[] {
  if (!Array.isArray(items)) {
    return [`${field} must be an array`];
  }
  const errors: string[] = [];
  if (items.length !== CADSS6_ITEM_COUNT) {
    errors.push(`${field} must contain exactly ${CADSS6_ITEM_COUNT} entries`);
  }
  const range = PLAUSIBLE_RANGES.cadssItem;
  for (let index = 0; index < items.length; index++) {
    if (!isIntegerIn(items[index], range)) {
      errors.push(`${field}.${index} must be an integer from ${range.min} to ${range.max}`);
    }
  }
  return errors;
}

/** Checks a body weight: a number (decimals allowed) within the plausible range. */
export function validateWeightKg(value: unknown, field = 'weightKg'): string[] {
  const { min, max } = PLAUSIBLE_RANGES.weightKg;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) {
    return [];
  }
  return [`${field} must be a number from ${min} to ${max}`];
}

export interface ObservationMeasurementsInput {
  systolic?: unknown;
  diastolic?: unknown;
  heartRate?: unknown;
  spo2?: unknown;
  respiratoryRate?: unknown;
  moaas?: unknown;
  cadss6?: unknown;
}

const INTEGER_MEASUREMENTS = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
  'moaas',
] as const;

/** Message when an observation carries no measurement at all. */
export const OBSERVATION_EMPTY_MESSAGE =
  'at least one measurement is required (systolic, diastolic, heartRate, spo2, respiratoryRate, moaas, cadss6)';

/**
 * Checks the measurements of an observation (CLINICAL.md s1 plausible ranges). A field that is
 * undefined or null is absent. Returns class-validator style messages (empty list = valid).
 */
export function validateObservationMeasurements(o: ObservationMeasurementsInput): string[] {
  const errors: string[] = [];
  const present = (value: unknown): boolean => value !== undefined && value !== null;

  for (const field of INTEGER_MEASUREMENTS) {
    const value = o[field];
    const range = PLAUSIBLE_RANGES[field];
    if (present(value) && !isIntegerIn(value, range)) {
      errors.push(`${field} must be an integer from ${range.min} to ${range.max}`);
    }
  }

  const hasSystolic = present(o.systolic);
  const hasDiastolic = present(o.diastolic);
  if (hasSystolic !== hasDiastolic) {
    errors.push('systolic and diastolic must be recorded together');
  } else if (
    isIntegerIn(o.systolic, PLAUSIBLE_RANGES.systolic) &&
    isIntegerIn(o.diastolic, PLAUSIBLE_RANGES.diastolic) &&
    o.diastolic >= o.systolic
  ) {
    errors.push('diastolic must be lower than systolic'); // CLINICAL.md s1: "diastolic ... < systolic"
  }

  if (present(o.cadss6)) {
    errors.push(...validateCadss6(o.cadss6));
  }

  const anyPresent = [...INTEGER_MEASUREMENTS, 'cadss6' as const].some((field) =>
    present(o[field]),
  );
  if (!anyPresent) {
    errors.push(OBSERVATION_EMPTY_MESSAGE);
  }
  return errors;
}
