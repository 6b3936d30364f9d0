import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreatePhq9Request, Phq9Dto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/**
 * `POST /api/v1/patients/:id/phq9`: record a PHQ-9 (the server scores it and runs the rules).
 * Reads live in AssessmentsApi.
 */
@Injectable({ providedIn: 'root' })
export class Phq9Api {
  private readonly http = inject(HttpClient);

  /** With an Idempotency-Key, a retry after a lost answer records nothing twice. */
  create(
    patientId: string,
    request: CreatePhq9Request,
    idempotencyKey?: string,
  ): Observable<Phq9Dto> {
    return this.http.post<Phq9Dto>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/phq9`,
      request,
      {
        headers: idempotencyKey
          ? new HttpHeaders({ 'Idempotency-Key': idempotencyKey })
          : new HttpHeaders(),
      },
    );
  }
}
