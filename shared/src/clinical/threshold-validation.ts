/**
 * Validation of a clinic's threshold changes (the body of a PATCH): the range each threshold may be
 * set to (THRESHOLD_SCHEMA), the safety floors and fixed values, and the checks that hold between
 * thresholds.
 */
import { DOSE_LIMIT_KEYS, DOSE_LIMITS, type DoseLimitKey, usualMaxCeiling } from './dosing';
import { isPlainObject } from './plain-json';
import { roundHalfUp } from './rounding';
import { floorError } from './safety-floors';
import { FIXED_THRESHOLDS } from './threshold-overrides';
import {
  type ClinicDoseLimits,
  type ClinicThresholds,
  mergeThresholds,
  type ThresholdOverrides,
} from './thresholds';

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

/**
 * What a clinic may set each threshold to. The ranges are product guard rails, not clinical
 * sources: wide enough for any clinic policy, narrow enough to catch typos (1800 for 180) and
 * settings that would silence or flood a rule. Integers where the value counts things.
 */
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
