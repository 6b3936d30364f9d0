import type {
  AuditAction,
  AuditDetails,
  AuditEntryDto,
  AuditOutcome,
  AuditViewDto,
} from '@clinic/shared';

import type { AuditQuery } from '../../api/audit.api';
import { localInputToIso } from '../../ui/local-time';

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit log's filters as the form holds them ('' = any). The patient and the user are chosen
 * from pickers (by name) and sent by id; the patient's name stays on screen, never in a URL.
 */
export interface AuditFilters {
  patientId: string;
  /** The chosen patient as listed ("Family, Given"), for the picker's label. */
  patientName: string;
  actorId: string;
  /** The chosen user's name, for a user picked from a row who is not on the clinic's staff list. */
  actorName: string;
  /** Local calendar dates, YYYY-MM-DD; both days included. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  patientId: '',
  patientName: '',
  actorId: '',
  actorName: '',
  from: '',
  to: '',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type AuditFilterErrors = Partial<Record<keyof AuditFilters, string>>;

export function auditFilterErrors(filters: AuditFilters): AuditFilterErrors {
  const errors: AuditFilterErrors = {};
  if (filters.patientId.trim() !== '' && !UUID.test(filters.patientId.trim())) {
    errors.patientId = 'Choose the patient again.';
  }
  if (filters.actorId.trim() !== '' && !UUID.test(filters.actorId.trim())) {
    errors.actorId = 'Choose the user again.';
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

/** A patient a row of the log is about. */
export interface AuditPatient {
  id: string;
  /** "Family, Given"; null when the viewer may not see it. */
  name: string | null;
}

/** The patients of a page view's records, in the order first read. */
export function viewPatients(view: AuditViewDto): AuditPatient[] {
  const seen = new Map<string, AuditPatient>();
  for (const entry of view.entries) {
    if (entry.patientId && !seen.has(entry.patientId)) {
      seen.set(entry.patientId, { id: entry.patientId, name: entry.patientName });
    }
  }
  return [...seen.values()];
}

/** "Read 3, Search 1": what a page view did, by action, in the order first done. */
export function viewActions(view: AuditViewDto): string {
  const counts = new Map<AuditAction, number>();
  for (const entry of view.entries) {
    counts.set(entry.action, (counts.get(entry.action) ?? 0) + 1);
  }
  if (view.entries.length === 1) {
    return AUDIT_ACTION_LABELS[view.entries[0].action];
  }
  return [...counts].map(([action, n]) => `${AUDIT_ACTION_LABELS[action]} ${n}`).join(', ');
}

/** The worst outcome of a row (a refusal is never hidden behind a success). */
export function viewOutcome(view: AuditViewDto): AuditOutcome {
  const outcomes = view.entries.map((entry) => entry.outcome);
  if (outcomes.includes('denied')) return 'denied';
  if (outcomes.includes('failure')) return 'failure';
  return 'success';
}

/** "Marlow, Dora" or, when the viewer may not see names, the id's first characters. */
export function patientLabel(patient: AuditPatient): string {
  return patient.name ?? `Patient ${shortId(patient.id)}`;
}

/** One line of a page view's record list: "session · Marlow, Dora". */
export function recordLine(entry: AuditEntryDto): string {
  const patient = entry.patientId
    ? ` · ${patientLabel({ id: entry.patientId, name: entry.patientName })}`
    : '';
  return `${AUDIT_ACTION_LABELS[entry.action]} ${entry.resourceType}${patient}`;
}
