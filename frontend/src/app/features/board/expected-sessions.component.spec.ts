import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { BoardExpectedDto, Role } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { normalize, query } from '../../../testing/dom';
import { aUser } from '../../../testing/fixtures';
import { ExpectedSessionsComponent } from './expected-sessions.component';

const SESSION_ID = '77777777-7777-4777-8777-777777777777';

function anExpected(overrides: Partial<BoardExpectedDto> = {}): BoardExpectedDto {
  return {
    sessionId: SESSION_ID,
    patientId: '88888888-8888-4888-8888-888888888888',
    clinicId: 'c1',
    patientName: 'Juno Willow',
    mrn: 'RC-00019',
    sessionNumber: 7,
    drug: 'ketamine',
    route: 'iv',
    doseMg: 28,
    plannedAt: '2026-11-26T15:00:00.000Z',
    version: 1,
    checks: [
      { id: 'predose_bp', ok: false, reason: 'No pre-dose BP in the 60 min before the dose' },
      { id: 'predose_moaas', ok: true, reason: 'Pre-dose MOAA/S 5, 4 min before the dose' },
      { id: 'no_critical_flag', ok: true, reason: 'No open critical flag on the patient' },
    ],
    ready: false,
    ...overrides,
  };
}

describe('ExpectedSessionsComponent', () => {
  let fixture: ComponentFixture<ExpectedSessionsComponent>;
  let httpTesting: HttpTestingController;
  let changed: number;

  function setUp(role: Role = 'nurse', items: BoardExpectedDto[] = [anExpected()]): void {
    TestBed.configureTestingModule({
      imports: [ExpectedSessionsComponent],
      providers: [
        ...provideTestApp({
          routes: [],
          auth: { role: signal(role), user: signal(aUser({ role })) },
        }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExpectedSessionsComponent);
    fixture.componentRef.setInput('expected', items);
    fixture.componentRef.setInput('now', Date.parse('2026-11-26T14:50:00.000Z'));
    changed = 0;
    fixture.componentInstance.changed.subscribe(() => (changed += 1));
    fixture.detectChanges();
  }

  afterEach(() => httpTesting.verify());

  const host = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const click = (testId: string): void => {
    query(host(), `[data-testid="${testId}"]`, HTMLButtonElement).click();
    fixture.detectChanges();
  };
  const startUrl = `/api/v1/sessions/${SESSION_ID}/start`;

  it('lists each check with a mark and words, not colour alone', () => {
    setUp();
    const items = Array.from(host().querySelectorAll('[data-testid="expected-checks"] li'));
    expect(items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-ok')])).toEqual([
      ['predose_bp', 'false'],
      ['predose_moaas', 'true'],
      ['no_critical_flag', 'true'],
    ]);
    expect(normalize(items[0]?.textContent ?? '')).toBe(
      '✗Failing: Pre-dose BP (within 60 min) No pre-dose BP in the 60 min before the dose',
    );
    expect(normalize(items[1]?.textContent ?? '')).toContain(
      '✓OK: Pre-dose MOAA/S (within 60 min)',
    );
  });

  it('opens the pre-dose form, starts the dose with the version read, and asks for a reload', () => {
    setUp();
    click('expected-start-toggle');
    expect(host().querySelector('[data-testid="observation-form"]')).not.toBeNull();
    click('expected-start');
    const request = httpTesting.expectOne(startUrl);
    expect(request.request.headers.get('If-Match')).toBe('"1"');
    expect(Object.keys(request.request.body as object)).toEqual(['startedAt']);
    request.flush({ id: SESSION_ID, status: 'in_progress' });
    fixture.detectChanges();
    expect(changed).toBe(1);
    expect(host().querySelector('[data-testid="observation-form"]')).toBeNull();
  });

  it('shows the refused checks; a nurse is not offered the override', () => {
    setUp('nurse');
    click('expected-start-toggle');
    click('expected-start');
    httpTesting.expectOne(startUrl).flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: ['No pre-dose BP in the 60 min before the dose'],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();
    expect(
      normalize(host().querySelector('[data-testid="expected-start-error"]')?.textContent ?? ''),
    ).toBe('The dose was not started:No pre-dose BP in the 60 min before the dose');
    expect(host().querySelector('[data-testid="expected-start-override"]')).toBeNull();
  });

  it('lets a psychiatrist start despite failed checks, with a reason', () => {
    setUp('psychiatrist');
    click('expected-start-toggle');
    const reason = query(host(), '[data-testid="expected-override-reason"]', HTMLTextAreaElement);
    reason.value = 'BP 128/80 taken on the ward at 14:45';
    reason.dispatchEvent(new Event('input'));
    click('expected-start-override');
    const request = httpTesting.expectOne(startUrl);
    expect(request.request.body).toMatchObject({
      overrideReason: 'BP 128/80 taken on the ward at 14:45',
    });
    request.flush({ id: SESSION_ID, status: 'in_progress' });
  });

  it('says when someone else started it first (409) and reloads', () => {
    setUp();
    click('expected-start-toggle');
    click('expected-start');
    httpTesting
      .expectOne(startUrl)
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'The session is already in progress' },
        { status: 409, statusText: 'Conflict' },
      );
    fixture.detectChanges();
    expect(host().querySelector('[data-testid="expected-start-error"]')?.textContent).toContain(
      'Someone else started or cancelled this session meanwhile',
    );
    expect(changed).toBe(1);
  });
});
