import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { query, textOf } from '../../../testing/dom';
import { aLoginResponse, aUser } from '../../../testing/fixtures';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { AppShellComponent } from './app-shell.component';

describe('AppShellComponent', () => {
  let fixture: ComponentFixture<AppShellComponent>;
  let httpTesting: HttpTestingController;
  let auth: AuthService;
  let navigateByUrl: jest.SpyInstance;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AppShellComponent],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    auth.login('nurse@riverside.demo.clinic', 'demo-password').subscribe();
    httpTesting
      .expectOne('/api/v1/auth/login')
      .flush(aLoginResponse(aUser({ name: 'Sam Reyes', role: 'nurse' })));
    fixture = TestBed.createComponent(AppShellComponent);
    await fixture.whenStable();
  });

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const signOutButton = (): HTMLButtonElement => query(page(), 'header button', HTMLButtonElement);

  it('shows who is signed in and their role', () => {
    const header = textOf(page(), 'header');
    expect(header).toContain('Sam Reyes');
    expect(header).toContain('Nurse');
    expect(signOutButton().textContent.trim()).toBe('Sign out');
  });

  it('signs out: revokes the token, forgets the session and goes to sign-in', async () => {
    signOutButton().click();
    await fixture.whenStable();

    const request = httpTesting.expectOne({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-abc-123');
    expect(signOutButton().disabled).toBe(true);
    request.flush(null, { status: 204, statusText: 'No Content' });

    expect(auth.isSignedIn()).toBe(false);
    expect(navigateByUrl).toHaveBeenCalledWith('/sign-in');
  });
});
