import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateSessionRequest, DischargeRequest, SessionDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './if-match';

/** Headers of a write: the Idempotency-Key when the caller has one (API.md, "Conventions"). */
function writeHeaders(idempotencyKey: string | undefined): HttpHeaders {
  return idempotencyKey
    ? new HttpHeaders({ 'Idempotency-Key': idempotencyKey })
    : new HttpHeaders();
}

/**
 * Dosing sessions, written: order a session (psychiatrists) and discharge (with an override
 * reason before the patient is ready). Reads live in SessionsApi.
 */
@Injectable({ providedIn: 'root' })
export class SessionsWriteApi {
  private readonly http = inject(HttpClient);

  /** `POST /patients/:id/sessions`: 201 session; 400 dose limits and fields; 422 clinical state. */
  create(
    patientId: string,
    request: CreateSessionRequest,
    idempotencyKey?: string,
  ): Observable<SessionDto> {
    return this.http.post<SessionDto>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/sessions`,
      request,
      { headers: writeHeaders(idempotencyKey) },
    );
  }

  /**
   * `POST /sessions/:id/discharge`: 200 session; 422 with the reasons when not ready; 412 when
   * `version` (the session version on screen) is no longer the session's.
   */
  discharge(
    sessionId: string,
    request: DischargeRequest,
    idempotencyKey?: string,
    version?: number,
  ): Observable<SessionDto> {
    return this.http.post<SessionDto>(
      `${API_BASE}/sessions/${encodeURIComponent(sessionId)}/discharge`,
      request,
      { headers: ifMatchHeaders(version, writeHeaders(idempotencyKey)) },
    );
  }
}
