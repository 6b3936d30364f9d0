import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { UserDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { NORTHGATE, RIVERSIDE, aLoginResponse, aUser } from '../../../testing/fixtures';
import { AuthService } from '../auth/auth.service';
import { ClinicContext } from './clinic-context.service';

describe('ClinicContext', () => {
  let context: ClinicContext;
  let auth: AuthService;
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [...provideTestApp()],
    });
    context = TestBed.inject(ClinicContext);
    auth = TestBed.inject(AuthService);
    httpTesting = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    httpTesting.verify();
  });

  function signIn(user: UserDto): void {
    auth.login(user.email, 'pw').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse(user));
  }

  it('selects the user’s first clinic at sign-in, before any clinic name has loaded', () => {
    signIn(aUser({ clinicIds: [NORTHGATE.id, RIVERSIDE.id] }));

    expect(context.clinicId()).toBe(NORTHGATE.id);
    expect(context.clinic()).toBeNull();
    expect(context.canSwitch()).toBe(true);
  });

  it('loads the clinics once per sign-in and keeps only the user’s own', () => {
    signIn(aUser({ clinicIds: [RIVERSIDE.id] }));

    context.load();
    context.load();
    httpTesting.expectOne('/api/v1/clinics').flush({ items: [RIVERSIDE, NORTHGATE], total: 2 });
    context.load();

    expect(context.clinics()).toEqual([RIVERSIDE]);
    expect(context.clinic()).toEqual(RIVERSIDE);
    expect(context.timeZoneOf(RIVERSIDE.id)).toBe('Europe/London');
    expect(context.canSwitch()).toBe(false);
  });

  it('switches only to a clinic of the user', () => {
    signIn(aUser({ clinicIds: [RIVERSIDE.id, NORTHGATE.id] }));

    context.select(NORTHGATE.id);
    expect(context.clinicId()).toBe(NORTHGATE.id);

    context.select('5d7c0000-0000-4000-8000-000000000000');
    expect(context.clinicId()).toBe(NORTHGATE.id);
  });

  it('starts again from the new user’s first clinic after another sign-in', () => {
    signIn(aUser({ clinicIds: [RIVERSIDE.id, NORTHGATE.id] }));
    context.select(NORTHGATE.id);

    auth.expire();
    expect(context.clinicId()).toBeNull();
    signIn(aUser({ id: 'another-user', clinicIds: [RIVERSIDE.id] }));

    expect(context.clinicId()).toBe(RIVERSIDE.id);
    expect(context.clinics()).toEqual([]);
  });

  it('has no clinic and loads nothing for an administrator', () => {
    signIn(aUser({ role: 'admin', clinicIds: [] }));

    context.load();

    httpTesting.expectNone('/api/v1/clinics');
    expect(context.clinicId()).toBeNull();
  });

  it('keeps working without names when the clinics cannot be loaded', () => {
    signIn(aUser());

    context.load();
    httpTesting
      .expectOne('/api/v1/clinics')
      .flush(null, { status: 500, statusText: 'Internal Server Error' });

    expect(context.clinicId()).toBe(RIVERSIDE.id);
    expect(context.clinics()).toEqual([]);
  });
});
