import { HttpTestingController } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, textOf } from '../../../testing/dom';
import { RIVERSIDE, aUser } from '../../../testing/fixtures';
import { RemsDuePage } from './rems-due.page';
import { aDueItem } from './rems.fixtures';

const OLD = '11111111-1111-4111-8111-111111111111';
const RECENT = '22222222-2222-4222-8222-222222222222';

describe('RemsDuePage', () => {
  let fixture: ComponentFixture<RemsDuePage>;
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    const user = signal(aUser({ role: 'nurse' }));
    TestBed.configureTestingModule({
      imports: [RemsDuePage],
      providers: [
        ...provideTestApp({
          routes: [],
          auth: { user, role: computed(() => user().role) },
          clinicContext: {
            clinicId: signal(RIVERSIDE.id),
            clinic: signal(RIVERSIDE),
            load: () => undefined,
            timeZoneOf: () => 'UTC',
          },
        }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RemsDuePage);
    fixture.detectChanges();
  });

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const dueRequest = () =>
    httpTesting.expectOne(
      (r) =>
        r.url === '/api/v1/rems/due' &&
        r.params.get('clinicId') === RIVERSIDE.id &&
        r.params.get('limit') === '50' &&
        r.params.get('offset') === '0',
    );

  it("lists the clinic's forms due in the server's order, overdue rows said in words, each linked to its form", () => {
    expect(textOf(page(), '[data-testid="rems-due-loading"]')).toBe('Loading the forms due…');
    dueRequest().flush({
      items: [
        aDueItem({
          sessionId: OLD,
          patientName: 'Ben Okri',
          startedAt: '2026-03-01T09:00:00.000Z',
          deadline: '2026-03-08T09:00:00.000Z',
          overdue: true,
          missing: ['setting', 'bp.at40Min'],
        }),
        aDueItem({ sessionId: RECENT, missing: [] }),
      ],
      total: 2,
    });
    fixture.detectChanges();

    expect(textOf(page(), '[data-testid="rems-due-summary"]')).toBe(
      '2 forms due · 1 overdue on this page',
    );
    const rows = Array.from(page().querySelectorAll('tbody tr'));
    expect(rows.map((row) => row.getAttribute('data-testid'))).toEqual([
      `rems-due-row-${OLD}`,
      `rems-due-row-${RECENT}`,
    ]);
    const overdue = rows[0];
    expect(overdue.classList).toContain('rems__row--overdue');
    expect(normalize(overdue.textContent)).toContain('Overdue');
    expect(normalize(overdue.textContent)).toContain(
      '2: Healthcare setting, Blood pressure at 40 min',
    );
    expect(normalize(rows[1].textContent)).toContain('Complete: ready to submit');
    expect(normalize(rows[1].textContent)).not.toContain('Overdue');
    expect(rows[1].classList).not.toContain('rems__row--overdue');
    const link = rows[0].querySelector('a');
    expect(link?.getAttribute('href')).toBe(`/rems/sessions/${OLD}`);
    expect(link?.getAttribute('aria-label')).toBe('Open the REMS form of session 3 of Ben Okri');
  });

  it('says when nothing is due', () => {
    dueRequest().flush({ items: [], total: 0 });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-due-empty"]')).toContain('No REMS form is due');
  });

  it('shows an error with a retry that asks again', () => {
    dueRequest().flush({ message: 'down' }, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-due-error"]')).toContain('could not be loaded');

    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    dueRequest().flush({ items: [aDueItem()], total: 1 });
    fixture.detectChanges();
    expect(page().querySelectorAll('tbody tr')).toHaveLength(1);
  });
});
