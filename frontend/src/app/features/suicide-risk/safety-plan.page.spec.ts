import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type Navigation, Router } from '@angular/router';
import type { PutSafetyPlanRequest, Role, SafetyPlanDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { RIVERSIDE, aPatient, aUser } from '../../../testing/fixtures';
import { PATIENT_ID, aCssrs, aSafetyPlan } from '../../../testing/patient-fixtures';
import { SafetyPlanPage } from './safety-plan.page';

const PLAN_URL = `/api/v1/patients/${PATIENT_ID}/safety-plan`;
const CRISIS = '988 Suicide & Crisis Lifeline (call or text 988)';

describe('SafetyPlanPage', () => {
  let fixture: ComponentFixture<SafetyPlanPage>;
  let httpTesting: HttpTestingController;

  function setUp(role: Role, navigationState?: unknown): void {
    const user = signal(aUser({ role }));
    TestBed.configureTestingModule({
      imports: [SafetyPlanPage],
      providers: [
        ...provideTestApp({ routes: [], auth: { user, role: computed(() => user().role) } }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    if (navigationState !== undefined) {
      jest
        .spyOn(TestBed.inject(Router), 'currentNavigation')
        .mockReturnValue({ extras: { state: navigationState } } as unknown as Navigation);
    }
    fixture = TestBed.createComponent(SafetyPlanPage);
    fixture.componentRef.setInput('id', PATIENT_ID);
    fixture.detectChanges();
  }

  /** Answers the page's reads: the patient, then the plan (null: none yet) and the screeners. */
  function answerLoad(plan: SafetyPlanDto | null): void {
    httpTesting
      .expectOne(`/api/v1/patients/${PATIENT_ID}`)
      .flush(aPatient({ id: PATIENT_ID, clinicId: RIVERSIDE.id, givenName: 'Ada' }));
    // The current plan is the newest version (none: an empty list).
    const planRequest = httpTesting.expectOne(
      (request) => request.url === `${PLAN_URL}/versions` && request.params.get('limit') === '1',
    );
    planRequest.flush({ items: plan ? [plan] : [], total: plan ? plan.version : 0 });
    httpTesting
      .expectOne((request) => request.url === `/api/v1/patients/${PATIENT_ID}/cssrs`)
      .flush({ items: [aCssrs({ risk: 'moderate' })], total: 1 });
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  const rows = (step: string): HTMLInputElement[] =>
    Array.from(page().querySelectorAll<HTMLInputElement>(`[data-testid="plan-${step}"] input`));
  const values = (step: string): string[] => rows(step).map((row) => row.value);

  function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
    if (input instanceof HTMLInputElement) {
      typeInto(input, value);
    } else {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    fixture.detectChanges();
  }

  function save(label: string): TestRequest {
    buttonLabelled(page(), label).click();
    fixture.detectChanges();
    return httpTesting.expectOne({ method: 'PUT', url: PLAN_URL });
  }

  it('starts a first plan with the six Stanley-Brown steps and reasons for living, the crisis line offered, and sends it without If-Match', () => {
    setUp('nurse');
    answerLoad(null);

    expect(byTestId('safety-plan-version')).toBe(
      'No safety plan yet. Write it with the patient: the first save is version 1.',
    );
    expect(
      Array.from(page().querySelectorAll('.step .step__title'), (t) => normalize(t.textContent)),
    ).toEqual([
      'Warning signs',
      'Internal coping strategies',
      'People and social settings that distract',
      'Family or friends who can help',
      'Professionals and agencies to contact in a crisis',
      'Making the environment safe',
      'Reasons for living',
    ]);
    expect(values('professionalContacts')).toEqual([CRISIS]);

    type(rows('warningSigns')[0], '  Not sleeping ');
    // Enter in a row adds the next one (and puts the focus there); Add appends one.
    rows('warningSigns')[0].dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    );
    fixture.detectChanges();
    expect(values('warningSigns')).toEqual(['  Not sleeping ', '']);
    expect(document.activeElement).toBe(rows('warningSigns')[1]);
    type(rows('warningSigns')[1], 'Staying in my room');
    buttonLabelled(page(), 'Add coping strategy').click();
    fixture.detectChanges();
    expect(values('copingStrategies')).toEqual(['', '']);
    type(rows('copingStrategies')[1], 'Walk the dog');
    type(query(page(), '#plan-meansSafety', HTMLTextAreaElement), 'Medicines kept by my sister');

    const request = save('Save safety plan');
    expect(request.request.headers.has('If-Match')).toBe(false);
    expect(request.request.body).toEqual<PutSafetyPlanRequest>({
      warningSigns: ['Not sleeping', 'Staying in my room'],
      copingStrategies: ['Walk the dog'],
      socialDistractions: [],
      helpContacts: [],
      professionalContacts: [CRISIS],
      meansSafety: 'Medicines kept by my sister',
      reasonsForLiving: '',
    });
    request.flush(aSafetyPlan({ version: 1, updatedAt: '2026-10-06T10:00:00.000Z' }));
    fixture.detectChanges();
    expect(byTestId('safety-plan-saved')).toBe('Safety plan saved: version 1.');
    expect(byTestId('safety-plan-version')).toBe(
      'Version 1 · last reviewed 6 Oct 2026, 10:00 by Nora Nurse',
    );
  });

  it('removes a row with its own button, and offers the crisis line again when it was removed', () => {
    setUp('psychiatrist');
    answerLoad(aSafetyPlan());
    expect(values('professionalContacts')).toEqual(['Clinic 555-0199', CRISIS]);

    const remove = page().querySelector<HTMLButtonElement>(
      '[data-testid="plan-professionalContacts"] button[aria-label="Remove professional or agency 2"]',
    );
    remove?.click();
    fixture.detectChanges();
    expect(values('professionalContacts')).toEqual(['Clinic 555-0199']);
    buttonLabelled(page(), `Add ${CRISIS}`).click();
    fixture.detectChanges();
    expect(values('professionalContacts')).toEqual(['Clinic 555-0199', CRISIS]);
  });

  it('saves an edit of the current version with If-Match; on 412 says someone else changed it, reloads it and keeps the typed text', () => {
    setUp('psychiatrist');
    answerLoad(aSafetyPlan({ version: 2 }));
    expect(byTestId('safety-plan-version')).toBe(
      'Version 2 · last reviewed 6 Oct 2026, 10:00 by Nora Nurse',
    );
    type(rows('warningSigns')[1], 'Drinking more');

    const first = save('Save as version 3');
    expect(first.request.headers.get('If-Match')).toBe('"2"');
    first.flush(
      { statusCode: 412, error: 'Precondition Failed', message: 'The safety plan has changed' },
      { status: 412, statusText: 'Precondition Failed' },
    );
    fixture.detectChanges();
    // The plan is fetched again: someone else's version 3.
    answerLoad(
      aSafetyPlan({
        version: 3,
        updatedAt: '2026-10-06T12:00:00.000Z',
        updatedByName: 'Dr Amara Okafor',
        warningSigns: ['Not sleeping'],
      }),
    );

    expect(byTestId('safety-plan-stale')).toBe(
      'Someone else saved this safety plan while you were editing (it is now version 3). Your text is kept below: check it against theirs, then save again to make it the next version.',
    );
    expect(byTestId('safety-plan-version')).toBe(
      'Version 3 · last reviewed 6 Oct 2026, 12:00 by Dr Amara Okafor',
    );
    expect(values('warningSigns')).toEqual(['Not sleeping', 'Drinking more']);

    const second = save('Save as version 4');
    expect(second.request.headers.get('If-Match')).toBe('"3"');
    expect((second.request.body as PutSafetyPlanRequest).warningSigns).toEqual([
      'Not sleeping',
      'Drinking more',
    ]);
    second.flush(aSafetyPlan({ version: 4, warningSigns: ['Not sleeping', 'Drinking more'] }));
    fixture.detectChanges();
    expect(byTestId('safety-plan-stale')).toBeNull();
    expect(byTestId('safety-plan-saved')).toBe('Safety plan saved: version 4.');
  });

  it('shows the server’s 400 by the step it names', () => {
    setUp('nurse');
    answerLoad(aSafetyPlan());
    save('Save as version 3').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['warningSigns.0 must be shorter than or equal to 500 characters'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(byTestId('plan-warningSigns-error')).toBe(
      'Step 1 must be shorter than or equal to 500 characters',
    );
  });

  it('shows a manager the plan read only: no fields, no save button', () => {
    setUp('manager');
    answerLoad(aSafetyPlan());

    expect(page().querySelector('form')).toBeNull();
    expect(page().querySelectorAll('input, textarea')).toHaveLength(0);
    expect(Array.from(page().querySelectorAll('button'), (b) => normalize(b.textContent))).toEqual(
      [],
    );
    /** Each step as its heading, then its entries (or its text). */
    const steps = Array.from(
      page().querySelectorAll('[data-testid="safety-plan-read-only"] .step'),
      (step) => [
        normalize(step.querySelector('.step__heading')?.textContent ?? ''),
        ...Array.from(step.querySelectorAll('li, .step__text'), (e) => normalize(e.textContent)),
      ],
    );
    expect(steps[0]).toEqual(['Step 1 Warning signs', 'Not sleeping', 'Staying in my room']);
    expect(steps[4]).toEqual([
      'Step 5 Professionals and agencies to contact in a crisis',
      'Clinic 555-0199',
      CRISIS,
    ]);
    expect(steps[5]).toEqual(['Step 6 Making the environment safe', 'Medicines kept by my sister']);
    expect(steps[6]).toEqual(['Reasons for living', 'My children']);
    expect(byTestId('safety-plan-version')).toBe(
      'Version 2 · last reviewed 6 Oct 2026, 10:00 by Nora Nurse',
    );
    expect(byTestId('safety-plan-screener')).toContain('Latest C-SSRS: Moderate risk');
    expect(page().querySelector('[data-testid="safety-plan-screener"] a')).toBeNull();
  });

  it('lists the earlier versions when asked, each readable in full', () => {
    setUp('manager');
    answerLoad(aSafetyPlan({ version: 2 }));
    const versions = query(page(), '[data-testid="safety-plan-versions"]', HTMLDetailsElement);
    expect(textOf(versions, 'summary')).toBe('Earlier versions (1)');
    // Not fetched until asked for.
    httpTesting.expectNone((request) => request.params.get('limit') === '200');

    versions.open = true;
    versions.dispatchEvent(new Event('toggle'));
    fixture.detectChanges();
    const request = httpTesting.expectOne(
      (r) => r.url === `${PLAN_URL}/versions` && r.params.get('limit') === '200',
    );
    request.flush({
      items: [
        aSafetyPlan({ version: 2 }),
        aSafetyPlan({
          version: 1,
          updatedAt: '2026-10-01T09:00:00.000Z',
          updatedByName: 'Dr Amara Okafor',
          warningSigns: ['Not sleeping'],
        }),
      ],
      total: 2,
    });
    fixture.detectChanges();

    const items = Array.from(versions.querySelectorAll('.versions__item'));
    expect(items.map((item) => textOf(item, 'summary'))).toEqual([
      'Version 1 · 1 Oct 2026, 09:00 · Dr Amara Okafor',
    ]);
    expect(textOf(items[0], '.step__entries')).toBe('Not sleeping');
  });

  it('after a screener, says its risk and the next step; high risk as the emergency pathway', () => {
    setUp('nurse', { screenerSaved: { risk: 'high', administeredAt: '2026-10-06T09:00:00.000Z' } });
    answerLoad(null);

    expect(
      Array.from(page().querySelectorAll('[data-testid="safety-plan-next-step"] p'), (p) =>
        normalize(p.textContent),
      ),
    ).toEqual([
      'C-SSRS screener saved: High risk',
      'Emergency pathway: Do not leave the patient alone until a psychiatrist has evaluated them: start the emergency pathway now.',
      'Next step: write or review this plan with the patient below, then save it.',
    ]);

    // Once the plan is saved, the banner says what is left to do.
    type(rows('warningSigns')[0], 'Not sleeping');
    save('Save safety plan').flush(aSafetyPlan({ version: 1 }));
    fixture.detectChanges();
    expect(byTestId('safety-plan-next')).toBe(
      'Safety plan saved. Stay with the patient until the psychiatrist has evaluated them.',
    );
  });
});
