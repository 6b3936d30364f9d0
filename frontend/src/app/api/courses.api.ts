import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CoursePhaseRequest,
  CourseDto,
  CourseListResponse,
  CourseSummaryDto,
  CreateCourseRequest,
  CreateProtocolRequest,
  CreateScreeningRequest,
  EndCourseRequest,
  ListResponse,
  ProtocolDto,
  ScreeningDto,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';
import { writeHeaders } from './http';

/**
 * Treatment courses (API.md "v2 additions > Treatment courses"): the protocols (built-in
 * templates and the clinic's), the psychiatrist's screening before a course, and the courses
 * with their phases. Response per course is on `AssessmentsApi.response(patientId, courseId)`.
 */
@Injectable({ providedIn: 'root' })
export class CoursesApi {
  private readonly http = inject(HttpClient);

  /** `GET /protocols?clinicId=`: the built-in templates of CLINICAL.md s8 and the clinic's own. */
  protocols(clinicId: string): Observable<ListResponse<ProtocolDto>> {
    const params = new HttpParams().set('clinicId', clinicId);
    return this.http.get<ListResponse<ProtocolDto>>(`${API_BASE}/protocols`, { params });
  }

  /** `POST /protocols` (psychiatrist, manager): 201 with the clinic's protocol. */
  createProtocol(request: CreateProtocolRequest, idempotencyKey?: string): Observable<ProtocolDto> {
    return this.http.post<ProtocolDto>(`${API_BASE}/protocols`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  /** `POST /patients/:id/screenings` (psychiatrist): 201 with the result and contraindications. */
  createScreening(
    patientId: string,
    request: CreateScreeningRequest,
    idempotencyKey?: string,
  ): Observable<ScreeningDto> {
    return this.http.post<ScreeningDto>(`${this.patientUrl(patientId)}/screenings`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  /** `GET /patients/:id/screenings`: newest first. */
  screenings(patientId: string, limit = 20, offset = 0): Observable<ListResponse<ScreeningDto>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<ListResponse<ScreeningDto>>(`${this.patientUrl(patientId)}/screenings`, {
      params,
    });
  }

  /** `POST /patients/:id/courses`: 422 with the reason when the course may not start. */
  createCourse(
    patientId: string,
    request: CreateCourseRequest,
    idempotencyKey?: string,
  ): Observable<CourseDto> {
    return this.http.post<CourseDto>(`${this.patientUrl(patientId)}/courses`, request, {
      headers: writeHeaders({ idempotencyKey }),
    });
  }

  /** `GET /patients/:id/courses`: the patient's courses (a patient has few: one request). */
  courses(patientId: string, limit = 100, offset = 0): Observable<CourseListResponse> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http.get<CourseListResponse>(`${this.patientUrl(patientId)}/courses`, { params });
  }

  course(courseId: string): Observable<CourseDto> {
    return this.http.get<CourseDto>(`${API_BASE}/courses/${encodeURIComponent(courseId)}`);
  }

  /** `POST /courses/:id/phase`: to maintenance (a reason when before the induction count). */
  moveToMaintenance(
    courseId: string,
    request: CoursePhaseRequest,
    version?: number,
  ): Observable<CourseDto> {
    return this.http.post<CourseDto>(
      `${API_BASE}/courses/${encodeURIComponent(courseId)}/phase`,
      request,
      { headers: writeHeaders({ version }) },
    );
  }

  /** `POST /courses/:id/end` with the reason (If-Match: the version the screen showed). */
  end(courseId: string, request: EndCourseRequest, version?: number): Observable<CourseDto> {
    return this.http.post<CourseDto>(
      `${API_BASE}/courses/${encodeURIComponent(courseId)}/end`,
      request,
      { headers: writeHeaders({ version }) },
    );
  }

  /**
   * `GET /patients/:id/course-summary?courseId=`: the printable course summary (API.md "REMS and
   * printing (v2)"); without a course id, the latest course.
   */
  summary(patientId: string, courseId?: string | null): Observable<CourseSummaryDto> {
    const params = courseId ? new HttpParams().set('courseId', courseId) : new HttpParams();
    return this.http.get<CourseSummaryDto>(`${this.patientUrl(patientId)}/course-summary`, {
      params,
    });
  }

  private patientUrl(patientId: string): string {
    return `${API_BASE}/patients/${encodeURIComponent(patientId)}`;
  }
}
