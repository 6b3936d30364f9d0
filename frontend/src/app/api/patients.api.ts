import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreatePatientRequest, ListResponse, PatientDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { writeHeaders } from './http';

export interface PatientListQuery {
  clinicId: string;
  /** Name or MRN; omitted when blank. */
  search?: string;
  limit: number;
  offset: number;
}

/** `/api/v1/patients`: the clinic's patients, read, and registering one (psychiatrists). */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  /**
   * A page of the clinic's patients. With a search term the request is a POST with the term in
   * its body (`/patients/search`): a name typed into the search box never travels in a URL, where
   * proxies and server logs would keep it.
   */
  list(query: PatientListQuery): Observable<ListResponse<PatientDto>> {
    const search = query.search?.trim();
    if (search) {
      return this.http.post<ListResponse<PatientDto>>(`${API_BASE}/patients/search`, {
        clinicId: query.clinicId,
        search,
        limit: query.limit,
        offset: query.offset,
      });
    }
    const params = new HttpParams()
      .set('clinicId', query.clinicId)
      .set('limit', query.limit)
      .set('offset', query.offset);
    return this.http.get<ListResponse<PatientDto>>(`${API_BASE}/patients`, { params });
  }

  get(id: string): Observable<PatientDto> {
    return this.http.get<PatientDto>(`${API_BASE}/patients/${encodeURIComponent(id)}`);
  }

  /** 201 with the patient; 409 when the MRN is already used in the clinic. */
  create(request: CreatePatientRequest, idempotencyKey?: string): Observable<PatientDto> {
    return this.http.post<PatientDto>(`${API_BASE}/patients`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }
}
