import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap } from '@angular/router';
import type { CreatePhq9Request, SessionSummaryDto } from '@clinic/shared';
import { of } from 'rxjs';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { RIVERSIDE, aPatient } from '../../../testing/fixtures';
import { Phq9FormPage } from './phq9-form.page';

const PATIENT_ID = '22222222-2222-4222-8222-222222222222';

function aSession(overrides: Partial<SessionSummaryDto> = {}): SessionSummaryDto {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    patientId: PATIENT_ID,
    clinicId: 'c1',
    sessionNumber: 1,
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    doseMgPerKg: 0.5,
    weightKg: 70,
    startedAt: '2026-03-01T10:00:00.000Z',
    infusionMinutes: 40,
    lotNumber: null,
    concomitantMedications: [],
    notes: null,
    doseWarnings: [],
    status: 'discharged',
    readyAt: null,
    dischargedAt: '2026-03-01T12:00:00.000Z',
    dischargeOverrideReason: null,
    orderedBy: null,
    plannedAt: null,
    retrospective: false,
    startedBy: null,
    startOverrideReason: null,
    startOverriddenChecks: [],
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    courseId: null,
    courseSessionNumber: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T12:00:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

describe('Phq9FormPage', () => {
  let fixture: ComponentFixture<Phq9FormPage>;
  let httpTesting: HttpTestingController;
  let navigate: jest.SpyInstance;
  const sessions = [
    aSession(),
    aSession({
      id: '44444444-4444-4444-8444-444444444444',
      sessionNumber: 2,
      startedAt: '2026-03-04T10:00:00.000Z',
    }),
  ];

  function setUp(maxMissingItems = 2): void {
    TestBed.configureTestingModule({
      imports: [Phq9FormPage],
      providers: [
        ...provideTestApp({ routes: [] }),
        {
          provide: ActivatedRoute,
          useValue: { paramMap: of(convertToParamMap({ patientId: PATIENT_ID })) },
        },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(Phq9FormPage);
    fixture.detectChanges();
    httpTesting.expectOne(`/api/v1/patients/${PATIENT_ID}`).flush(
      aPatient({
        id: PATIENT_ID,
        clinicId: RIVERSIDE.id,
        givenName: 'Ada',
        familyName: 'Okonkwo',
      }),
    );
    httpTesting
      .expectOne((request) => request.url === `/api/v1/patients/${PATIENT_ID}/sessions`)
      .flush({ items: sessions, total: sessions.length });
    fixture.detectChanges();
    httpTesting
      .expectOne(`/api/v1/clinics/${RIVERSIDE.id}/thresholds`)
      .flush({ clinicId: RIVERSIDE.id, thresholds: { phq9: { maxMissingItems } } });
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  const radios = (item: number): HTMLButtonElement[] =>
    Array.from(
      page().querySelectorAll<HTMLButtonElement>(
        `[data-testid="phq9-item-${item}"] [role="radio"]`,
      ),
    );
  const checked = (item: number): number | null => {
    const index = radios(item).findIndex((radio) => radio.getAttribute('aria-checked') === 'true');
    return index < 0 ? null : index;
  };

  function answer(answers: (number | null)[]): void {
    answers.forEach((value, index) => {
      if (value !== null) {
        radios(index + 1)[value]?.click();
      }
    });
    fixture.detectChanges();
  }

  function press(target: HTMLElement, key: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    fixture.detectChanges();
  }

  function choose(id: string, value: string): void {
    const select = query(page(), `#${id}`, HTMLSelectElement);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  function save(): TestRequest[] {
    buttonLabelled(page(), 'Save PHQ-9').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: `/api/v1/patients/${PATIENT_ID}/phq9` });
  }

  /** The lines of the confirmation shown before saving anything incomplete. */
  const confirmation = (): string[] =>
    Array.from(page().querySelectorAll('[data-testid="phq9-confirm"] li'), (li) =>
      normalize(li.textContent),
    );

  function saveAnyway(): TestRequest[] {
    query(page(), '[data-testid="phq9-confirm-save"]', HTMLButtonElement).click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: `/api/v1/patients/${PATIENT_ID}/phq9` });
  }

  it('shows the nine items in the standard wording with the LOINC answer labels', () => {
    setUp();
    const items = Array.from(page().querySelectorAll('.items > li'));
    expect(items).toHaveLength(9);
    expect(textOf(items[0], '.item__question')).toBe(
      '1. Little interest or pleasure in doing things',
    );
    expect(textOf(items[8], '.item__question')).toContain(
      '9. Thoughts that you would be better off dead or of hurting yourself in some way',
    );
    expect(items[8]?.getAttribute('data-loinc')).toBe('44260-8');
    expect(items[8]?.className).toContain('item--safety');
    const labels = (item: number): string[] =>
      radios(item).map(
        (radio) =>
          `${textOf(radio, '.answer__score') ?? ''} ${textOf(radio, '.answer__label') ?? ''}`,
      );
    expect(labels(1)).toEqual([
      '0 Not at all',
      '1 Several days',
      '2 More than half the days',
      '3 Nearly every day',
    ]);
    expect(labels(10)).toEqual([
      '0 Not difficult at all',
      '1 Somewhat difficult',
      '2 Very difficult',
      '3 Extremely difficult',
    ]);
    expect(byTestId('phq9-item-10')).toContain('Not scored');
  });

  it('words the question for the recall period chosen', () => {
    setUp();
    expect(byTestId('phq9-stem')).toContain('Choose the recall period');

    choose('phq9-recall', 'two_weeks');
    expect(byTestId('phq9-stem')).toBe(
      'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    );

    choose('phq9-recall', '24_hours');
    expect(byTestId('phq9-stem')).toBe(
      'Over the last 24 hours, how often have you been bothered by any of the following problems?',
    );
  });

  it('shows the total and severity live', () => {
    setUp();
    expect(byTestId('phq9-total')).toBe('Total: — no items answered yet');

    answer([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(byTestId('phq9-total')).toBe('Total 5 of 27');
    expect(byTestId('phq9-severity')).toBe('Mild (5–9)');

    answer([3, 3, 2, 2, 2, 0, 0, 0, 0]);
    expect(byTestId('phq9-total')).toBe('Total 12 of 27');
    expect(byTestId('phq9-severity')).toBe('Moderate (10–14)');

    answer([3, 3, 3, 3, 3, 3, 2, 1, 0]);
    expect(byTestId('phq9-total')).toBe('Total 21 of 27');
    expect(byTestId('phq9-severity')).toBe('Severe (20–27)');
    expect(byTestId('phq9-proration')).toBeNull();
  });

  it('prorates one or two blank items and explains it; three blank items are not scored', () => {
    setUp();
    answer([1, 1, 1, 1, 1, 1, 1, 2, null]);
    // 9 answered-item points over 8 items x 9 = 10.125 -> 10
    expect(byTestId('phq9-total')).toBe('Total 10 of 27 prorated');
    expect(byTestId('phq9-severity')).toBe('Moderate (10–14)');
    expect(byTestId('phq9-proration')).toBe(
      '1 item blank: the total is the mean of the 8 answered items × 9, rounded. Up to 2 blank items can be prorated.',
    );
    expect(byTestId('phq9-answered')).toBe('8 of 9 answered · blank: item 9');

    // Clear item 1: two blank, still prorated (8 points over 7 items x 9 = 10.29 -> 10).
    buttonLabelled(page(), 'Clear').click();
    fixture.detectChanges();
    expect(byTestId('phq9-total')).toBe('Total 10 of 27 prorated');
    expect(byTestId('phq9-proration')).toContain('2 items blank: the total is the mean of the 7');
  });

  it('says when too many items are blank to score', () => {
    setUp();
    answer([2, 2, 2, 2, 2, 2, null, null, null]);
    expect(byTestId('phq9-total')).toBe('Not scored');
    expect(byTestId('phq9-proration')).toBe(
      '3 items blank: more than 2 blank items cannot be prorated. The questionnaire is saved but not scored, and left out of outcomes.',
    );
    expect(byTestId('phq9-severity')).toBeNull();
  });

  it('follows the clinic’s rule for blank items (no blank items allowed)', () => {
    setUp(0);
    answer([1, 1, 1, 1, 1, 1, 1, 2, null]);
    expect(byTestId('phq9-total')).toBe('Not scored');
    expect(byTestId('phq9-proration')).toBe(
      '1 item blank: this clinic scores complete questionnaires only. The questionnaire is saved but not scored, and left out of outcomes.',
    );
  });

  it('raises the item 9 alert for any answer above 0', () => {
    setUp();
    answer([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(page().querySelector('[data-testid="phq9-item9-alert"]')).toBeNull();

    answer([null, null, null, null, null, null, null, null, 1]);
    const alert = query(page(), '[data-testid="phq9-item9-alert"]', HTMLElement);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(normalize(alert.textContent)).toContain(
      'Item 9 positive: same-day clinician review required',
    );
    expect(normalize(alert.textContent)).toContain('Item 9 answered “Several days” (1)');
    expect(page().querySelector('[data-testid="phq9-item-9"]')?.className).toContain(
      'item--positive',
    );
  });

  it('answers by keyboard: one tab stop per item, arrows move and choose, digits choose', () => {
    setUp();
    const first = radios(1);
    expect(first.map((radio) => radio.tabIndex)).toEqual([0, -1, -1, -1]);

    first[0]?.focus();
    press(first[0], 'ArrowRight');
    expect(checked(1)).toBe(0 + 1);
    expect(document.activeElement).toBe(radios(1)[1]);
    expect(radios(1).map((radio) => radio.tabIndex)).toEqual([-1, 0, -1, -1]);

    press(radios(1)[1], 'ArrowDown');
    expect(checked(1)).toBe(2);
    press(radios(1)[2], 'ArrowLeft');
    expect(checked(1)).toBe(1);
    press(radios(1)[1], 'End');
    expect(checked(1)).toBe(3);
    press(radios(1)[3], 'ArrowRight'); // wraps
    expect(checked(1)).toBe(0);
    press(radios(1)[0], '2');
    expect(checked(1)).toBe(2);
    expect(document.activeElement).toBe(radios(1)[2]);
    expect(byTestId('phq9-total')).toBe('Not scored'); // 8 blank

    press(radios(1)[2], 'Delete');
    expect(checked(1)).toBeNull();

    // Other items are untouched by the keys of item 1.
    expect(checked(2)).toBeNull();
    expect(radios(2).map((radio) => radio.tabIndex)).toEqual([0, -1, -1, -1]);
  });

  it('needs the recall period before saving', () => {
    setUp();
    answer([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(save()).toHaveLength(0);
    expect(textOf(page(), '#phq9-recall-error')).toBe('Choose the recall period');
    expect(document.activeElement?.id).toBe('phq9-recall');
  });

  it('shows the latest dose before the time given to help choose the recall', () => {
    setUp();
    typeInto(query(page(), '#phq9-time', HTMLInputElement), '05/03/2026');
    typeInto(query(page(), '#phq9-time-time', HTMLInputElement), '12:00');
    fixture.detectChanges();
    expect(byTestId('phq9-latest-dose')).toContain(
      'Latest dose: session 2, 26 h before this questionnaire.',
    );
    const options = Array.from(query(page(), '#phq9-session', HTMLSelectElement).options).map(
      (option) => normalize(option.textContent),
    );
    expect(options).toEqual([
      'Not linked to a session',
      'Session 2 · 4 Mar 2026, 10:00 · Ketamine IV 35 mg',
      'Session 1 · 1 Mar 2026, 10:00 · Ketamine IV 35 mg',
    ]);
  });

  it('saves the answers (blank items as null) and goes back to the patient page', () => {
    setUp();
    choose('phq9-recall', '24_hours');
    typeInto(query(page(), '#phq9-time', HTMLInputElement), '05/03/2026');
    typeInto(query(page(), '#phq9-time-time', HTMLInputElement), '12:00');
    choose('phq9-session', '44444444-4444-4444-8444-444444444444');
    answer([2, 1, 1, 0, 0, 1, 0, null, 1]);
    radios(10)[1]?.click();
    fixture.detectChanges();

    // A blank item is never saved by accident: the first Save asks, listing it.
    expect(save()).toHaveLength(0);
    expect(confirmation()).toEqual(['Item 8: not answered.']);
    const [request] = saveAnyway();
    expect(request?.request.body).toEqual({
      administeredAt: new Date('2026-03-05T12:00').toISOString(),
      items: [2, 1, 1, 0, 0, 1, 0, null, 1],
      item10: 1,
      recall: '24_hours',
      sessionId: '44444444-4444-4444-8444-444444444444',
    } satisfies CreatePhq9Request);
    request?.flush({ id: 'phq9-1' }, { status: 201, statusText: 'Created' });

    expect(navigate).toHaveBeenCalledWith(['/patients', PATIENT_ID]);
  });

  it('requires item 9 to be answered or marked “Not asked” (CLINICAL.md s4 v2)', () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    answer([1, 1, 1, 1, 1, 1, 1, 1, null]);
    expect(save()).toHaveLength(0);
    expect(textOf(page(), '#phq9-item9-error')).toBe(
      'Answer item 9, or choose “Not asked”: without it suicidality is unknown.',
    );
    expect(document.activeElement?.id).toBe('phq9-item-9-question');
  });

  it('sends item 9 as null when “Not asked”, with the reason on screen; an answer clears it', () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    typeInto(query(page(), '#phq9-time', HTMLInputElement), '05/03/2026');
    typeInto(query(page(), '#phq9-time-time', HTMLInputElement), '12:00');
    answer([1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const notAsked = query(page(), '[data-testid="phq9-item9-not-asked"]', HTMLInputElement);
    notAsked.click();
    fixture.detectChanges();
    expect(checked(9)).toBeNull();
    expect(byTestId('phq9-item9-not-asked-hint')).toBe(
      'Item 9 not asked: suicidality is unknown. Saving raises a warning flag to ask item 9 the same day.',
    );
    // Answering item 9 takes back “Not asked”; ticking it again clears the answer.
    radios(9)[0]?.click();
    fixture.detectChanges();
    expect(notAsked.checked).toBe(false);
    notAsked.click();
    fixture.detectChanges();

    expect(save()).toHaveLength(0);
    expect(confirmation()).toEqual([
      'Item 9 (thoughts of self-harm): not asked. Suicidality is unknown; a warning flag asks for item 9 the same day.',
      'Item 10 (how difficult the problems made things): not answered; it is not scored.',
    ]);
    const [request] = saveAnyway();
    expect(request?.request.body).toEqual({
      administeredAt: new Date('2026-03-05T12:00').toISOString(),
      items: [1, 1, 1, 1, 1, 1, 1, 1, null],
      recall: 'two_weeks',
    } satisfies CreatePhq9Request);
    request?.flush({ id: 'phq9-1' }, { status: 201, statusText: 'Created' });
  });

  it('shows the server’s messages at the item they name', () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    answer([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    radios(10)[0]?.click();
    fixture.detectChanges();
    const [request] = save();
    request?.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'items.8 must be an integer from 0 to 3 or null',
          'administeredAt must not be in the future',
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    expect(textOf(query(page(), '[data-testid="phq9-item-9"]', HTMLElement), '.field__error')).toBe(
      'Item 9 must be an integer from 0 to 3 or null',
    );
    expect(textOf(page(), '#phq9-time-error')).toBe('Time given must not be in the future');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('saves a complete PHQ-9 at once, without asking', () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    answer([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const [request] = save();
    expect(page().querySelector('[data-testid="phq9-confirm"]')).toBeNull();
    expect(request?.request.body.items).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    request?.flush({ id: 'phq9-1' }, { status: 201, statusText: 'Created' });
  });

  it('“Go back and answer” closes the confirmation and focuses the first blank item', async () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    answer([1, 1, null, 1, 1, 1, 1, 1, 0]);
    radios(10)[0]?.click();
    fixture.detectChanges();
    expect(save()).toHaveLength(0);
    expect(confirmation()).toEqual(['Item 3: not answered.']);
    query(page(), '[data-testid="phq9-confirm-back"]', HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(page().querySelector('[data-testid="phq9-confirm"]')).toBeNull();
    expect(document.activeElement).toBe(radios(3)[0]);
  });

  it('Enter in an item moves to the next item and never saves; the Clear buttons are not Tab stops', () => {
    setUp();
    choose('phq9-recall', 'two_weeks');
    radios(1)[2]?.click();
    fixture.detectChanges();
    radios(1)[2]?.focus();
    press(radios(1)[2], 'Enter');
    expect(httpTesting.match({ method: 'POST' })).toHaveLength(0);
    expect(checked(1)).toBe(2);
    expect(document.activeElement).toBe(radios(2)[0]);
    // Enter on item 2's first answer chooses nothing either.
    press(radios(2)[0], 'Enter');
    expect(checked(2)).toBeNull();
    expect(document.activeElement).toBe(radios(3)[0]);
    const clears = Array.from(page().querySelectorAll<HTMLButtonElement>('.item__clear'));
    expect(clears).toHaveLength(10);
    expect(clears.every((button) => button.tabIndex === -1)).toBe(true);
  });
});
