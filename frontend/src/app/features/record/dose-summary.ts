import {
  type ClinicDoseLimits,
  DOSE_LIMITS,
  DOSE_LIMIT_KEYS,
  type DoseLimitKey,
  type Drug,
  ESKETAMINE_DEVICE_MG,
  type Route,
  checkDose,
  doseLimitKey,
  effectiveDoseLimit,
  isDoseLimitKey,
} from '@clinic/shared';

import { relabel } from '../../api/http';
import { ROUTE_IN_SENTENCE } from '../../ui/labels';

/** Field names in dose messages, as the order form labels them. */
export const DOSE_FIELD_LABELS: Readonly<Record<string, string>> = {
  doseMg: 'Dose',
  weightKg: 'Weight',
  route: 'Route',
  drug: 'Drug',
};

export interface DoseSummary {
  /** "0.50 mg/kg" (weight-based) or "56 mg"; null until there is a dose (and weight) to show. */
  amount: string | null;
  /** The usual dose and the limits in words, e.g. "usual 0.5 mg/kg over 40 min …; above 0.75 mg/kg is flagged; above 1.0 mg/kg is refused". */
  limits: string;
  /** Accepted but flagged (amber). */
  warnings: string[];
  /** Refused by the server (red; the order cannot be sent). */
  errors: string[];
}

/** The routes with a row in the dose table (CLINICAL.md s2) for a drug: esketamine → intranasal only. */
export function routesFor(drug: Drug): Route[] {
  return DOSE_LIMIT_KEYS.filter((key) => key.startsWith(`${drug}.`)).map(
    (key) => key.slice(drug.length + 1) as Route,
  );
}

function limitKey(drug: Drug, route: Route): DoseLimitKey | null {
  const key = doseLimitKey(drug, route);
  return isDoseLimitKey(key) ? key : null;
}

const perKgFormat = new Intl.NumberFormat('en', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 3,
});
const limitPerKgFormat = new Intl.NumberFormat('en', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 3,
});
const mgFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/**
 * The limits of a drug and route in words: the clinic's (thresholds `doseLimits`, never above
 * CLINICAL.md s2) with the s2 maximum beside any the clinic lowered; without clinic limits, s2's.
 */
export function doseLimitsText(
  drug: Drug,
  route: Route,
  limits?: Partial<ClinicDoseLimits> | null,
): string {
  const key = limitKey(drug, route);
  if (key === null) {
    return '';
  }
  const table = DOSE_LIMITS[key];
  const limit = effectiveDoseLimit(key, limits);
  const amount = (value: number): string =>
    limit.basis === 'mg_per_kg'
      ? `${limitPerKgFormat.format(value)} mg/kg`
      : `${mgFormat.format(value)} mg`;
  const parts = [`usual ${table.usualText}`];
  if (limit.usualMax !== null) {
    const s2 = table.usualMax ?? table.sanityMax;
    parts.push(
      limit.usualLowered
        ? `above ${amount(limit.usualMax)} is flagged (clinic limit; CLINICAL.md s2: ${amount(s2)})`
        : `above ${amount(limit.usualMax)} is flagged`,
    );
  }
  parts.push(
    limit.sanityLowered
      ? `above ${amount(limit.sanityMax)} is refused (clinic limit; CLINICAL.md s2 maximum: ${amount(table.sanityMax)})`
      : `above ${amount(limit.sanityMax)} is refused`,
  );
  if (drug === 'esketamine') {
    parts.push(`a dose that is not a multiple of ${String(ESKETAMINE_DEVICE_MG)} mg is flagged`);
  }
  return parts.join('; ');
}

/**
 * What the order form shows under the dose as it is typed: the dose per kg and the checks of
 * checkDose() (shared, the same function the server runs) against the clinic's limits, in words.
 */
export function summarizeDose(
  drug: Drug,
  route: Route,
  doseMg: number | null,
  weightKg: number | null,
  clinicLimits?: Partial<ClinicDoseLimits> | null,
): DoseSummary {
  const key = limitKey(drug, route);
  const limits = doseLimitsText(drug, route, clinicLimits);
  if (doseMg === null || !Number.isFinite(doseMg)) {
    return { amount: null, limits, warnings: [], errors: [] };
  }
  const check = checkDose({ drug, route, doseMg, weightKg, limits: clinicLimits });
  const weightBased = key !== null && DOSE_LIMITS[key].basis === 'mg_per_kg';
  let amount: string | null = null;
  if (weightBased && check.doseMgPerKg !== null) {
    amount = `${perKgFormat.format(check.doseMgPerKg)} mg/kg`;
  } else if (!weightBased && doseMg > 0) {
    amount = `${mgFormat.format(doseMg)} mg`;
  }
  return {
    amount,
    limits,
    warnings: check.warnings.map((message) =>
      sentence(clinicalWording(relabel(message, DOSE_FIELD_LABELS), drug, route)),
    ),
    errors: check.errors.map((message) =>
      sentence(clinicalWording(relabel(message, DOSE_FIELD_LABELS), drug, route)),
    ),
  };
}

/** checkDose names the row as "ketamine iv"; a clinician reads "IV ketamine". */
function clinicalWording(message: string, drug: Drug, route: Route): string {
  return message.replace(`for ${drug} ${route}`, `for ${ROUTE_IN_SENTENCE[route]} ${drug}`);
}

/** Capitalized first letter ("route must be …" → "Route must be …"). */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
