import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, type UrlTree, provideRouter } from '@angular/router';

import { aLoginResponse } from '../../../testing/fixtures';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { IDLE_TIMEOUT_OPTIONS, IdleTimeoutService } from './idle-timeout.service';

describe('IdleTimeoutService', () => {
  let idle: IdleTimeoutService;
  let auth: AuthService;
  let httpTesting: HttpTestingController;
  let navigateByUrl: jest.SpyInstance;
  let stop: () => void;

  function setUp(idleTimeoutSeconds = 900, options?: object): void {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        ...(options ? [{ provide: IDLE_TIMEOUT_OPTIONS, useValue: options }] : []),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    idle = TestBed.inject(IdleTimeoutService);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    auth.login('nurse@riverside.demo.clinic', 'demo-password').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush({ ...aLoginResponse(), idleTimeoutSeconds });
    stop = idle.start();
  }

  afterEach(() => {
    stop();
    httpTesting.verify();
    jest.useRealTimers();
  });

  const seconds = (n: number): void => {
    jest.advanceTimersByTime(n * 1000);
  };
  const input = (type = 'keydown'): void => {
    document.dispatchEvent(new Event(type));
  };
  const navigatedTo = (): string[] =>
    navigateByUrl.mock.calls.map(([url]: [UrlTree | string]) => url.toString());

  it('warns one minute before the idle timeout, counting down', () => {
    setUp(900);

    seconds(839);
    expect(idle.warningSecondsLeft()).toBeNull();

    seconds(1);
    expect(idle.warningSecondsLeft()).toBe(60);

    seconds(15);
    expect(idle.warningSecondsLeft()).toBe(45);
  });

  it('signs out at the idle timeout: revokes the token, says why, remembers the page', () => {
    setUp(900);
    jest.spyOn(TestBed.inject(Router), 'url', 'get').mockReturnValue('/patients/abc');

    seconds(900);

    const logout = httpTesting.expectOne('/api/v1/auth/logout');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.signedOutReason()).toBe('idle');
    expect(idle.warningSecondsLeft()).toBeNull();
    expect(navigatedTo()).toEqual(['/sign-in?returnUrl=%2Fpatients%2Fabc']);
  });

  it('signs out on the next check when the timer was throttled (a tab in the background)', () => {
    setUp(900);

    // The clock moves on without the interval firing (a sleeping tablet).
    jest.setSystemTime(Date.now() + 901_000);
    document.dispatchEvent(new Event('visibilitychange'));

    httpTesting.expectOne('/api/v1/auth/logout').flush(null);
    expect(auth.isSignedIn()).toBe(false);
  });

  it('starts again after any API request (the server slid its timeout too)', () => {
    setUp(900);
    seconds(850);
    expect(idle.warningSecondsLeft()).toBe(50);

    TestBed.inject(HttpClient).get('/api/v1/patients').subscribe();
    httpTesting.expectOne('/api/v1/patients').flush({ items: [], total: 0 });

    expect(idle.warningSecondsLeft()).toBeNull();
    seconds(839);
    expect(idle.warningSecondsLeft()).toBeNull();
    seconds(1);
    expect(idle.warningSecondsLeft()).toBe(60);
  });

  it.each(['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'])(
    'starts again after user input (%s)',
    (type) => {
      setUp(900);
      seconds(600);

      input(type);
      seconds(839);

      expect(idle.warningSecondsLeft()).toBeNull();
      // Input alone does not reach the server: after half the timeout, a keep-alive request does.
      httpTesting.expectOne('/api/v1/auth/me').flush(aLoginResponse().user);
    },
  );

  it('sends at most one keep-alive per half timeout while the user works without requests', () => {
    setUp(900);

    for (let minute = 0; minute < 30; minute++) {
      seconds(60);
      input();
    }

    // Input each minute for 30 minutes: the first input at least 7.5 min (half the timeout)
    // after the last request sends a keep-alive: at 8, 16 and 24 minutes.
    const keepAlives = httpTesting.match('/api/v1/auth/me');
    expect(keepAlives.length).toBe(3);
    keepAlives.forEach((request) => request.flush(aLoginResponse().user));
    expect(auth.isSignedIn()).toBe(true);
  });

  it('"Stay signed in" hides the warning and slides the server session', () => {
    setUp(900);
    seconds(870);
    expect(idle.warningSecondsLeft()).toBe(30);

    idle.staySignedIn();

    expect(idle.warningSecondsLeft()).toBeNull();
    const request = httpTesting.expectOne('/api/v1/auth/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-abc-123');
    request.flush(aLoginResponse().user);
    seconds(839);
    expect(idle.warningSecondsLeft()).toBeNull();
  });

  it('any input while the warning shows answers it too', () => {
    setUp(900);
    seconds(870);

    input('pointerdown');

    expect(idle.warningSecondsLeft()).toBeNull();
    httpTesting.expectOne('/api/v1/auth/me').flush(aLoginResponse().user);
  });

  it('follows the timeout the server gave at sign-in, and injectable warning options', () => {
    setUp(65, { warningSeconds: 60, checkIntervalMs: 250 });

    seconds(4.75);
    expect(idle.warningSecondsLeft()).toBeNull();
    seconds(0.25);
    expect(idle.warningSecondsLeft()).toBe(60);
    seconds(60);

    httpTesting.expectOne('/api/v1/auth/logout').flush(null);
    expect(auth.signedOutReason()).toBe('idle');
  });

  it('stops watching when the signed-in shell goes away', () => {
    setUp(900);

    stop();
    input();
    seconds(1000);

    expect(idle.warningSecondsLeft()).toBeNull();
    httpTesting.expectNone('/api/v1/auth/logout');
    httpTesting.expectNone('/api/v1/auth/me');
  });
});
