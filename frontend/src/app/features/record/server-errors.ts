import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@clinic/shared';

/** A failed write, sorted for the form: messages naming a field go next to it, the rest on top. */
export interface ServerErrors {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  /** Messages by field key (e.g. `mrn`, `items.8`), the field name replaced by its label. */
  fields: Record<string, string[]>;
  /** Messages that name no field of the form. */
  general: string[];
}

export const NO_ERRORS: ServerErrors = { status: 200, fields: {}, general: [] };

/** The `message` of the API error body (API.md: a string or a list of strings), as a list. */
export function apiMessages(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return [];
  }
  const body = error.error as Partial<ApiError> | null;
  const message = body && typeof body === 'object' ? body.message : undefined;
  if (Array.isArray(message)) {
    return message.map(String);
  }
  return typeof message === 'string' && message !== '' ? [message] : [];
}

/** What to say when the answer carries no usable message. */
function fallbackMessage(status: number): string {
  if (status === 0) {
    return 'Cannot reach the server. Check the network connection and try again; nothing was saved.';
  }
  if (status === 403) {
    return 'Your role may not do this.';
  }
  if (status === 404) {
    return 'This record was not found in your clinics.';
  }
  if (status >= 500) {
    return 'The server could not save this. Try again in a minute.';
  }
  return 'The server refused this. Check the form and try again.';
}

/**
 * The field a message names by its first word (`"doseMg 1.2 mg/kg exceeds ..."` names `doseMg`),
 * with the field name replaced by its label (`"Dose 1.2 mg/kg exceeds ..."`); null when the first
 * word is no field of `labels`. Indexed fields (`items.8 must ...`) match `items.8`, then `items`.
 */
export function namedField(
  message: string,
  labels: Readonly<Record<string, string>>,
): { key: string; text: string } | null {
  const match = /^([A-Za-z][A-Za-z0-9]*)(\.\d+)?(?=\s)/.exec(message);
  if (!match) {
    return null;
  }
  const indexed = `${match[1]}${match[2] ?? ''}`;
  const key = indexed in labels ? indexed : match[1] in labels ? match[1] : null;
  return key === null ? null : { key, text: `${labels[key]}${message.slice(match[0].length)}` };
}

/** A message with the field it names replaced by the field's label (unchanged otherwise). */
export function relabel(message: string, labels: Readonly<Record<string, string>>): string {
  return namedField(message, labels)?.text ?? message;
}

/**
 * Sorts the server's messages by the field they name. A message such as
 * `"mrn may hold letters, digits and . _ / - only"` names the field by its first word; with
 * `labels = { mrn: 'MRN' }` it becomes `"MRN may hold letters, digits and . _ / - only"` under
 * `fields.mrn`.
 */
export function serverErrors(
  error: unknown,
  labels: Readonly<Record<string, string>>,
): ServerErrors {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  const messages = status === 0 || status >= 500 ? [] : apiMessages(error);
  for (const message of messages) {
    const named = namedField(message, labels);
    if (named) {
      (fields[named.key] ??= []).push(named.text);
    } else {
      general.push(message);
    }
  }
  if (messages.length === 0) {
    general.push(fallbackMessage(status));
  }
  return { status, fields, general };
}
