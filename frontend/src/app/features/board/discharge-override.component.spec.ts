import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { DischargeRequest, Role, SessionDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { aUser } from '../../../testing/fixtures';
import { DischargeOverrideComponent } from './discharge-override.component';

/** Types into a text area the way a user does (sets the value, fires `input`). */
function typeText(field: HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

const SESSION_ID = '55555555-5555-4555-8555-555555555555';

describe('DischargeOverrideComponent', () => {
  let fixture: ComponentFixture<DischargeOverrideComponent>;
  let httpTesting: HttpTestingController;
  let discharged: SessionDto[];

  function setUp(role: Role = 'psychiatrist'): void {
    TestBed.configureTestingModule({
      imports: [DischargeOverrideComponent],
      providers: [
        ...provideTestApp({ auth: { role: signal(role), user: signal(aUser({ role })) } }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DischargeOverrideComponent);
    fixture.componentRef.setInput('sessionId', SESSION_ID);
    fixture.componentRef.setInput('reasons', [
      'MOAA/S is 4; 5 is required',
      'Minimum monitoring ends at 15:05',
    ]);
    discharged = [];
    fixture.componentInstance.discharged.subscribe((session) => discharged.push(session));
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const host = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const reasonBox = (): HTMLTextAreaElement =>
    query(host(), `#override-reason-${SESSION_ID}`, HTMLTextAreaElement);
  const dischargeButton = (): HTMLButtonElement =>
    buttonLabelled(host(), 'Discharge with override');

  it('lists the unmet criteria and posts the override with its reason', () => {
    setUp();
    expect(
      Array.from(host().querySelectorAll('[data-testid="override-reasons"] li')).map((li) =>
        normalize(li.textContent),
      ),
    ).toEqual(['MOAA/S is 4; 5 is required', 'Minimum monitoring ends at 15:05']);

    typeText(reasonBox(), '  Transport waiting; escort present, alert and oriented ');
    typeInto(query(host(), `#override-time-${SESSION_ID}`, HTMLInputElement), '02/03/2026');
    typeInto(query(host(), `#override-time-${SESSION_ID}-time`, HTMLInputElement), '15:00');
    fixture.detectChanges();
    dischargeButton().click();
    fixture.detectChanges();

    const request = httpTesting.expectOne(`/api/v1/sessions/${SESSION_ID}/discharge`);
    expect(request.request.body).toEqual({
      dischargedAt: new Date('2026-03-02T15:00').toISOString(),
      overrideReason: 'Transport waiting; escort present, alert and oriented',
    } satisfies DischargeRequest);
    request.flush({ id: SESSION_ID, status: 'discharged' });
    fixture.detectChanges();

    expect(discharged).toHaveLength(1);
    expect(textOf(host(), '[data-testid="override-done"]')).toContain(
      'Discharged with an override',
    );
  });

  it('needs a reason before posting', () => {
    setUp();
    typeText(reasonBox(), 'ok');
    fixture.detectChanges();
    dischargeButton().click();
    fixture.detectChanges();

    httpTesting.expectNone(`/api/v1/sessions/${SESSION_ID}/discharge`);
    expect(textOf(host(), '.field__error')).toBe(
      'Give the reason for discharging before the criteria are met (at least 5 characters)',
    );
  });

  it('sends the session version as If-Match; a 412 says someone else changed it, asks for a reload and keeps the reason', () => {
    setUp();
    fixture.componentRef.setInput('version', 4);
    let stale = 0;
    fixture.componentInstance.stale.subscribe(() => (stale += 1));
    typeText(reasonBox(), 'Family emergency, escort present');
    fixture.detectChanges();
    dischargeButton().click();
    fixture.detectChanges();

    const request = httpTesting.expectOne(`/api/v1/sessions/${SESSION_ID}/discharge`);
    expect(request.request.headers.get('If-Match')).toBe('"4"');
    request.flush(
      { statusCode: 412, error: 'Precondition Failed', message: 'The record has changed' },
      { status: 412, statusText: 'Precondition Failed' },
    );
    fixture.detectChanges();

    expect(stale).toBe(1);
    expect(textOf(host(), '[data-testid="override-errors"]')).toContain(
      'Someone else changed this session while you were writing. It has been reloaded: check it, then submit again. Your reason is kept.',
    );
    expect(reasonBox().value).toBe('Family emergency, escort present');
    expect(discharged).toHaveLength(0);
  });

  it('shows the reasons of a 422 refusal', () => {
    setUp();
    typeText(reasonBox(), 'Family emergency, escort present');
    fixture.detectChanges();
    dischargeButton().click();
    fixture.detectChanges();

    httpTesting.expectOne(`/api/v1/sessions/${SESSION_ID}/discharge`).flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'The session is already discharged',
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();

    const errors = query(host(), '[data-testid="override-errors"]', HTMLElement);
    expect(errors.getAttribute('role')).toBe('alert');
    expect(normalize(errors.textContent)).toBe(
      'The server refused the discharge: The session is already discharged',
    );
    expect(discharged).toHaveLength(0);
  });

  it('tells other roles that only a psychiatrist can override', () => {
    setUp('nurse');
    expect(host().querySelector('textarea')).toBeNull();
    expect(textOf(host(), '[data-testid="override-psychiatrist-only"]')).toBe(
      'Only a psychiatrist can discharge a patient before the discharge criteria are met.',
    );
  });
});
