import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ClinicThresholdsDto,
  CreatePhq9Request,
  ListResponse,
  PatientResponseDto,
  Phq9Dto,
  RiskEventDto,
  SideEffectDto,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { writeHeaders } from './http';

/**
 * A patient's assessments: PHQ-9s (read and recorded), the 24-72 h response, side effects and risk events
 * (`/api/v1/patients/:id/...`), and the clinic thresholds the response was computed with.
 */
@Injectable({ providedIn: 'root' })
export class AssessmentsApi {
  private readonly http = inject(HttpClient);

  /** One page of PHQ-9s, newest first. */
  listPhq9(patientId: string, limit: number, offset: number): Observable<ListResponse<Phq9Dto>> {
    return this.page<Phq9Dto>(patientId, 'phq9', limit, offset);
  }

  /**
   * `POST /patients/:id/phq9`: the server scores it and runs the rules. With an Idempotency-Key,
   * a retry after a lost answer records nothing twice.
   */
  createPhq9(
    patientId: string,
    request: CreatePhq9Request,
    idempotencyKey?: string,
  ): Observable<Phq9Dto> {
    return this.http.post<Phq9Dto>(`${this.patientUrl(patientId)}/phq9`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  /**
   * Course baseline, status, best change and each session's 24-h and 72-h points (CLINICAL.md s5),
   * of one course (`?courseId=`, v2); without it the server answers for the latest course.
   */
  response(patientId: string, courseId?: string | null): Observable<PatientResponseDto> {
    const url = `${this.patientUrl(patientId)}/response`;
    return courseId
      ? this.http.get<PatientResponseDto>(url, {
          params: new HttpParams().set('courseId', courseId),
        })
      : this.http.get<PatientResponseDto>(url);
  }

  listSideEffects(
    patientId: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<SideEffectDto>> {
    return this.page<SideEffectDto>(patientId, 'side-effects', limit, offset);
  }

  listRiskEvents(
    patientId: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<RiskEventDto>> {
    return this.page<RiskEventDto>(patientId, 'risk-events', limit, offset);
  }

  /**
   * `GET /clinics/:id/thresholds`: the response windows and cut-offs in force at the patient's
   * clinic, so the chart draws the same lines the server's status used.
   */
  clinicThresholds(clinicId: string): Observable<ClinicThresholdsDto> {
    return this.http.get<ClinicThresholdsDto>(
      `${API_BASE}/clinics/${encodeURIComponent(clinicId)}/thresholds`,
    );
  }

  private page<T>(
    patientId: string,
    resource: string,
    limit: number,
    offset: number,
  ): Observable<ListResponse<T>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<T>>(`${this.patientUrl(patientId)}/${resource}`, { params });
  }

  private patientUrl(patientId: string): string {
    return `${API_BASE}/patients/${encodeURIComponent(patientId)}`;
  }
}
