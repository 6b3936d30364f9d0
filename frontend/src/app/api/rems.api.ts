import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ListResponse,
  RemsDueItemDto,
  RemsFormDto,
  RemsFormPatchRequest,
  RemsSubmittedRequest,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './http';

/**
 * The esketamine REMS Patient Monitoring Form (API.md `GET /sessions/:id/rems` and "REMS and
 * printing (v2)"): the form filled from the session, what the staff add, the submission, and the
 * forms due.
 */
@Injectable({ providedIn: 'root' })
export class RemsApi {
  private readonly http = inject(HttpClient);

  private url(sessionId: string): string {
    return `${API_BASE}/sessions/${encodeURIComponent(sessionId)}/rems`;
  }

  form(sessionId: string): Observable<RemsFormDto> {
    return this.http.get<RemsFormDto>(this.url(sessionId));
  }

  /** Provider, setting, corrections; `version` is the form's (0 before anything was recorded). */
  patch(
    sessionId: string,
    request: RemsFormPatchRequest,
    version: number,
  ): Observable<RemsFormDto> {
    return this.http.patch<RemsFormDto>(this.url(sessionId), request, {
      headers: ifMatchHeaders(version),
    });
  }

  markSubmitted(
    sessionId: string,
    request: RemsSubmittedRequest,
    version: number,
  ): Observable<RemsFormDto> {
    return this.http.post<RemsFormDto>(`${this.url(sessionId)}/submitted`, request, {
      headers: ifMatchHeaders(version),
    });
  }

  /** Esketamine sessions whose form is not submitted, oldest first. */
  due(
    clinicId: string | null,
    limit: number,
    offset: number,
  ): Observable<ListResponse<RemsDueItemDto>> {
    let params = new HttpParams().set('limit', limit).set('offset', offset);
    if (clinicId) params = params.set('clinicId', clinicId);
    return this.http.get<ListResponse<RemsDueItemDto>>(`${API_BASE}/rems/due`, { params });
  }
}
