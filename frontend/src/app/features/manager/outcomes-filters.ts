import { DRUGS, type Drug, ROUTES, type Route } from '@clinic/shared';

/** The outcome report's filters as the form holds them ('' = any). */
export interface OutcomesFilters {
  from: string;
  to: string;
  drug: Drug | '';
  route: Route | '';
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** A local calendar date as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last 12 months up to today: the usual period of a clinic's report. */
export function defaultOutcomesFilters(today: Date): OutcomesFilters {
  const from = new Date(today);
  from.setFullYear(from.getFullYear() - 1);
  return { from: isoDate(from), to: isoDate(today), drug: '', route: '' };
}

/** What is wrong with the filters, by field (empty = fine). */
export function outcomesFilterErrors(
  filters: OutcomesFilters,
): Partial<Record<'from' | 'to', string>> {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const errors: Partial<Record<'from' | 'to', string>> = {};
  if (filters.from !== '' && !date.test(filters.from)) {
    errors.from = 'Enter a date, or leave empty.';
  }
  if (filters.to !== '' && !date.test(filters.to)) {
    errors.to = 'Enter a date, or leave empty.';
  }
  if (
    !errors.from &&
    !errors.to &&
    filters.from !== '' &&
    filters.to !== '' &&
    filters.from > filters.to
  ) {
    errors.to = 'The end of the period must not be before its start.';
  }
  return errors;
}

export function asDrug(value: string): Drug | '' {
  return (DRUGS as readonly string[]).includes(value) ? (value as Drug) : '';
}

export function asRoute(value: string): Route | '' {
  return (ROUTES as readonly string[]).includes(value) ? (value as Route) : '';
}
