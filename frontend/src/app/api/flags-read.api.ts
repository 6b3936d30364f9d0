import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FlagDto, ListResponse } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `GET /api/v1/flags?patientId=`: one patient's flags (open, acknowledged and resolved), read. */
@Injectable({ providedIn: 'root' })
export class FlagsReadApi {
  private readonly http = inject(HttpClient);

  /** One page of the patient's flags, newest first. */
  listForPatient(
    patientId: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<FlagDto>> {
    const params = new HttpParams()
      .set('patientId', patientId)
      .set('limit', limit)
      .set('offset', offset);
    return this.http.get<ListResponse<FlagDto>>(`${API_BASE}/flags`, { params });
  }
}
