import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AuditActorDto,
  AuditEntryDto,
  AuditViewDto,
  IsoDateTime,
  ListResponse,
} from '@clinic/shared';
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

/** The query string of a page of the log: ids and times only, never a name. */
function auditParams(query: AuditQuery): HttpParams {
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
  return params;
}

/** `/api/v1/audit`: who did what to which record, newest first (managers: their clinics). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** One row per entry. */
  list(query: AuditQuery): Observable<ListResponse<AuditEntryDto>> {
    return this.http.get<ListResponse<AuditEntryDto>>(`${API_BASE}/audit`, {
      params: auditParams(query),
    });
  }

  /** One row per page view with every record it read (or per entry outside a page view). */
  views(query: AuditQuery): Observable<ListResponse<AuditViewDto>> {
    return this.http.get<ListResponse<AuditViewDto>>(`${API_BASE}/audit/views`, {
      params: auditParams(query),
    });
  }

  /** The clinic's staff, to filter the log by (chosen by name, sent by id). */
  actors(clinicId: string): Observable<ListResponse<AuditActorDto>> {
    return this.http.get<ListResponse<AuditActorDto>>(`${API_BASE}/audit/actors`, {
      params: new HttpParams().set('clinicId', clinicId),
    });
  }
}
