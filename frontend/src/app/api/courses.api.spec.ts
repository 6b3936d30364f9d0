import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AssessmentsApi } from './assessments.api';
import { CoursesApi } from './courses.api';

describe('CoursesApi', () => {
  let api: CoursesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(CoursesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists the protocols of a clinic', () => {
    api.protocols('clinic-1').subscribe();
    const request = http.expectOne((r) => r.url === '/api/v1/protocols');
    expect(request.request.params.get('clinicId')).toBe('clinic-1');
    request.flush({ items: [], total: 0 });
  });

  it('posts a protocol, a screening and a course with an Idempotency-Key', () => {
    api.createProtocol({} as never, 'key-1').subscribe();
    api.createScreening('p/1', {} as never, 'key-2').subscribe();
    api.createCourse('p1', {} as never, 'key-3').subscribe();
    const protocol = http.expectOne({ method: 'POST', url: '/api/v1/protocols' });
    const screening = http.expectOne({ method: 'POST', url: '/api/v1/patients/p%2F1/screenings' });
    const course = http.expectOne({ method: 'POST', url: '/api/v1/patients/p1/courses' });
    expect(protocol.request.headers.get('Idempotency-Key')).toBe('key-1');
    expect(screening.request.headers.get('Idempotency-Key')).toBe('key-2');
    expect(course.request.headers.get('Idempotency-Key')).toBe('key-3');
    protocol.flush({});
    screening.flush({});
    course.flush({});
  });

  it('reads screenings and courses of a patient, and one course', () => {
    api.screenings('p1').subscribe();
    api.courses('p1').subscribe();
    api.course('c1').subscribe();
    http
      .expectOne((r) => r.url === '/api/v1/patients/p1/screenings')
      .flush({ items: [], total: 0 });
    http.expectOne((r) => r.url === '/api/v1/patients/p1/courses').flush({ items: [], total: 0 });
    http.expectOne('/api/v1/courses/c1').flush({});
  });

  it('moves a course to maintenance and ends it with If-Match', () => {
    api.moveToMaintenance('c1', { phase: 'maintenance', reason: 'early response' }, 3).subscribe();
    api.end('c1', { reason: 'completed' }, 4).subscribe();
    const phase = http.expectOne({ method: 'POST', url: '/api/v1/courses/c1/phase' });
    const end = http.expectOne({ method: 'POST', url: '/api/v1/courses/c1/end' });
    expect(phase.request.body).toEqual({ phase: 'maintenance', reason: 'early response' });
    expect(phase.request.headers.get('If-Match')).toBe('"3"');
    expect(end.request.body).toEqual({ reason: 'completed' });
    expect(end.request.headers.get('If-Match')).toBe('"4"');
    phase.flush({});
    end.flush({});
  });

  it('asks for the response of one course, or of the latest without one', () => {
    const assessments = TestBed.inject(AssessmentsApi);
    assessments.response('p1', 'c1').subscribe();
    assessments.response('p1').subscribe();
    const requests = http.match((r) => r.url === '/api/v1/patients/p1/response');
    expect(requests.map((r) => r.request.params.get('courseId'))).toEqual(['c1', null]);
    requests.forEach((r) => r.flush({}));
  });
});
