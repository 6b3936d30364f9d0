import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ClinicDto, ListResponse } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `/api/v1/clinics`: the clinics the signed-in user belongs to (administrators: all). */
@Injectable({ providedIn: 'root' })
export class ClinicsApi {
  private readonly http = inject(HttpClient);

  /** A page of clinics (administrators: every clinic); without arguments, the API's first page. */
  list(limit?: number, offset?: number): Observable<ListResponse<ClinicDto>> {
    let params = new HttpParams();
    if (limit !== undefined) params = params.set('limit', limit);
    if (offset !== undefined) params = params.set('offset', offset);
    return this.http.get<ListResponse<ClinicDto>>(`${API_BASE}/clinics`, { params });
  }
}
