import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, type UrlTree, provideRouter } from '@angular/router';

import { aLoginResponse } from '../../../testing/fixtures';
import { IdleTimeoutService } from '../session/idle-timeout.service';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

describe('authInterceptor', () => {
  let http: HttpClient;
  let httpTesting: HttpTestingController;
  let auth: AuthService;
  let navigateByUrl: jest.SpyInstance;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpClient);
    httpTesting = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => {
    httpTesting.verify();
  });

  function signIn(): void {
    auth.login('psychiatrist@riverside.demo.clinic', 'demo-password').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse());
  }

  function navigatedTo(): string[] {
    return navigateByUrl.mock.calls.map(([url]: [UrlTree | string]) => url.toString());
  }

  it('adds the bearer token to API requests once signed in', () => {
    signIn();

    http.get('/api/v1/patients').subscribe();

    const request = httpTesting.expectOne('/api/v1/patients');
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-abc-123');
    request.flush({ items: [], total: 0 });
  });

  it('sends no Authorization header before sign-in', () => {
    http.get('/api/v1/health').subscribe();

    const request = httpTesting.expectOne('/api/v1/health');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ status: 'ok', database: 'sqlite' });
  });

  it('never sends the token to another origin or a non-API path', () => {
    signIn();

    http.get('https://example.org/api/v1/patients').subscribe();
    http.get('/assets/config.json').subscribe();

    const foreign = httpTesting.expectOne('https://example.org/api/v1/patients');
    const local = httpTesting.expectOne('/assets/config.json');
    expect(foreign.request.headers.has('Authorization')).toBe(false);
    expect(local.request.headers.has('Authorization')).toBe(false);
    foreign.flush({});
    local.flush({});
  });

  it('on a 401 from the API clears the session, goes to sign-in and passes the error on', () => {
    signIn();
    let received: unknown;

    http.get('/api/v1/patients').subscribe({ error: (error: unknown) => (received = error) });
    httpTesting
      .expectOne('/api/v1/patients')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(auth.isSignedIn()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(auth.signedOutReason()).toBe('expired');
    expect(navigatedTo()).toEqual(['/sign-in']);
    expect(received).toBeInstanceOf(HttpErrorResponse);
    expect((received as HttpErrorResponse).status).toBe(401);
  });

  it('keeps the session on other errors', () => {
    signIn();

    http.get('/api/v1/patients').subscribe({ error: () => undefined });
    httpTesting
      .expectOne('/api/v1/patients')
      .flush(
        { statusCode: 403, error: 'Forbidden', message: 'Forbidden' },
        { status: 403, statusText: 'Forbidden' },
      );

    expect(auth.isSignedIn()).toBe(true);
    expect(navigateByUrl).not.toHaveBeenCalled();
  });

  it('leaves a 401 on sign-in (wrong password) to the sign-in page', () => {
    auth.login('psychiatrist@riverside.demo.clinic', 'wrong').subscribe({ error: () => undefined });
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(auth.signedOutReason()).toBeNull();
  });

  it('counts each signed-in API request as activity for the idle sign-out', () => {
    const recordRequest = jest.spyOn(TestBed.inject(IdleTimeoutService), 'recordRequest');
    http.get('/api/v1/health').subscribe();
    httpTesting.expectOne('/api/v1/health').flush({});
    expect(recordRequest).not.toHaveBeenCalled();

    signIn();
    http.get('/api/v1/patients').subscribe();
    httpTesting.expectOne('/api/v1/patients').flush({ items: [], total: 0 });
    http.get('/assets/config.json').subscribe();
    httpTesting.expectOne('/assets/config.json').flush({});

    expect(recordRequest).toHaveBeenCalledTimes(1);
  });
});
