import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

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
