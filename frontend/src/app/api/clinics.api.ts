import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ClinicDto, ListResponse } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `/api/v1/clinics`: the clinics the signed-in user belongs to. */
@Injectable({ providedIn: 'root' })
export class ClinicsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ListResponse<ClinicDto>> {
    return this.http.get<ListResponse<ClinicDto>>(`${API_BASE}/clinics`);
  }
}
