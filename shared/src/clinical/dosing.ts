/** Dose checks of CLINICAL.md s2 ("Dosing"). */
import type { Drug, Route } from '../api/enums';
import type { ClinicDoseLimits } from './thresholds';
import { validateWeightKg } from './ranges';
import { roundHalfUp } from './rounding';

/** Esketamine nasal spray device strength; any dose not a multiple of it is flagged. Source: CLINICAL.md s2 (Spravato label). */
export const ESKETAMINE_DEVICE_MG = 28;

export type DoseBasis = 'mg_per_kg' | 'mg';

export interface DoseLimit {
  /** Whether the limits are per kg of body weight or absolute milligrams. */
  basis: DoseBasis;
  /** Doses above it are accepted with a warning ("flag above usual"); null = no usual maximum. */
  usualMax: number | null;
  /** Doses above it are refused (400); a dose exactly at it is accepted. */
  sanityMax: number;
  usualText: string;
  source: string;
}

/** `<drug>.<route>`, as the clinic thresholds' `doseLimits` name them (API.md v2 Thresholds). */
export const DOSE_LIMIT_KEYS = [
  'ketamine.iv',
  'ketamine.im',
  'ketamine.oral',
  'ketamine.sublingual',
  'esketamine.intranasal',
] as const;
export type DoseLimitKey = (typeof DOSE_LIMIT_KEYS)[number];

/**
 * The hard maxima of CLINICAL.md s2 (dosing table; source of each row in `source`). A clinic may
 * lower them (thresholds `doseLimits`), never raise them.
 */
export const DOSE_LIMITS: Readonly<Record<DoseLimitKey, Readonly<DoseLimit>>> = {
  // CLINICAL.md s2: sanity maximum 1.0 mg/kg; flag > 0.75 mg/kg
  'ketamine.iv': {
    basis: 'mg_per_kg',
    usualMax: 0.75,
    sanityMax: 1.0,
    usualText: '0.5 mg/kg over 40 min (range used 0.1-0.75 mg/kg)',
    source: 'CLINICAL.md s2; Fava 2018; Andrade 2017',
  },
  // CLINICAL.md s2: sanity maximum 2.0 mg/kg; flag > 1.0 mg/kg
  'ketamine.im': {
    basis: 'mg_per_kg',
    usualMax: 1.0,
    sanityMax: 2.0,
    usualText: '0.5-1.0 mg/kg (poorly documented)',
    source: 'CLINICAL.md s2; clinic policy',
  },
  // CLINICAL.md s2: sanity maximum 7 mg/kg; the usual range reaches the maximum, so no usual flag
  'ketamine.oral': {
    basis: 'mg_per_kg',
    usualMax: null,
    sanityMax: 7,
    usualText: '0.25-7 mg/kg',
    source: 'CLINICAL.md s2; Andrade 2019; Lara 2013',
  },
  // CLINICAL.md s2: sanity maximum 7 mg/kg (row "oral / sublingual"); no usual flag
  'ketamine.sublingual': {
    basis: 'mg_per_kg',
    usualMax: null,
    sanityMax: 7,
    usualText: '10 mg and above',
    source: 'CLINICAL.md s2; Andrade 2019; Lara 2013',
  },
  // CLINICAL.md s2: sanity maximum 112 mg; flag > 84 mg and any dose not a multiple of 28 mg
  'esketamine.intranasal': {
    basis: 'mg',
    usualMax: 84,
    sanityMax: 112,
    usualText: '56 or 84 mg (28 mg devices; 28 mg start at age >= 65)',
    source: 'CLINICAL.md s2; Spravato label',
  },
};

export function doseLimitKey(drug: Drug, route: Route): string {
  return `${drug}.${route}`;
}

export function isDoseLimitKey(key: string): key is DoseLimitKey {
  return (DOSE_LIMIT_KEYS as readonly string[]).includes(key);
}

/**
 * The most a clinic may set a row's usual maximum to: s2's usual maximum, or its sanity maximum
 * where s2 has no usual flag (oral and sublingual ketamine, whose usual range reaches the maximum).
 */
export function usualMaxCeiling(key: DoseLimitKey): number {
  const limit = DOSE_LIMITS[key];
  return limit.usualMax ?? limit.sanityMax;
}

/** The limits in force for one drug and route, and whether the clinic lowered them below s2. */
export interface EffectiveDoseLimit {
  basis: DoseBasis;
  /** Doses above it are accepted and flagged; null = no usual flag. */
  usualMax: number | null;
  sanityMax: number;
  usualLowered: boolean;
  sanityLowered: boolean;
}

/**
 * A clinic's limits for a row (CLINICAL.md s2 v2), never above s2: a value above the table (which
 * validation refuses, so only a damaged stored row could hold one) falls back to the table's.
 * Without clinic limits, the table. A usual maximum at or above the sanity maximum never flags.
 */
export function effectiveDoseLimit(
  key: DoseLimitKey,
  limits?: Partial<ClinicDoseLimits> | null,
): EffectiveDoseLimit {
  const table = DOSE_LIMITS[key];
  const clinic = limits?.[key];
  const capped = (value: number | undefined, ceiling: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= ceiling
      ? value
      : ceiling;
  const sanityMax = capped(clinic?.sanityMax, table.sanityMax);
  const usualCeiling = usualMaxCeiling(key);
  const usual = capped(clinic?.usualMax, usualCeiling);
  const usualMax = usual >= sanityMax ? null : usual;
  return {
    basis: table.basis,
    usualMax,
    sanityMax,
    usualLowered: usual < usualCeiling,
    sanityLowered: sanityMax < table.sanityMax,
  };
}

/** Infusion length limits (CLINICAL.md s2 v2: IV ketamine requires `infusionMinutes`, 1-240). */
export const INFUSION_MINUTES_MIN = 1;
export const INFUSION_MINUTES_MAX = 240;
/** What the order form pre-fills for IV ketamine: "0.5 mg/kg over 40 min" (CLINICAL.md s2; Fava 2018). */
export const DEFAULT_INFUSION_MINUTES = 40;

/** Whether a session's minimum monitoring counts from the end of an infusion that must be recorded. */
export function requiresInfusionMinutes(drug: Drug, route: Route): boolean {
  return drug === 'ketamine' && route === 'iv';
}

/**
 * Dose per kg of body weight, rounded half up to 3 decimals (CLINICAL.md s2); null without a
 * usable (positive) weight.
 */
export function doseMgPerKg(doseMg: number, weightKg: number | null | undefined): number | null {
  if (weightKg === null || weightKg === undefined || !Number.isFinite(weightKg) || weightKg <= 0) {
    return null;
  }
  return roundHalfUp(doseMg / weightKg, 3);
}

export interface CheckDoseInput {
  drug: Drug;
  route: Route;
  doseMg: number;
  /** Weight recorded with the session, else the patient's latest (CLINICAL.md s2). */
  weightKg: number | null | undefined;
  /** The clinic's limits (thresholds `doseLimits`); never above DOSE_LIMITS. Default: the table. */
  limits?: Partial<ClinicDoseLimits> | null;
  /**
   * Infusion length in minutes; required (1-240) for IV ketamine (CLINICAL.md s2 v2). Checked only
   * when the key is present in the input (callers that check a dose alone leave it out).
   */
  infusionMinutes?: number | null;
}

export interface DoseCheck {
  /** Refusals (the API answers 400); each names the field. */
  errors: string[];
  /** Accepted but flag-worthy (stored as the session's doseWarnings). */
  warnings: string[];
  doseMgPerKg: number | null;
}

/**
 * Checks a dose against CLINICAL.md s2. Weight-based limits are compared on the stored
 * doseMgPerKg (3 decimals), so the numbers in the messages are the numbers compared.
 */
export function checkDose(input: CheckDoseInput): DoseCheck {
  const { drug, route, doseMg, weightKg } = input;
  const errors: string[] = [];
  const warnings: string[] = [];
  const perKg =
    typeof doseMg === 'number' && Number.isFinite(doseMg) ? doseMgPerKg(doseMg, weightKg) : null;
  const result = (): DoseCheck => ({ errors, warnings, doseMgPerKg: perKg });

  if (drug === 'esketamine' && route !== 'intranasal') {
    errors.push('route must be intranasal for esketamine');
  }
  const key = doseLimitKey(drug, route);
  if (drug === 'ketamine' && !isDoseLimitKey(key)) {
    errors.push('route must be iv, im, oral or sublingual for ketamine');
  }
  if (typeof doseMg !== 'number' || !Number.isFinite(doseMg) || doseMg <= 0) {
    errors.push('doseMg must be greater than 0');
  }
  if ('infusionMinutes' in input)
    errors.push(...infusionErrors(drug, route, input.infusionMinutes));
  if (errors.length > 0 || !isDoseLimitKey(key)) return result();

  const limit = effectiveDoseLimit(key, input.limits);
  const { usualMax, sanityMax } = limit;
  const label = `${drug} ${route}`;
  const sanityName = limit.sanityLowered ? "the clinic's sanity maximum" : 'the sanity maximum';
  const usualName = limit.usualLowered ? "the clinic's usual maximum" : 'the usual maximum';

  if (limit.basis === 'mg') {
    if (doseMg > sanityMax) {
      errors.push(`doseMg ${doseMg} mg exceeds ${sanityName} of ${sanityMax} mg for ${label}`);
    } else if (usualMax !== null && doseMg > usualMax) {
      warnings.push(`${doseMg} mg is above ${usualName} of ${usualMax} mg for ${label}`);
    }
    if (drug === 'esketamine' && doseMg % ESKETAMINE_DEVICE_MG !== 0) {
      warnings.push(
        `${doseMg} mg is not a multiple of the ${ESKETAMINE_DEVICE_MG} mg esketamine device`,
      );
    }
    return result();
  }

  if (weightKg === null || weightKg === undefined) {
    errors.push(
      `weightKg is required for weight-based ${drug} dosing (no weight on the session or the patient)`,
    );
    return result();
  }
  const weightErrors = validateWeightKg(weightKg);
  if (weightErrors.length > 0 || perKg === null) {
    errors.push(...weightErrors);
    return result();
  }
  if (perKg > sanityMax) {
    errors.push(`doseMg ${perKg} mg/kg exceeds ${sanityName} of ${sanityMax} mg/kg for ${label}`);
  } else if (usualMax !== null && perKg > usualMax) {
    warnings.push(`${perKg} mg/kg is above ${usualName} of ${usualMax} mg/kg for ${label}`);
  }
  return result();
}

/**
 * CLINICAL.md s2 v2: IV ketamine requires the infusion length (1-240 min), since minimum
 * monitoring counts from the end of the infusion and cannot be guessed. Other routes may carry it.
 */
export function infusionErrors(
  drug: Drug,
  route: Route,
  infusionMinutes: number | null | undefined,
): string[] {
  if (infusionMinutes === null || infusionMinutes === undefined) {
    return requiresInfusionMinutes(drug, route)
      ? [
          `infusionMinutes is required for IV ketamine (${INFUSION_MINUTES_MIN}-${INFUSION_MINUTES_MAX} min): ` +
            'minimum monitoring counts from the end of the infusion',
        ]
      : [];
  }
  if (
    !Number.isInteger(infusionMinutes) ||
    infusionMinutes < INFUSION_MINUTES_MIN ||
    infusionMinutes > INFUSION_MINUTES_MAX
  ) {
    return [
      `infusionMinutes must be a whole number of minutes from ${INFUSION_MINUTES_MIN} to ${INFUSION_MINUTES_MAX}`,
    ];
  }
  return [];
}
