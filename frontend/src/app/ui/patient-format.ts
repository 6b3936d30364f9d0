import type { PatientDto } from '@clinic/shared';

import { SEX_LABELS } from './labels';

const weightFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "Family, Given", the order clinical lists sort and read by. */
export function patientDisplayName(patient: Pick<PatientDto, 'familyName' | 'givenName'>): string {
  return `${patient.familyName}, ${patient.givenName}`;
}

export function sexLabel(patient: Pick<PatientDto, 'sex'>): string {
  return SEX_LABELS[patient.sex];
}

/** "72.5 kg"; null when no weight is recorded (the template says so in words). */
export function weightLabel(weightKg: number | null): string | null {
  return weightKg === null ? null : `${weightFormat.format(weightKg)} kg`;
}

/** "51–100 of 132" for a page of a list (en dash, as printed). */
export function rangeLabel(offset: number, count: number, total: number): string {
  if (count === 0) {
    return `0 of ${String(total)}`;
  }
  return `${String(offset + 1)}–${String(offset + count)} of ${String(total)}`;
}

/** Whole years from a birth date (YYYY-MM-DD) to `today`, as a clinician counts age. */
export function ageInYears(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - year;
  const beforeBirthday =
    today.getUTCMonth() + 1 < month ||
    (today.getUTCMonth() + 1 === month && today.getUTCDate() < day);
  if (beforeBirthday) {
    age -= 1;
  }
  return age;
}
