import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { provideTestApp } from '../../../testing/provide-test-app';
import { aLoginResponse, aUser } from '../../../testing/fixtures';
import { AuthService } from './auth.service';

describe('AuthService', () => {
  let auth: AuthService;
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [...provideTestApp()],
    });
    auth = TestBed.inject(AuthService);
    httpTesting = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    httpTesting.verify();
  });

  function signIn(): void {
    auth.login('psychiatrist@riverside.demo.clinic', 'demo-password').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse());
  }

  it('posts the credentials and keeps the session in memory', () => {
    let signedInAs: unknown;
    auth
      .login('psychiatrist@riverside.demo.clinic', 'demo-password')
      .subscribe((user) => (signedInAs = user));

    const request = httpTesting.expectOne('/api/v1/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'psychiatrist@riverside.demo.clinic',
      password: 'demo-password',
    });
    request.flush(aLoginResponse());

    expect(signedInAs).toEqual(aUser());
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.token()).toBe('token-abc-123');
    expect(auth.user()?.name).toBe('Dr Amara Okafor');
  });

  it('writes nothing to browser storage or cookies', () => {
    signIn();

    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('stays signed out when sign-in fails', () => {
    auth.login('psychiatrist@riverside.demo.clinic', 'wrong').subscribe({ error: () => undefined });
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(auth.isSignedIn()).toBe(false);
  });

  it('revokes the token on sign-out, then forgets the session', () => {
    signIn();
    let completed = false;

    auth.logout().subscribe({ complete: () => (completed = true) });
    const request = httpTesting.expectOne('/api/v1/auth/logout');
    expect(request.request.method).toBe('POST');
    expect(auth.isSignedIn()).toBe(true);
    request.flush(null, { status: 204, statusText: 'No Content' });

    expect(completed).toBe(true);
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.user()).toBeNull();
  });

  it('forgets the session on sign-out even when the server cannot be reached', () => {
    signIn();
    let completed = false;

    auth.logout().subscribe({ complete: () => (completed = true) });
    httpTesting.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'));

    expect(completed).toBe(true);
    expect(auth.isSignedIn()).toBe(false);
  });

  it('marks an expired session so sign-in can say why', () => {
    signIn();

    auth.expire();

    expect(auth.isSignedIn()).toBe(false);
    expect(auth.signedOutReason()).toBe('expired');
  });

  it('identifies administrators, who see no clinical data', () => {
    auth.login('admin@demo.clinic', 'demo-password').subscribe();
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush(aLoginResponse(aUser({ role: 'admin', clinicIds: [] })));

    expect(auth.isAdministrator()).toBe(true);
  });

  it('keeps the idle timeout the server gave, 15 minutes when it gave none', () => {
    expect(auth.idleTimeoutSeconds()).toBe(900);

    auth.login('a@b.c', 'pw').subscribe();
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush({ ...aLoginResponse(), idleTimeoutSeconds: 65 });
    expect(auth.idleTimeoutSeconds()).toBe(65);

    auth.expire();
    auth.login('a@b.c', 'pw').subscribe();
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush({ ...aLoginResponse(), idleTimeoutSeconds: 0 });
    expect(auth.idleTimeoutSeconds()).toBe(900);
  });

  it('signs out after inactivity like "Sign out", and says why', () => {
    signIn();

    auth.logoutAfterInactivity().subscribe();
    httpTesting.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: '' });

    expect(auth.isSignedIn()).toBe(false);
    expect(auth.signedOutReason()).toBe('idle');
  });
});
