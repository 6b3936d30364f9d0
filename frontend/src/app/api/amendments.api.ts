import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AmendableResource, EnteredInErrorDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { ifMatchHeaders } from './http';

/** The URL segment of each record that can be marked entered in error (API.md). */
export const AMENDABLE_PATHS: Readonly<Record<AmendableResource, string>> = {
  session: 'sessions',
  observation: 'observations',
  side_effect: 'side-effects',
  phq9: 'phq9',
  risk_event: 'risk-events',
};

/** `POST /{resource}/:id/entered-in-error`: records are marked, never deleted. */
@Injectable({ providedIn: 'root' })
export class AmendmentsApi {
  private readonly http = inject(HttpClient);

  /**
   * 200 with the mark; 403 a role that may not (sessions: psychiatrists only); 422 already marked;
   * 412 when `version` (sessions) is no longer the record's.
   */
  markEnteredInError(
    resource: AmendableResource,
    id: string,
    reason: string,
    version?: number,
  ): Observable<EnteredInErrorDto> {
    return this.http.post<EnteredInErrorDto>(
      `${API_BASE}/${AMENDABLE_PATHS[resource]}/${encodeURIComponent(id)}/entered-in-error`,
      { reason },
      { headers: ifMatchHeaders(version) },
    );
  }
}
