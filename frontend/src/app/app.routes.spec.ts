import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { textOf } from '../testing/dom';
import type { Role } from '@clinic/shared';

import { RIVERSIDE, aLoginResponse, aUser } from '../testing/fixtures';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';

describe('app routes', () => {
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });

  function signInAs(role: Role): void {
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
    // The header loads the clinic names once; the list asks for the selected clinic's patients.
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

  it.each([
    ['nurse', '/board'],
    ['manager', '/manager/outcomes'],
    ['psychiatrist', '/patients'],
    ['admin', '/admin/users'],
  ] as const)('starts the %s at %s', async (role, home) => {
    signInAs(role);
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/');

    expect(TestBed.inject(Router).url).toBe(home);
  });

  it.each([
    ['nurse', '/manager/outcomes', '/board'],
    ['nurse', '/manager/audit', '/board'],
    ['manager', '/board', '/manager/outcomes'],
    ['manager', '/record/phq9/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', '/manager/outcomes'],
    ['admin', '/flags', '/admin/users'],
    ['admin', '/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', '/admin/users'],
    ['nurse', '/admin/users', '/board'],
    ['manager', '/admin/users', '/manager/outcomes'],
    ['psychiatrist', '/admin/users', '/patients'],
    ['nurse', '/protocols', '/board'],
    ['nurse', '/record/screening/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', '/board'],
    ['nurse', '/record/course/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', '/board'],
    ['manager', '/record/course/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', '/manager/outcomes'],
    ['admin', '/protocols', '/admin/users'],
  ] as const)('sends the %s away from %s to %s', async (role, url, home) => {
    signInAs(role);
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl(url);

    expect(TestBed.inject(Router).url).toBe(home);
  });

  it.each([
    ['/manager/outcomes', '/sign-in?returnUrl=%2Fmanager%2Foutcomes'],
    [
      '/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02',
      '/sign-in?returnUrl=%2Fpatients%2F0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02',
    ],
    ['/record/phq9/abc', '/sign-in?returnUrl=%2Frecord%2Fphq9%2Fabc'],
  ])('keeps the deep link %s of a signed-out visitor for after sign-in', async (url, signIn) => {
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl(url);

    expect(TestBed.inject(Router).url).toBe(signIn);
  });

  it('opens a patient’s follow-up link without sign-in, outside the staff shell', async () => {
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/r/abc123');

    expect(TestBed.inject(Router).url).toBe('/r/abc123');
    expect((harness.fixture.nativeElement as HTMLElement).querySelector('header')).toBeNull();
    httpTesting.match(() => true);
  });

  it.each([
    ['nurse', '/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02/cssrs/new', 'C-SSRS screener'],
    ['manager', '/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02/safety-plan', 'Safety plan'],
    ['manager', '/rems', 'REMS forms due'],
    ['nurse', '/rems/sessions/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', 'REMS form'],
  ] as const)(
    'opens for the %s the suicide-risk page %s under the patient’s URL',
    async (role, url, title) => {
      signInAs(role);
      const harness = await RouterTestingHarness.create();

      await harness.navigateByUrl(url);

      expect(TestBed.inject(Router).url).toBe(url);
      expect(document.title).toBe(`${title} · Ketamine Clinic`);
      httpTesting.match(() => true);
    },
  );

  it('sends a manager away from the screener form to her home', async () => {
    signInAs('manager');
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02/cssrs/new');

    expect(TestBed.inject(Router).url).not.toContain('/cssrs/new');
    httpTesting.match(() => true);
  });

  it('tells a signed-in user when a page does not exist', async () => {
    signInAs('psychiatrist');
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/no-such-page');

    expect(TestBed.inject(Router).url).toBe('/no-such-page');
    expect(textOf(harness.fixture.nativeElement as HTMLElement, 'h1')).toBe('Page not found');
    httpTesting.match('/api/v1/clinics');
  });

  it.each([
    ['psychiatrist', '/protocols', 'Protocols'],
    ['manager', '/protocols', 'Protocols'],
    ['psychiatrist', '/record/screening/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', 'Screening'],
    ['psychiatrist', '/record/course/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02', 'Start a course'],
  ] as const)('opens for the %s the course page %s', async (role, url, title) => {
    signInAs(role);
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl(url);

    expect(TestBed.inject(Router).url).toBe(url);
    expect(document.title).toBe(`${title} · Ketamine Clinic`);
    httpTesting.match(() => true);
  });
});
