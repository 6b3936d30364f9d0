import type { AbstractControl, ValidationErrors } from '@angular/forms';
import {
  type Drug,
  PLAUSIBLE_RANGES,
  type Route,
  type SessionSummaryDto,
  sessionGiven,
  validateWeightKg,
} from '@clinic/shared';

import { localInputToIso } from '../../ui/local-time';

/** The order form's fields, in the order the first invalid one is looked for. */
export const FIELDS = [
  'drug',
  'route',
  'doseMg',
  'weightKg',
  'startedAt',
  'infusionMinutes',
  'lotNumber',
  'concomitantMedications',
  'notes',
] as const;
export type Field = (typeof FIELDS)[number];

export const SESSION_FIELD_LABELS: Readonly<Record<Field, string>> = {
  drug: 'Drug',
  route: 'Route',
  doseMg: 'Dose',
  weightKg: 'Weight',
  startedAt: 'Start time',
  infusionMinutes: 'Infusion minutes',
  lotNumber: 'Lot number',
  concomitantMedications: 'Concomitant medications',
  notes: 'Notes',
};

/** The server's field names as the form shows them (an order sends the time as plannedAt). */
export const SERVER_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...SESSION_FIELD_LABELS,
  plannedAt: 'Planned time',
};

/**
 * How the time is meant: `planned` orders the session (a nurse starts it after the pre-dose
 * checks); `given` records a dose already given at that time (retrospective entry).
 */
export type Timing = 'planned' | 'given';

export const positive = (control: AbstractControl<number | null>): ValidationErrors | null =>
  control.value === null ? { required: true } : control.value > 0 ? null : { positive: true };

export const weight = (control: AbstractControl<number | null>): ValidationErrors | null =>
  control.value === null || validateWeightKg(control.value).length === 0 ? null : { range: true };

export const localTime = (control: AbstractControl<string>): ValidationErrors | null =>
  localInputToIso(control.value) === null ? { required: true } : null;

/** Splits "sertraline 100 mg, lorazepam" into its entries. */
export function medicationList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The patient's latest dose given (not an order, a cancelled one or one entered in error), of the
 * drug and route when given: what the form pre-fills the dose from.
 */
export function lastGivenSession(
  sessions: readonly SessionSummaryDto[],
  drug?: Drug,
  route?: Route,
): SessionSummaryDto | null {
  const given = sessions
    .filter((s) => sessionGiven(s.status) && s.enteredInError === null)
    .filter(
      (s) => (drug === undefined || s.drug === drug) && (route === undefined || s.route === route),
    )
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  return given[0] ?? null;
}

/** The message of a field the browser checks refuse (null: nothing to say). */
export function clientError(field: Field, control: AbstractControl, timing: Timing): string {
  const range = PLAUSIBLE_RANGES.weightKg;
  switch (field) {
    case 'doseMg':
      return control.hasError('required') ? 'Enter the dose in mg' : 'Enter a dose above 0 mg';
    case 'weightKg':
      return `Weight must be from ${String(range.min)} to ${String(range.max)} kg`;
    case 'startedAt':
      return timing === 'planned'
        ? 'Enter the date and time the dose is planned'
        : 'Enter the date and time the dose was given';
    case 'infusionMinutes':
      return 'Infusion minutes must be from 1 to 240';
    case 'lotNumber':
    case 'notes':
      return `${SESSION_FIELD_LABELS[field]} is too long`;
    case 'drug':
    case 'route':
    case 'concomitantMedications':
      return `Check the ${SESSION_FIELD_LABELS[field].toLowerCase()}`;
  }
}
