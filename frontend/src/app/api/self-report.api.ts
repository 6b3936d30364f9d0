import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SelfReportInfoDto, SelfReportRequest, SelfReportResultDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** The patient's public follow-up endpoints: the link's token is the only key (no sign-in). */
@Injectable({ providedIn: 'root' })
export class SelfReportApi {
  private readonly http = inject(HttpClient);

  describe(token: string): Observable<SelfReportInfoDto> {
    return this.http.get<SelfReportInfoDto>(`${API_BASE}/self-report/${encodeURIComponent(token)}`);
  }

  submit(token: string, body: SelfReportRequest): Observable<SelfReportResultDto> {
    return this.http.post<SelfReportResultDto>(
      `${API_BASE}/self-report/${encodeURIComponent(token)}`,
      body,
    );
  }
}
