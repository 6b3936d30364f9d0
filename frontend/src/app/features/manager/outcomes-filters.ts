import {
  COURSE_KINDS,
  type CourseKind,
  DRUGS,
  type Drug,
  type OutcomesDto,
  ROUTES,
  type Route,
} from '@clinic/shared';

import { COURSE_KIND_LABELS } from '../../ui/course-wording';
import { DRUG_LABELS, ROUTE_LABELS } from '../../ui/labels';

/** The outcome report's filters as the form holds them ('' = any). */
export interface OutcomesFilters {
  from: string;
  to: string;
  drug: Drug | '';
  route: Route | '';
  /** v2 (CLINICAL.md s6): the courses' protocol ('' = any). */
  protocolId: string;
  /** v2: initial courses or re-inductions ('' = both). */
  kind: CourseKind | '';
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
  return { from: isoDate(from), to: isoDate(today), drug: '', route: '', protocolId: '', kind: '' };
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

export function asKind(value: string): CourseKind | '' {
  return (COURSE_KINDS as readonly string[]).includes(value) ? (value as CourseKind) : '';
}

export function asRoute(value: string): Route | '' {
  return (ROUTES as readonly string[]).includes(value) ? (value as Route) : '';
}

/** Whether two sets of filters ask for the same report. */
export function sameFilters(a: OutcomesFilters, b: OutcomesFilters): boolean {
  return (
    a.from === b.from &&
    a.to === b.to &&
    a.drug === b.drug &&
    a.route === b.route &&
    a.protocolId === b.protocolId &&
    a.kind === b.kind
  );
}

/**
 * What a report is of, in words, from the filters the server answered with, e.g.
 * "Riverside Clinic · first session 2025-12-03 to 2026-12-03 · esketamine · all routes", then the
 * protocol and the kind of course when chosen (v2).
 */
export function describeOutcomesFilters(
  filters: OutcomesDto['filters'],
  clinicName: string | null,
  protocolName: string | null = null,
): string {
  const period =
    filters.from && filters.to
      ? `first session ${filters.from} to ${filters.to}`
      : filters.from
        ? `first session from ${filters.from}`
        : filters.to
          ? `first session up to ${filters.to}`
          : 'first session at any date';
  return [
    clinicName ?? (filters.clinicId === null ? 'all your clinics' : 'this clinic'),
    period,
    filters.drug ? DRUG_LABELS[filters.drug] : 'all drugs',
    filters.route ? ROUTE_LABELS[filters.route] : 'all routes',
    ...(filters.protocolId ? [protocolName ?? 'one protocol'] : []),
    ...(filters.kind ? [COURSE_KIND_LABELS[filters.kind]] : []),
  ].join(' · ');
}
