import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreatePatientRequest, PatientDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** `POST /api/v1/patients` (psychiatrists): register a patient. Reads live in PatientsApi. */
@Injectable({ providedIn: 'root' })
export class PatientsWriteApi {
  private readonly http = inject(HttpClient);

  /** 201 with the patient; 409 when the MRN is already used in the clinic. */
  create(request: CreatePatientRequest, idempotencyKey?: string): Observable<PatientDto> {
    return this.http.post<PatientDto>(`${API_BASE}/patients`, request, {
      headers: idempotencyKey
        ? new HttpHeaders({ 'Idempotency-Key': idempotencyKey })
        : new HttpHeaders(),
    });
  }
}
