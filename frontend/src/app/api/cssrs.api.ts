import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateCssrsRequest, CssrsDto, ListResponse } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { writeHeaders } from './http';

/**
 * `/api/v1/patients/:id/cssrs` (API.md "Suicide risk"): C-SSRS screeners. Psychiatrists and
 * nurses record; every clinical role reads. The server computes the risk level.
 */
@Injectable({ providedIn: 'root' })
export class CssrsApi {
  private readonly http = inject(HttpClient);

  /** One page of the patient's screeners, newest first. */
  list(patientId: string, limit: number, offset: number): Observable<ListResponse<CssrsDto>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<CssrsDto>>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/cssrs`,
      { params },
    );
  }

  /** 201 with the screener and its risk; with an Idempotency-Key a retry records nothing twice. */
  create(
    patientId: string,
    request: CreateCssrsRequest,
    idempotencyKey?: string,
  ): Observable<CssrsDto> {
    return this.http.post<CssrsDto>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/cssrs`,
      request,
      { headers: writeHeaders({ idempotencyKey }) },
    );
  }
}
