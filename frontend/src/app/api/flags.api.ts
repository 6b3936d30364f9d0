import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FlagCategory,
  FlagDto,
  FlagListItemDto,
  FlagSeverity,
  FlagStatus,
  ListResponse,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './http';

export interface FlagListQuery {
  clinicId?: string;
  patientId?: string;
  status?: FlagStatus;
  category?: FlagCategory;
  severity?: FlagSeverity;
  /** 1-200 (API.md). */
  limit?: number;
  offset?: number;
}

/** `/api/v1/flags`: flags raised by the signals engine, and the acknowledge / resolve workflow. */
@Injectable({ providedIn: 'root' })
export class FlagsApi {
  private readonly http = inject(HttpClient);

  /** Newest first, each with its patient's name and MRN and its session's follow-ups. */
  list(query: FlagListQuery): Observable<ListResponse<FlagListItemDto>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query) as [string, string | number | undefined][]) {
      if (value !== undefined && value !== '') {
        params = params.set(key, value);
      }
    }
    return this.http.get<ListResponse<FlagListItemDto>>(`${API_BASE}/flags`, { params });
  }

  /** One page of one patient's flags (open, acknowledged and resolved), newest first. */
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

  /**
   * 403 for a nurse on misuse.* / tolerance.*; 422 when the flag is no longer open; 412 when
   * `version` (the one the user saw) is no longer the flag's.
   */
  acknowledge(id: string, note?: string, version?: number): Observable<FlagDto> {
    return this.http.post<FlagDto>(
      `${API_BASE}/flags/${encodeURIComponent(id)}/acknowledge`,
      note ? { note } : {},
      { headers: ifMatchHeaders(version) },
    );
  }

  /**
   * The note is required (what was done about it); 412 as for acknowledge. A PHQ-9 item-9 flag
   * without a C-SSRS screener at or after its PHQ-9 is 422, unless a psychiatrist gives
   * `noScreenerReason` (API.md "Suicide risk").
   */
  resolve(
    id: string,
    note: string,
    version?: number,
    noScreenerReason?: string,
  ): Observable<FlagDto> {
    return this.http.post<FlagDto>(
      `${API_BASE}/flags/${encodeURIComponent(id)}/resolve`,
      noScreenerReason ? { note, noScreenerReason } : { note },
      { headers: ifMatchHeaders(version) },
    );
  }
}
