import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AuditEntryDto, IsoDateTime, ListResponse } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

export interface AuditQuery {
  clinicId: string;
  patientId?: string | null;
  actorId?: string | null;
  /** Inclusive. */
  from?: IsoDateTime | null;
  /** Exclusive. */
  to?: IsoDateTime | null;
  limit: number;
  offset: number;
}

/** `/api/v1/audit`: who did what to which record, newest first (managers: their clinics). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(query: AuditQuery): Observable<ListResponse<AuditEntryDto>> {
    let params = new HttpParams()
      .set('clinicId', query.clinicId)
      .set('limit', query.limit)
      .set('offset', query.offset);
    for (const key of ['patientId', 'actorId', 'from', 'to'] as const) {
      const value = query[key];
      if (value) {
        params = params.set(key, value);
      }
    }
    return this.http.get<ListResponse<AuditEntryDto>>(`${API_BASE}/audit`, { params });
  }
}
