import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import type { ApiError } from '@clinic/shared';

/*
 * The HTTP conventions every client and form shares (API.md, "Conventions"): the headers of a
 * write (Idempotency-Key, If-Match), the 412 of a stale version, and the error body read as
 * messages.
 */

/** The headers of a write: the caller's Idempotency-Key and the version it saw, when it has them. */
export function writeHeaders(options: { idempotencyKey?: string; version?: number }): HttpHeaders {
  const headers = options.idempotencyKey
    ? new HttpHeaders({ 'Idempotency-Key': options.idempotencyKey })
    : new HttpHeaders();
  return ifMatchHeaders(options.version, headers);
}

/**
 * `If-Match: "<version>"` for a write on a versioned record (API.md): the server answers 412 when
 * someone else changed the record since the user saw that version.
 */
export function ifMatchHeaders(version: number | undefined, base = new HttpHeaders()): HttpHeaders {
  return version === undefined ? base : base.set('If-Match', `"${String(version)}"`);
}

/** True for the server's 412: the record changed since the version the screen showed. */
export function isStale(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 412;
}

/**
 * Idempotency keys for writes (API.md: a retry with the same key and body creates nothing). The
 * same key is sent again only for the same body, so a retry after a lost answer cannot record
 * twice, and a corrected form is a new write.
 */
export class IdempotencyKeys {
  private last: { body: string; key: string } | null = null;

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (this.last?.body !== json) {
      this.last = { body: json, key: randomKey() };
    }
    return this.last.key;
  }

  /** The write went through: the next one is new. */
  settled(): void {
    this.last = null;
  }
}

/**
 * 128 random bits as hex. crypto.getRandomValues, not randomUUID: clinics may serve the dashboard
 * over plain http on their network, where randomUUID does not exist.
 */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

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

/**
 * The server's refusal as a list of messages for a one-line notice (400: by field; 422: what the
 * clinical state refuses); `fallback` when the answer carries none.
 */
export function errorMessages(error: unknown, fallback: string): string[] {
  if (error instanceof HttpErrorResponse && error.status === 0) {
    return ['The server could not be reached. Check the connection and try again.'];
  }
  const messages = apiMessages(error);
  return messages.length > 0 ? messages : [fallback];
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
