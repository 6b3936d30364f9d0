import {
  HttpErrorResponse,
  HttpHeaders,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';

import { query, textOf, typeInto } from '../../../testing/dom';
import { aLoginResponse, aUser } from '../../../testing/fixtures';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { SIGN_IN_MESSAGES, SignInPage, signInErrorMessage } from './sign-in.page';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let httpTesting: HttpTestingController;
  let navigateByUrl: jest.SpyInstance;

  async function setUp(
    queryParams: Record<string, string> = {},
    beforeCreate: () => void = () => undefined,
  ): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { queryParamMap: convertToParamMap(queryParams) } },
        },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    beforeCreate();
    fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const emailInput = (): HTMLInputElement => query(page(), '#sign-in-email', HTMLInputElement);
  const passwordInput = (): HTMLInputElement =>
    query(page(), '#sign-in-password', HTMLInputElement);
  const submitButton = (): HTMLButtonElement =>
    query(page(), 'button[type="submit"]', HTMLButtonElement);
  const liveRegion = (): string | null => textOf(page(), '[aria-live]');

  async function submitCredentials(email: string, password: string): Promise<void> {
    typeInto(emailInput(), email);
    typeInto(passwordInput(), password);
    submitButton().click();
    await fixture.whenStable();
  }

  async function answerLogin(body: object, status: number): Promise<void> {
    httpTesting
      .expectOne({ method: 'POST', url: '/api/v1/auth/login' })
      .flush(body, { status, statusText: String(status) });
    await fixture.whenStable();
  }

  it('labels both fields, focuses the email field and shows the demo login', async () => {
    await setUp();

    expect(textOf(page(), 'label[for="sign-in-email"]')).toBe('Email');
    expect(textOf(page(), 'label[for="sign-in-password"]')).toBe('Password');
    expect(document.activeElement).toBe(emailInput());
    expect(textOf(page(), '.sign-in__hint')).toBe(
      'Demo: psychiatrist@riverside.demo.clinic / demo-password',
    );
  });

  it('shows that email or password is incorrect on a 401 and stays on the page', async () => {
    await setUp();

    await submitCredentials('psychiatrist@riverside.demo.clinic', 'wrong-password');
    await answerLogin(
      { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' },
      401,
    );

    expect(liveRegion()).toBe('Email or password is incorrect');
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(false);
    expect(submitButton().disabled).toBe(false);
    expect(passwordInput().value).toBe('');
    expect(page().textContent).not.toContain('Enter your password');
  });

  it('asks to wait after too many attempts (429)', async () => {
    await setUp();

    await submitCredentials('psychiatrist@riverside.demo.clinic', 'wrong-password');
    await answerLogin(
      { statusCode: 429, error: 'Too Many Requests', message: 'Too many attempts' },
      429,
    );

    expect(liveRegion()).toBe('Too many attempts, try again later');
  });

  it('says the server cannot be reached on a network error', async () => {
    await setUp();

    await submitCredentials('psychiatrist@riverside.demo.clinic', 'demo-password');
    httpTesting.expectOne('/api/v1/auth/login').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(liveRegion()).toContain('Cannot reach the server');
  });

  it('shows a busy button while signing in, then goes to the patient list', async () => {
    await setUp();

    await submitCredentials(' psychiatrist@riverside.demo.clinic ', 'demo-password');

    const request = httpTesting.expectOne('/api/v1/auth/login');
    expect(request.request.body).toEqual({
      email: 'psychiatrist@riverside.demo.clinic',
      password: 'demo-password',
    });
    expect(submitButton().disabled).toBe(true);
    expect(submitButton().textContent.trim()).toBe('Signing in…');

    request.flush(aLoginResponse());
    await fixture.whenStable();

    expect(TestBed.inject(AuthService).user()?.name).toBe('Dr Amara Okafor');
    expect(navigateByUrl).toHaveBeenCalledWith('/patients');
    expect(liveRegion()).toBe('');
  });

  it('returns to the remembered page after sign-in', async () => {
    await setUp({ returnUrl: '/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02' });

    await submitCredentials('psychiatrist@riverside.demo.clinic', 'demo-password');
    await answerLogin(aLoginResponse(), 200);

    expect(navigateByUrl).toHaveBeenCalledWith('/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02');
  });

  it.each([
    ['nurse', '/board'],
    ['manager', '/manager/outcomes'],
    ['psychiatrist', '/patients'],
  ] as const)('takes a %s to their start page %s', async (role, home) => {
    await setUp();

    await submitCredentials(`${role}@riverside.demo.clinic`, 'demo-password');
    await answerLogin(aLoginResponse(aUser({ role })), 200);

    expect(navigateByUrl).toHaveBeenCalledWith(home);
  });

  it('ignores a remembered page on another site', async () => {
    await setUp({ returnUrl: '//evil.example/' });

    await submitCredentials('psychiatrist@riverside.demo.clinic', 'demo-password');
    await answerLogin(aLoginResponse(), 200);

    expect(navigateByUrl).toHaveBeenCalledWith('/patients');
  });

  it('explains that the session ended when sent here by an expired token', async () => {
    await setUp({}, () => {
      const auth = TestBed.inject(AuthService);
      auth.login('psychiatrist@riverside.demo.clinic', 'demo-password').subscribe();
      httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse());
      auth.expire();
    });

    expect(liveRegion()).toBe('Your session has ended. Sign in again to continue.');
  });

  it('explains the sign-out after a time without activity', async () => {
    await setUp({}, () => {
      const auth = TestBed.inject(AuthService);
      auth.login('psychiatrist@riverside.demo.clinic', 'demo-password').subscribe();
      httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse());
      auth.logoutAfterInactivity().subscribe();
      httpTesting.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: '' });
    });

    expect(liveRegion()).toBe(SIGN_IN_MESSAGES.idle);
  });

  it('asks for both fields before sending anything', async () => {
    await setUp();

    submitButton().click();
    await fixture.whenStable();

    httpTesting.expectNone('/api/v1/auth/login');
    expect(page().textContent).toContain('Enter your email');
    expect(page().textContent).toContain('Enter your password');
    expect(emailInput().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(emailInput());
  });
});

describe('signInErrorMessage', () => {
  const failure = (status: number): HttpErrorResponse =>
    new HttpErrorResponse({ status, statusText: String(status), url: '/api/v1/auth/login' });

  it.each([
    [400, SIGN_IN_MESSAGES.badCredentials],
    [401, SIGN_IN_MESSAGES.badCredentials],
    [429, SIGN_IN_MESSAGES.rateLimited],
    [0, SIGN_IN_MESSAGES.offline],
    [404, SIGN_IN_MESSAGES.offline],
    [500, SIGN_IN_MESSAGES.serverError],
    [503, SIGN_IN_MESSAGES.serverError],
  ])('status %p -> %p', (status, message) => {
    expect(signInErrorMessage(failure(status))).toBe(message);
  });

  it.each<[string | null, string]>([
    [null, SIGN_IN_MESSAGES.rateLimited],
    ['1', 'Too many attempts. Wait 1 second, then try again.'],
    ['8', 'Too many attempts. Wait 8 seconds, then try again.'],
    ['89', 'Too many attempts. Wait 89 seconds, then try again.'],
    ['90', 'Too many attempts. Wait 2 minutes, then try again.'],
    ['900', 'Too many attempts. Wait 15 minutes, then try again.'],
    ['Wed, 21 Oct 2026 07:28:00 GMT', SIGN_IN_MESSAGES.rateLimited],
    ['0', SIGN_IN_MESSAGES.rateLimited],
  ])('429 with Retry-After %p -> %p', (retryAfter, message) => {
    const error = new HttpErrorResponse({
      status: 429,
      statusText: 'Too Many Requests',
      url: '/api/v1/auth/login',
      headers: retryAfter === null ? undefined : new HttpHeaders({ 'Retry-After': retryAfter }),
    });
    expect(signInErrorMessage(error)).toBe(message);
  });

  it('treats anything that is not an HTTP answer as a network failure', () => {
    expect(signInErrorMessage(new TypeError('Failed to fetch'))).toBe(SIGN_IN_MESSAGES.offline);
  });
});
