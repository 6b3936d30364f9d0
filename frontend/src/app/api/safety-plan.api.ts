import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ListResponse, PutSafetyPlanRequest, SafetyPlanDto } from '@clinic/shared';
import { type Observable, map } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './http';

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
   * The current plan (the newest version); null when the patient has none yet. Read from the
   * versions list rather than GET safety-plan, whose 404 for "no plan yet" (a normal state of
   * every new patient) browsers and monitoring log as a failed request; a 404 here still means
   * the patient is unknown or of another clinic.
   */
  current(patientId: string): Observable<SafetyPlanDto | null> {
    return this.versions(patientId, 1, 0).pipe(map((list) => list.items[0] ?? null));
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
