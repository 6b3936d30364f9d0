import type { AuditAction, AuditDetails, AuditOutcome } from '@clinic/shared';

import type { AuditQuery } from '../../api/audit.api';
import { localInputToIso } from '../../ui/local-time';

export const AUDIT_PAGE_SIZE = 50;

/** The audit log's filters as the form holds them ('' = any). */
export interface AuditFilters {
  patientId: string;
  actorId: string;
  /** Local calendar dates, YYYY-MM-DD; both days included. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { patientId: '', actorId: '', from: '', to: '' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type AuditFilterErrors = Partial<Record<keyof AuditFilters, string>>;

export function auditFilterErrors(filters: AuditFilters): AuditFilterErrors {
  const errors: AuditFilterErrors = {};
  if (filters.patientId.trim() !== '' && !UUID.test(filters.patientId.trim())) {
    errors.patientId = 'Enter the full patient id (36 characters, as shown on the patient record).';
  }
  if (filters.actorId.trim() !== '' && !UUID.test(filters.actorId.trim())) {
    errors.actorId = 'Enter the full user id (36 characters).';
  }
  if (filters.from !== '' && !DATE.test(filters.from)) {
    errors.from = 'Enter a date, or leave empty.';
  }
  if (filters.to !== '' && !DATE.test(filters.to)) {
    errors.to = 'Enter a date, or leave empty.';
  }
  if (
    !errors.from &&
    !errors.to &&
    filters.from !== '' &&
    filters.to !== '' &&
    filters.from > filters.to
  ) {
    errors.to = 'The last day must not be before the first.';
  }
  return errors;
}

/** Midnight at the start of a YYYY-MM-DD day (`days` later) in `timeZone`, as ISO (UTC). */
function startOfDay(date: string, timeZone: string | undefined, days = 0): string | null {
  const match = DATE.exec(date);
  if (!match) {
    return null;
  }
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return localInputToIso(`${day.toISOString().slice(0, 10)}T00:00`, timeZone);
}

/**
 * The API query of a page: the days as a [from, to + 1 day) range in the clinic's time zone
 * (else the device's), ids trimmed.
 */
export function auditQuery(
  clinicId: string,
  filters: AuditFilters,
  offset: number,
  timeZone?: string,
): AuditQuery {
  return {
    clinicId,
    patientId: filters.patientId.trim() || null,
    actorId: filters.actorId.trim() || null,
    from: filters.from ? startOfDay(filters.from, timeZone) : null,
    to: filters.to ? startOfDay(filters.to, timeZone, 1) : null,
    limit: AUDIT_PAGE_SIZE,
    offset,
  };
}

/** "51–100 of 1,234". */
export function pageRange(offset: number, count: number, total: number): string {
  const number = new Intl.NumberFormat('en-GB');
  if (count === 0) {
    return `0 of ${number.format(total)}`;
  }
  return `${number.format(offset + 1)}–${number.format(offset + count)} of ${number.format(total)}`;
}

/** The first 8 characters of an id, enough to tell entries apart on screen. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  read: 'Read',
  search: 'Search',
  create: 'Create',
  update: 'Update',
  entered_in_error: 'Entered in error',
  start: 'Start dose',
  cancel: 'Cancel order',
  acknowledge: 'Acknowledge flag',
  resolve: 'Resolve flag',
  discharge: 'Discharge',
  export: 'Export',
  login: 'Sign in',
  login_failed: 'Sign-in failed',
  logout: 'Sign out',
  access_denied: 'Access denied',
  admin: 'Administration',
};

export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Success',
  failure: 'Failure',
  denied: 'Denied',
};

function auditValue(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(auditValue).join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/**
 * What a change did, one line per field ("discharge.spo2Min: 92 → 94"), then the reason given:
 * the before/after the server keeps for administration and threshold changes (API.md v2).
 */
export function auditDetailLines(details: AuditDetails | null): string[] {
  if (!details) return [];
  const fields = [...new Set([...Object.keys(details.before), ...Object.keys(details.after)])];
  const lines = fields.map(
    (field) =>
      `${field}: ${auditValue(details.before[field])} → ${auditValue(details.after[field])}`,
  );
  if (details.reason) lines.push(`Reason: ${details.reason}`);
  return lines;
}
