/** Dose checks of CLINICAL.md s2 ("Dosing"). */
import type { Drug, Route } from '../api/enums';
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

export const DOSE_LIMIT_KEYS = [
  'ketamine:iv',
  'ketamine:im',
  'ketamine:oral',
  'ketamine:sublingual',
  'esketamine:intranasal',
] as const;
export type DoseLimitKey = (typeof DOSE_LIMIT_KEYS)[number];

/** Clinic-configurable defaults. Source: CLINICAL.md s2, dosing table (source of each row in `source`). */
export const DOSE_LIMITS: Readonly<Record<DoseLimitKey, Readonly<DoseLimit>>> = {
  // CLINICAL.md s2: sanity maximum 1.0 mg/kg; flag > 0.75 mg/kg
  'ketamine:iv': {
    basis: 'mg_per_kg',
    usualMax: 0.75,
    sanityMax: 1.0,
    usualText: '0.5 mg/kg over 40 min (range used 0.1-0.75 mg/kg)',
    source: 'CLINICAL.md s2; Fava 2018; Andrade 2017',
  },
  // CLINICAL.md s2: sanity maximum 2.0 mg/kg; flag > 1.0 mg/kg
  'ketamine:im': {
    basis: 'mg_per_kg',
    usualMax: 1.0,
    sanityMax: 2.0,
    usualText: '0.5-1.0 mg/kg (poorly documented)',
    source: 'CLINICAL.md s2; clinic policy',
  },
  // CLINICAL.md s2: sanity maximum 7 mg/kg; the usual range reaches the maximum, so no usual flag
  'ketamine:oral': {
    basis: 'mg_per_kg',
    usualMax: null,
    sanityMax: 7,
    usualText: '0.25-7 mg/kg',
    source: 'CLINICAL.md s2; Andrade 2019; Lara 2013',
  },
  // CLINICAL.md s2: sanity maximum 7 mg/kg (row "oral / sublingual"); no usual flag
  'ketamine:sublingual': {
    basis: 'mg_per_kg',
    usualMax: null,
    sanityMax: 7,
    usualText: '10 mg and above',
    source: 'CLINICAL.md s2; Andrade 2019; Lara 2013',
  },
  // CLINICAL.md s2: sanity maximum 112 mg; flag > 84 mg and any dose not a multiple of 28 mg
  'esketamine:intranasal': {
    basis: 'mg',
    usualMax: 84,
    sanityMax: 112,
    usualText: '56 or 84 mg (28 mg devices; 28 mg start at age >= 65)',
    source: 'CLINICAL.md s2; Spravato label',
  },
};

export function doseLimitKey(drug: Drug, route: Route): string {
  return `${drug}:${route}`;
}

function isDoseLimitKey(key: string): key is DoseLimitKey {
  return (DOSE_LIMIT_KEYS as readonly string[]).includes(key);
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

export type DoseLimitOverrides = Partial<
  Record<string, { usualMax: number | null; sanityMax: number }>
>;

export interface CheckDoseInput {
  drug: Drug;
  route: Route;
  doseMg: number;
  /** Weight recorded with the session, else the patient's latest (CLINICAL.md s2). */
  weightKg: number | null | undefined;
  /** A clinic's own limits by `drug:route` key, over DOSE_LIMITS. */
  limits?: DoseLimitOverrides;
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
  if (errors.length > 0 || !isDoseLimitKey(key)) return result();

  const defaults = DOSE_LIMITS[key];
  const override = input.limits?.[key];
  const usualMax = override ? override.usualMax : defaults.usualMax;
  const sanityMax = override ? override.sanityMax : defaults.sanityMax;
  const label = `${drug} ${route}`;

  if (defaults.basis === 'mg') {
    if (doseMg > sanityMax) {
      errors.push(`doseMg ${doseMg} mg exceeds the sanity maximum of ${sanityMax} mg for ${label}`);
    } else if (usualMax !== null && doseMg > usualMax) {
      warnings.push(`${doseMg} mg is above the usual maximum of ${usualMax} mg for ${label}`);
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
    errors.push(
      `doseMg ${perKg} mg/kg exceeds the sanity maximum of ${sanityMax} mg/kg for ${label}`,
    );
  } else if (usualMax !== null && perKg > usualMax) {
    warnings.push(`${perKg} mg/kg is above the usual maximum of ${usualMax} mg/kg for ${label}`);
  }
  return result();
}
