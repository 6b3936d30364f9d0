import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { newViewId, pageViewInterceptor } from './page-view';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankPage {}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('page views (X-View-Id)', () => {
  let http: HttpClient;
  let httpTesting: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([pageViewInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'a', component: BlankPage },
          { path: 'b', component: BlankPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    httpTesting = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => httpTesting.verify());

  function viewIdOf(url: string): string | null {
    http.get(url).subscribe();
    const request = httpTesting.expectOne(url);
    request.flush({});
    return request.request.headers.get('X-View-Id');
  }

  it('makes version-4 UUIDs, each new', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newViewId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('sends the same id for every request of one page, and a new one after navigating', async () => {
    await router.navigateByUrl('/a');
    const first = viewIdOf('/api/v1/patients/1');
    expect(first).toMatch(UUID_V4);
    expect(viewIdOf('/api/v1/patients/1/phq9')).toBe(first);

    await router.navigateByUrl('/b');
    const second = viewIdOf('/api/v1/patients/1');
    expect(second).toMatch(UUID_V4);
    expect(second).not.toBe(first);
  });

  it('never sends it to another origin', () => {
    expect(viewIdOf('https://example.org/x')).toBeNull();
  });
});
