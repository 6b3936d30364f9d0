import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Role, SessionDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { normalize, query } from '../../../testing/dom';
import { aUser } from '../../../testing/fixtures';
import { aSession } from './board.fixtures';
import { SessionOrderComponent } from './session-order.component';

describe('SessionOrderComponent', () => {
  let fixture: ComponentFixture<SessionOrderComponent>;
  let httpTesting: HttpTestingController;
  let changed: number;

  function setUp(session: SessionDto, role: Role = 'nurse'): void {
    TestBed.configureTestingModule({
      imports: [SessionOrderComponent],
      providers: [
        ...provideTestApp({ auth: { role: signal(role), user: signal(aUser({ role })) } }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionOrderComponent);
    fixture.componentRef.setInput('session', session);
    fixture.componentRef.setInput('timeZone', 'UTC');
    changed = 0;
    fixture.componentInstance.changed.subscribe(() => (changed += 1));
    fixture.detectChanges();
  }

  afterEach(() => httpTesting.verify());

  const host = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (testId: string): string =>
    normalize(host().querySelector(`[data-testid="${testId}"]`)?.textContent ?? '');
  const click = (testId: string): void => {
    query(host(), `[data-testid="${testId}"]`, HTMLButtonElement).click();
    fixture.detectChanges();
  };
  const ordered = aSession({
    status: 'ordered',
    plannedAt: '2026-11-26T15:00:00.000Z',
    startedAt: '2026-11-26T15:00:00.000Z',
    version: 1,
  });

  it('says an ordered session is not a dose yet, and cancels it with a reason', () => {
    setUp(ordered);
    expect(text('session-ordered')).toContain('Planned for');
    expect(text('session-ordered')).toContain('No dose has been given');
    click('session-cancel');
    click('session-cancel-confirm');
    // a reason is needed first
    httpTesting.expectNone(`/api/v1/sessions/${ordered.id}/cancel`);
    expect(host().textContent).toContain('Give the reason (at least 3 characters).');
    const reason = query(host(), '[data-testid="session-cancel-reason"]', HTMLTextAreaElement);
    reason.value = 'Patient unwell with a cold';
    reason.dispatchEvent(new Event('input'));
    click('session-cancel-confirm');
    const request = httpTesting.expectOne(`/api/v1/sessions/${ordered.id}/cancel`);
    expect(request.request.body).toEqual({ reason: 'Patient unwell with a cold' });
    expect(request.request.headers.get('If-Match')).toBe('"1"');
    request.flush({ ...ordered, status: 'cancelled' });
    expect(changed).toBe(1);
  });

  it('offers no Cancel to a manager', () => {
    setUp(ordered, 'manager');
    expect(host().querySelector('[data-testid="session-cancel"]')).toBeNull();
  });

  it('shows a cancelled order with its reason', () => {
    setUp(
      aSession({
        status: 'cancelled',
        plannedAt: '2026-11-26T15:00:00.000Z',
        cancelledAt: '2026-11-26T14:10:00.000Z',
        cancelReason: 'Patient did not come',
      }),
    );
    expect(text('session-cancelled')).toContain('No dose was given.');
    expect(text('session-cancelled')).toContain('Reason: Patient did not come');
  });

  it('shows a start that overrode failed checks, with the reason', () => {
    setUp(
      aSession({
        status: 'in_progress',
        startOverrideReason: 'BP taken on paper',
        startOverriddenChecks: ['No pre-dose BP in the 60 min before the dose'],
      }),
    );
    expect(text('session-start-override')).toContain(
      'No pre-dose BP in the 60 min before the dose',
    );
    expect(text('session-start-override')).toContain('Reason: BP taken on paper');
  });
});
