import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CourseKind, Drug, IsoDate, OutcomesDto, Route } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

export interface OutcomesQuery {
  clinicId: string;
  /** First session of the cohort's patients on or after this date. */
  from?: IsoDate | null;
  /** ... and on or before this date. */
  to?: IsoDate | null;
  drug?: Drug | null;
  route?: Route | null;
  /** v2: the courses' protocol. */
  protocolId?: string | null;
  /** v2: initial courses or re-inductions. */
  kind?: CourseKind | null;
}

/** `/api/v1/outcomes`: the clinic's outcome metrics (CLINICAL.md s6). */
@Injectable({ providedIn: 'root' })
export class OutcomesApi {
  private readonly http = inject(HttpClient);

  get(query: OutcomesQuery): Observable<OutcomesDto> {
    let params = new HttpParams().set('clinicId', query.clinicId);
    for (const key of ['from', 'to', 'drug', 'route', 'protocolId', 'kind'] as const) {
      const value = query[key];
      if (value) {
        params = params.set(key, value);
      }
    }
    return this.http.get<OutcomesDto>(`${API_BASE}/outcomes`, { params });
  }
}
