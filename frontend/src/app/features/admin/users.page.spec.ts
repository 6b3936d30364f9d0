import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { UserDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { query, textOf, typeInto, normalize, buttonLabelled } from '../../../testing/dom';
import { aUser, NORTHGATE, RIVERSIDE } from '../../../testing/fixtures';
import { UsersPage } from './users.page';

const ADMIN = aUser({
  id: 'ad000000-0000-4000-8000-000000000001',
  name: 'Ada Admin',
  email: 'admin@demo.clinic',
  role: 'admin',
  clinicIds: [],
});
const NURSE = aUser({
  id: 'ad000000-0000-4000-8000-000000000002',
  name: 'Nia Nurse',
  email: 'nurse@riverside.example',
  role: 'nurse',
  clinicIds: [RIVERSIDE.id],
  version: 3,
});

describe('UsersPage', () => {
  let fixture: ComponentFixture<UsersPage>;
  let http: HttpTestingController;

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const rowAction = (user: UserDto, action: string): HTMLButtonElement =>
    query(page(), `#user-row-${user.id} [data-row-action="${action}"]`, HTMLButtonElement);

  function checkClinic(name: string): void {
    const box = Array.from(
      page().querySelectorAll<HTMLInputElement>('.clinics input[type="checkbox"]'),
    ).find((candidate) => normalize(candidate.parentElement?.textContent ?? '') === name);
    if (!box) throw new Error(`no checkbox for ${name}`);
    box.checked = true;
    box.dispatchEvent(new Event('change'));
  }

  async function render(users: UserDto[] = [ADMIN, NURSE]): Promise<void> {
    http
      .expectOne((request) => request.url === '/api/v1/users')
      .flush({ items: users, total: users.length });
    http
      .expectOne((request) => request.url === '/api/v1/clinics')
      .flush({ items: [RIVERSIDE, NORTHGATE], total: 2 });
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [UsersPage],
      providers: [...provideTestApp({ auth: { user: signal(ADMIN) } })],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('lists every account with its role, clinics and status', async () => {
    expect(textOf(page(), '[data-testid="users-loading"]')).toBe('Loading users…');
    await render([ADMIN, { ...NURSE, disabledAt: '2026-11-30T10:00:00.000Z' }]);

    const rows = Array.from(page().querySelectorAll<HTMLTableRowElement>('tbody tr')).map((row) =>
      Array.from(row.cells)
        .slice(0, 5)
        .map((cell) => normalize(cell.textContent ?? '')),
    );
    expect(rows[0]).toEqual([
      'Ada Admin',
      'admin@demo.clinic',
      'Administrator',
      'No clinic',
      'Active',
    ]);
    expect(rows[1]?.slice(0, 4)).toEqual([
      'Nia Nurse',
      'nurse@riverside.example',
      'Nurse',
      'Riverside Clinic',
    ]);
    expect(rows[1]?.[4]).toMatch(/^Disabled since /);
  });

  it('offers no way to disable or sign out one’s own account', async () => {
    await render();
    expect(page().querySelector(`#user-row-${ADMIN.id} [data-row-action="disable"]`)).toBeNull();
    expect(rowAction(NURSE, 'disable')).toBeTruthy();
  });

  it('asks for a reason before disabling, then shows the account disabled', async () => {
    await render();
    rowAction(NURSE, 'disable').click();
    await fixture.whenStable();

    buttonLabelled(page(), 'Disable account').click();
    await fixture.whenStable();
    expect(textOf(page(), '.row-panel .field__error')).toBe(
      'Give a reason; it is kept in the audit log.',
    );
    http.expectNone('/api/v1/users/ad000000-0000-4000-8000-000000000002/disable');

    typeInto(query(page(), `#reason-${NURSE.id}`, HTMLInputElement), 'Left the clinic');
    buttonLabelled(page(), 'Disable account').click();
    const request = http.expectOne(`/api/v1/users/${NURSE.id}/disable`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ reason: 'Left the clinic' });
    request.flush({ ...NURSE, disabledAt: '2026-12-03T13:00:00.000Z', version: 4 });
    await fixture.whenStable();

    expect(textOf(page(), `#user-row-${NURSE.id}`)).toContain('Disabled');
    expect(textOf(page(), '[data-testid="users-done"]')).toContain(
      'every session has ended and sign-in is refused',
    );
    expect(rowAction(NURSE, 'enable')).toBeTruthy();
  });

  it('changes role and clinics with the version it showed, and reloads on 412', async () => {
    await render();
    rowAction(NURSE, 'edit').click();
    await fixture.whenStable();

    checkClinic('Northgate Clinic');
    buttonLabelled(page(), 'Save changes').click();

    const request = http.expectOne(`/api/v1/users/${NURSE.id}`);
    expect(request.request.method).toBe('PATCH');
    expect(request.request.headers.get('If-Match')).toBe('"3"');
    expect(request.request.body).toEqual({ clinicIds: [NORTHGATE.id, RIVERSIDE.id] });
    request.flush({ message: 'stale' }, { status: 412, statusText: 'Precondition Failed' });
    await fixture.whenStable();

    // The list is fetched again so the administrator sees what changed meanwhile.
    await render();
    expect(textOf(page(), '[data-testid="users-notice"]')).toBe(
      'Someone else changed this account meanwhile. The list is reloaded: check it and try again.',
    );
  });

  it('signs a user out everywhere after a confirmation', async () => {
    await render();
    rowAction(NURSE, 'revoke').click();
    await fixture.whenStable();
    buttonLabelled(page(), 'Sign out everywhere').click();
    const request = http.expectOne(`/api/v1/users/${NURSE.id}/sessions/revoke`);
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(textOf(page(), '[data-testid="users-done"]')).toBe(
      'Nia Nurse is signed out everywhere; the account stays enabled.',
    );
  });

  it('shows the server’s reason when it refuses a new account', async () => {
    await render();
    buttonLabelled(page(), 'New user').click();
    await fixture.whenStable();
    typeInto(query(page(), '#new-user-name', HTMLInputElement), 'Sam Lee');
    typeInto(query(page(), '#new-user-email', HTMLInputElement), 'sam@riverside.example');
    typeInto(query(page(), '#new-user-password', HTMLInputElement), 'password1234');
    const role = query(page(), '#new-user-role', HTMLSelectElement);
    role.value = 'manager';
    role.dispatchEvent(new Event('change'));
    checkClinic('Riverside Clinic');
    buttonLabelled(page(), 'Create account').click();

    const request = http.expectOne('/api/v1/users');
    expect(request.request.body).toEqual({
      name: 'Sam Lee',
      email: 'sam@riverside.example',
      role: 'manager',
      password: 'password1234',
      clinicIds: [RIVERSIDE.id],
    });
    request.flush(
      { message: ['password is a known breached password; choose another'] },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(textOf(page(), '.server-errors')).toBe(
      'password is a known breached password; choose another',
    );
  });

  it('checks a new account before sending, focuses the first field in error, and clears a message as its field is changed', async () => {
    await render();
    buttonLabelled(page(), 'New user').click();
    await fixture.whenStable();
    buttonLabelled(page(), 'Create account').click();
    await fixture.whenStable();
    const name = query(page(), '#new-user-name', HTMLInputElement);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('new-user-name-error');
    expect(textOf(page(), '#new-user-name-error')).toBe(
      'Enter the person’s name (at least 2 characters).',
    );
    expect(document.activeElement).toBe(name);
    expect(textOf(page(), '#new-user-role-error')).toBe('Choose a role.');

    typeInto(name, 'Sam Lee');
    await fixture.whenStable();
    expect(page().querySelector('#new-user-name-error')).toBeNull();
    expect(name.hasAttribute('aria-invalid')).toBe(false);
    // The other fields keep their messages until they are changed.
    expect(textOf(page(), '#new-user-role-error')).toBe('Choose a role.');
    http.expectNone('/api/v1/users');
  });

  it('offers a retry when the list cannot be loaded', async () => {
    http
      .expectOne((request) => request.url === '/api/v1/users')
      .flush(null, { status: 500, statusText: 'Server Error' });
    // The page shows the error at once; the clinics answer of the failed attempt no longer matters.
    http.match((request) => request.url === '/api/v1/clinics');
    await fixture.whenStable();
    expect(textOf(page(), '[data-testid="users-error"] p')).toContain('could not be loaded');
    buttonLabelled(page(), 'Retry').click();
    await render();
    expect(page().querySelector('[data-testid="users-table"]')).not.toBeNull();
  });
});
