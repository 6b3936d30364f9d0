import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CancelSessionRequest,
  StartSessionRequest,
  CreateObservationRequest,
  CreateSessionRequest,
  CreateSideEffectRequest,
  DischargeReadinessDto,
  DischargeRequest,
  ListResponse,
  ObservationDto,
  SessionDto,
  SessionSummaryDto,
  SideEffectDto,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { writeHeaders } from './http';

const sessionUrl = (sessionId: string): string =>
  `${API_BASE}/sessions/${encodeURIComponent(sessionId)}`;

/**
 * Dosing sessions (`/api/v1/patients/:id/sessions`, `/api/v1/sessions/:id`): ordering one
 * (psychiatrists), reading it with its observations, side effects and flags, recording
 * observations and side effects on site, and discharge.
 */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly http = inject(HttpClient);

  /** One page of a patient's sessions, newest first. */
  listForPatient(
    patientId: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<SessionSummaryDto>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<SessionSummaryDto>>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/sessions`,
      { params },
    );
  }

  /** One session with its observations, side effects and flags. */
  get(sessionId: string): Observable<SessionDto> {
    return this.http.get<SessionDto>(sessionUrl(sessionId));
  }

  /** `POST /patients/:id/sessions`: 201 session; 400 dose limits and fields; 422 clinical state. */
  create(
    patientId: string,
    request: CreateSessionRequest,
    idempotencyKey?: string,
  ): Observable<SessionDto> {
    return this.http.post<SessionDto>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/sessions`,
      request,
      { headers: writeHeaders({ idempotencyKey }) },
    );
  }

  recordObservation(
    sessionId: string,
    request: CreateObservationRequest,
    idempotencyKey?: string,
  ): Observable<ObservationDto> {
    return this.http.post<ObservationDto>(`${sessionUrl(sessionId)}/observations`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  recordSideEffect(
    sessionId: string,
    request: CreateSideEffectRequest,
    idempotencyKey?: string,
  ): Observable<SideEffectDto> {
    return this.http.post<SideEffectDto>(`${sessionUrl(sessionId)}/side-effects`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  readiness(sessionId: string): Observable<DischargeReadinessDto> {
    return this.http.get<DischargeReadinessDto>(`${sessionUrl(sessionId)}/discharge-readiness`);
  }

  /**
   * `POST /sessions/:id/discharge`: 200 session; 422 with the reasons when not ready (an override
   * reason lets a psychiatrist discharge anyway); 412 when `version` (the session version on
   * screen) is no longer the session's.
   */
  discharge(
    sessionId: string,
    request: DischargeRequest,
    idempotencyKey?: string,
    version?: number,
  ): Observable<SessionDto> {
    return this.http.post<SessionDto>(`${sessionUrl(sessionId)}/discharge`, request, {
      headers: writeHeaders({ idempotencyKey, version }),
    });
  }

  /**
   * v2 `POST /sessions/:id/start`: gives an ordered dose. 422 with the failed pre-dose checks (a
   * psychiatrist may send `overrideReason`); 409 when someone started or cancelled it meanwhile;
   * 412 when `version` is no longer the session's.
   */
  start(sessionId: string, request: StartSessionRequest, version?: number): Observable<SessionDto> {
    return this.http.post<SessionDto>(`${sessionUrl(sessionId)}/start`, request, {
      headers: writeHeaders({ version }),
    });
  }

  /** v2 `POST /sessions/:id/cancel`: cancels an order not started (422 once it is in progress). */
  cancel(
    sessionId: string,
    request: CancelSessionRequest,
    version?: number,
  ): Observable<SessionDto> {
    return this.http.post<SessionDto>(`${sessionUrl(sessionId)}/cancel`, request, {
      headers: writeHeaders({ version }),
    });
  }
}
