import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateObservationRequest,
  CreateSideEffectRequest,
  DischargeReadinessDto,
  DischargeRequest,
  ObservationDto,
  SessionDto,
  SideEffectDto,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './if-match';

const sessionUrl = (sessionId: string): string =>
  `${API_BASE}/sessions/${encodeURIComponent(sessionId)}`;

/** An `Idempotency-Key` header: a retry with the same key and body creates nothing new. */
function idempotency(key: string | undefined): { headers?: HttpHeaders } {
  return key ? { headers: new HttpHeaders({ 'Idempotency-Key': key }) } : {};
}

/**
 * Monitoring of a dosing session on site (`/api/v1/sessions/:id`): the session with its
 * observations, side effects and flags; recording observations and side effects; discharge.
 */
@Injectable({ providedIn: 'root' })
export class ObservationsApi {
  private readonly http = inject(HttpClient);

  session(sessionId: string): Observable<SessionDto> {
    return this.http.get<SessionDto>(sessionUrl(sessionId));
  }

  record(
    sessionId: string,
    request: CreateObservationRequest,
    idempotencyKey?: string,
  ): Observable<ObservationDto> {
    return this.http.post<ObservationDto>(
      `${sessionUrl(sessionId)}/observations`,
      request,
      idempotency(idempotencyKey),
    );
  }

  recordSideEffect(
    sessionId: string,
    request: CreateSideEffectRequest,
    idempotencyKey?: string,
  ): Observable<SideEffectDto> {
    return this.http.post<SideEffectDto>(
      `${sessionUrl(sessionId)}/side-effects`,
      request,
      idempotency(idempotencyKey),
    );
  }

  readiness(sessionId: string): Observable<DischargeReadinessDto> {
    return this.http.get<DischargeReadinessDto>(`${sessionUrl(sessionId)}/discharge-readiness`);
  }

  /** 412 when `version` (the session version on screen) is no longer the session's. */
  discharge(
    sessionId: string,
    request: DischargeRequest,
    idempotencyKey?: string,
    version?: number,
  ): Observable<SessionDto> {
    const headers = idempotency(idempotencyKey).headers;
    return this.http.post<SessionDto>(`${sessionUrl(sessionId)}/discharge`, request, {
      headers: ifMatchHeaders(version, headers),
    });
  }
}
