import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { UserDto } from '@clinic/shared';

import { normalize, query, textOf } from '../../../testing/dom';
import { NORTHGATE, RIVERSIDE, aLoginResponse, aUser } from '../../../testing/fixtures';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { ClinicContext } from '../clinic/clinic-context.service';
import { AppShellComponent } from './app-shell.component';

describe('AppShellComponent', () => {
  let fixture: ComponentFixture<AppShellComponent>;
  let httpTesting: HttpTestingController;
  let auth: AuthService;
  let navigateByUrl: jest.SpyInstance;

  async function setUp(user: UserDto = aUser({ name: 'Sam Reyes', role: 'nurse' })): Promise<void> {
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
    auth.login(user.email, 'demo-password').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse(user));
    fixture = TestBed.createComponent(AppShellComponent);
    await fixture.whenStable();
  }

  async function answerClinics(clinics = [RIVERSIDE]): Promise<void> {
    httpTesting.expectOne('/api/v1/clinics').flush({ items: clinics, total: clinics.length });
    await fixture.whenStable();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const signOutButton = (): HTMLButtonElement => query(page(), 'header button', HTMLButtonElement);
  const navLinks = (): { label: string; href: string | null; current: string | null }[] =>
    Array.from(page().querySelectorAll('nav[aria-label="Main"] a')).map((link) => ({
      label: normalize(link.textContent),
      href: link.getAttribute('href'),
      current: link.getAttribute('aria-current'),
    }));

  it('shows who is signed in, their role and their clinic', async () => {
    await setUp();
    await answerClinics();

    const header = textOf(page(), 'header');
    expect(header).toContain('Sam Reyes');
    expect(header).toContain('Nurse');
    expect(textOf(page(), '[data-testid="clinic-context"]')).toBe('Riverside Clinic');
    expect(page().querySelector('#clinic-switcher')).toBeNull();
    expect(signOutButton().textContent.trim()).toBe('Sign out');
  });

  it.each([
    ['psychiatrist', ['Patients', 'Flags', 'REMS forms', 'Protocols']],
    ['nurse', ['Board', 'Patients', 'Flags', 'REMS forms']],
    ['manager', ['Patients', 'REMS forms', 'Outcomes', 'Audit log', 'Protocols']],
  ] as const)('gives a %s their navigation', async (role, labels) => {
    await setUp(aUser({ role }));
    await answerClinics();

    expect(navLinks().map((link) => link.label)).toEqual(labels);
  });

  it('links the navigation to each feature', async () => {
    await setUp(aUser({ role: 'manager' }));
    await answerClinics();

    expect(navLinks().map((link) => link.href)).toEqual([
      '/patients',
      '/rems',
      '/manager/outcomes',
      '/manager/audit',
      '/protocols',
    ]);
  });

  it('gives an administrator only the accounts screen and loads no clinic', async () => {
    await setUp(aUser({ role: 'admin', clinicIds: [] }));

    const links = page().querySelectorAll('nav[aria-label="Main"] a');
    expect(Array.from(links).map((link) => normalize(link.textContent ?? ''))).toEqual(['Users']);
    httpTesting.expectNone('/api/v1/clinics');
  });

  it('lets a user of several clinics switch, and features read the choice', async () => {
    await setUp(aUser({ clinicIds: [RIVERSIDE.id, NORTHGATE.id] }));
    await answerClinics([RIVERSIDE, NORTHGATE]);
    const context = TestBed.inject(ClinicContext);

    const select = query(page(), '#clinic-switcher', HTMLSelectElement);
    expect(textOf(page(), 'label[for="clinic-switcher"]')).toBe('Clinic');
    expect(Array.from(select.options).map((option) => normalize(option.text))).toEqual([
      'Riverside Clinic',
      'Northgate Clinic',
    ]);
    expect(context.clinicId()).toBe(RIVERSIDE.id);

    select.value = NORTHGATE.id;
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();

    expect(context.clinicId()).toBe(NORTHGATE.id);
    expect(context.clinic()?.name).toBe('Northgate Clinic');
  });

  it('has a skip link that moves the focus to the page without navigating', async () => {
    await setUp();
    await answerClinics();

    const skip = query(page(), 'a.skip-link', HTMLAnchorElement);
    const event = new MouseEvent('click', { cancelable: true, bubbles: true });
    skip.dispatchEvent(event);

    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(page().querySelector('main'));
  });

  it('signs out: revokes the token, forgets the session and goes to sign-in', async () => {
    await setUp();
    await answerClinics();

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
