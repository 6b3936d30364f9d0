import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ListResponse, PutSafetyPlanRequest, SafetyPlanDto } from '@clinic/shared';
import { type Observable, catchError, of, throwError } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './if-match';

/**
 * `/api/v1/patients/:id/safety-plan` (API.md "Suicide risk"): the patient's Stanley-Brown safety
 * plan, versioned; earlier versions are kept.
 */
@Injectable({ providedIn: 'root' })
export class SafetyPlanApi {
  private readonly http = inject(HttpClient);

  private url(patientId: string): string {
    return `${API_BASE}/patients/${encodeURIComponent(patientId)}/safety-plan`;
  }

  /**
   * The current plan; null when the patient has none yet (the server's 404). The pages load the
   * patient first, so a 404 here is the missing plan, not a patient of another clinic.
   */
  current(patientId: string): Observable<SafetyPlanDto | null> {
    return this.http
      .get<SafetyPlanDto>(this.url(patientId))
      .pipe(
        catchError((error: unknown) =>
          error instanceof HttpErrorResponse && error.status === 404
            ? of(null)
            : throwError(() => error),
        ),
      );
  }

  /**
   * Writes a new version. `version` is the one the user edited (sent as If-Match; none for the
   * first plan): 412 when someone else saved a newer one meanwhile.
   */
  put(
    patientId: string,
    request: PutSafetyPlanRequest,
    version: number | null,
  ): Observable<SafetyPlanDto> {
    return this.http.put<SafetyPlanDto>(this.url(patientId), request, {
      headers: ifMatchHeaders(version ?? undefined),
    });
  }

  /** Earlier versions, newest first. */
  versions(
    patientId: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<SafetyPlanDto>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<SafetyPlanDto>>(`${this.url(patientId)}/versions`, {
      params,
    });
  }
}
