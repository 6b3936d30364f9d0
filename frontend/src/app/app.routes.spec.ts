import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { textOf } from '../testing/dom';
import { RIVERSIDE, aLoginResponse, aUser } from '../testing/fixtures';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';

describe('app routes', () => {
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });

  function signInAs(role: 'psychiatrist' | 'admin'): void {
    TestBed.inject(AuthService).login('user@demo.clinic', 'demo-password').subscribe();
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush(aLoginResponse(aUser({ role, clinicIds: role === 'admin' ? [] : [RIVERSIDE.id] })));
  }

  it.each(['/', '/patients', '/no-such-page'])(
    'sends a signed-out visit to %s to sign-in',
    async (url) => {
      const harness = await RouterTestingHarness.create();

      await harness.navigateByUrl(url);

      expect(TestBed.inject(Router).url).toBe('/sign-in');
      expect(textOf(harness.fixture.nativeElement as HTMLElement, 'h1')).toBe('Sign in');
    },
  );

  it('opens the patient list for clinical staff', async () => {
    signInAs('psychiatrist');
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/');

    expect(TestBed.inject(Router).url).toBe('/patients');
    expect(textOf(harness.fixture.nativeElement as HTMLElement, 'h1')).toBe('Patients');
    httpTesting.expectOne('/api/v1/clinics').flush({ items: [RIVERSIDE], total: 1 });
    httpTesting
      .expectOne((request) => request.url === '/api/v1/patients')
      .flush({ items: [], total: 0 });
    httpTesting.verify();
  });

  it('shows administrators a notice instead of patient records', async () => {
    signInAs('admin');
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/patients');

    const page = harness.fixture.nativeElement as HTMLElement;
    expect(textOf(page, 'h1')).toBe('Administrator account');
    expect(textOf(page, 'main')).toContain('Administrators manage clinics and users');
    httpTesting.expectNone((request) => request.url === '/api/v1/patients');
    httpTesting.verify();
  });
});
