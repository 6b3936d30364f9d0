import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ListResponse, SessionDto, SessionSummaryDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `/api/v1/patients/:id/sessions` and `/api/v1/sessions/:id`: dosing sessions, read. */
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
    return this.http.get<SessionDto>(`${API_BASE}/sessions/${encodeURIComponent(sessionId)}`);
  }
}
