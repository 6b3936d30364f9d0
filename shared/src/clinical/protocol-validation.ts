/**
 * Field errors of a clinic protocol (CLINICAL.md s8 and s2; API.md "Treatment courses"): numbers a
 * course cannot follow, and a dose plan above the clinic's usual maximum for the drug and route.
 * Each error names the field (`induction.sessions`, `dosePlan.first` ...); the API answers 400.
 */
import type { Drug, Route } from '../api/enums';
import type {
  DosePlan,
  DosePlanUnit,
  ProtocolInduction,
  ProtocolMaintenance,
} from '../api/course-types';
import { doseLimitKey, effectiveDoseLimit, isDoseLimitKey } from './dosing';
import type { ClinicDoseLimits } from './thresholds';

/** Limits of a protocol's numbers (s8: "at most N in any 7 days" is 1-7). */
export const PROTOCOL_LIMITS = {
  maxPerWeek: { min: 1, max: 7 },
  /** Minimum days between two sessions: 0 (same day allowed) to 4 weeks. */
  minDaysBetween: { min: 0, max: 28 },
} as const;

export interface ProtocolNumbers {
  drug: Drug;
  route: Route;
  induction: ProtocolInduction;
  maintenance: ProtocolMaintenance | null;
  dosePlan: DosePlan;
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
const isPositive = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n > 0;

function intInRange(field: string, value: unknown, min: number, max: number): string[] {
  return isInt(value) && value >= min && value <= max
    ? []
    : [`${field} must be a whole number from ${String(min)} to ${String(max)}`];
}

/** The plan's unit for a drug: esketamine in mg, ketamine in mg/kg (CLINICAL.md s2). */
export function dosePlanUnitFor(drug: Drug): DosePlanUnit {
  return drug === 'esketamine' ? 'mg' : 'mg_per_kg';
}

/**
 * Every field error of a protocol, in field order; empty when it is valid. `limits`: the clinic's
 * dose limits (thresholds `doseLimits`, never above s2), resolved as the order path does: the plan's
 * highest (and first) dose must not be above the clinic's usual maximum for the drug and route (the
 * sanity maximum where s2 has no usual flag).
 */
export function protocolErrors(
  protocol: ProtocolNumbers,
  limits?: Partial<ClinicDoseLimits> | null,
): string[] {
  const errors: string[] = [];
  const { induction, maintenance, dosePlan } = protocol;
  const key = doseLimitKey(protocol.drug, protocol.route);
  if (!isDoseLimitKey(key)) {
    errors.push(
      protocol.drug === 'esketamine'
        ? 'route must be intranasal for esketamine'
        : 'route must be iv, im, oral or sublingual for ketamine',
    );
  }

  if (!isInt(induction.sessions) || induction.sessions < 1) {
    errors.push('induction.sessions must be a whole number of at least 1');
  }
  if (!isInt(induction.withinDays) || induction.withinDays < 1) {
    errors.push('induction.withinDays must be a whole number of at least 1');
  }
  errors.push(
    ...intInRange(
      'induction.maxPerWeek',
      induction.maxPerWeek,
      PROTOCOL_LIMITS.maxPerWeek.min,
      PROTOCOL_LIMITS.maxPerWeek.max,
    ),
  );
  if (induction.minDaysBetween !== undefined) {
    errors.push(
      ...intInRange(
        'induction.minDaysBetween',
        induction.minDaysBetween,
        PROTOCOL_LIMITS.minDaysBetween.min,
        PROTOCOL_LIMITS.minDaysBetween.max,
      ),
    );
  }
  if (maintenance !== null) {
    errors.push(
      ...intInRange(
        'maintenance.maxPerWeek',
        maintenance.maxPerWeek,
        PROTOCOL_LIMITS.maxPerWeek.min,
        PROTOCOL_LIMITS.maxPerWeek.max,
      ),
      ...intInRange(
        'maintenance.minDaysBetween',
        maintenance.minDaysBetween,
        PROTOCOL_LIMITS.minDaysBetween.min,
        PROTOCOL_LIMITS.minDaysBetween.max,
      ),
    );
  }

  const unit = dosePlanUnitFor(protocol.drug);
  const unitText = unit === 'mg' ? 'mg' : 'mg/kg';
  if (dosePlan.unit !== unit) {
    errors.push(`dosePlan.unit must be ${unit} for ${protocol.drug}`);
  }
  const firstOk = isPositive(dosePlan.first);
  const maxOk = isPositive(dosePlan.max);
  if (!firstOk) errors.push('dosePlan.first must be greater than 0');
  if (!maxOk) errors.push('dosePlan.max must be greater than 0');
  dosePlan.steps.forEach((step, i) => {
    if (!isPositive(step)) errors.push(`dosePlan.steps.${String(i)} must be greater than 0`);
    else if (maxOk && step > dosePlan.max) {
      errors.push(
        `dosePlan.steps.${String(i)} (${String(step)} ${unitText}) must not be above dosePlan.max (${String(dosePlan.max)} ${unitText})`,
      );
    }
  });
  if (firstOk && maxOk && dosePlan.first > dosePlan.max) {
    errors.push(
      `dosePlan.first (${String(dosePlan.first)} ${unitText}) must not be above dosePlan.max (${String(dosePlan.max)} ${unitText})`,
    );
  }
  if (isDoseLimitKey(key) && dosePlan.unit === unit) {
    const limit = effectiveDoseLimit(key, limits);
    const ceiling = limit.usualMax ?? limit.sanityMax;
    const name =
      limit.usualMax === null
        ? limit.sanityLowered
          ? "the clinic's sanity maximum"
          : 'the sanity maximum'
        : limit.usualLowered
          ? "the clinic's usual maximum"
          : 'the usual maximum';
    const label = `${protocol.drug} ${protocol.route}`;
    for (const [field, value, ok] of [
      ['dosePlan.first', dosePlan.first, firstOk],
      ['dosePlan.max', dosePlan.max, maxOk],
    ] as const) {
      if (ok && value > ceiling) {
        errors.push(
          `${field} ${String(value)} ${unitText} is above ${name} of ${String(ceiling)} ${unitText} for ${label}`,
        );
      }
    }
  }
  return errors;
}
