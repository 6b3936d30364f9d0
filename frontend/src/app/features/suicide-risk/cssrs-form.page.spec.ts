import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { CreateCssrsRequest, CssrsDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { RIVERSIDE, aPatient } from '../../../testing/fixtures';
import { PATIENT_ID, aCssrs, aFlag } from '../../../testing/patient-fixtures';
import { localInputToIso } from '../../ui/local-time';
import { CssrsFormPage } from './cssrs-form.page';

const PHQ9_ID = '77777777-7777-4777-8777-777777777777';
const ITEM9_FLAG = aFlag({
  id: 'flag-item9',
  rule: 'phq9.item9_positive',
  category: 'suicidality',
  severity: 'critical',
  evidence: {
    phq9: [
      { id: 'older-phq9', administeredAt: '2026-10-01T08:00:00.000Z', item9: 1 },
      { id: PHQ9_ID, administeredAt: '2026-10-06T08:00:00.000Z', item9: 2 },
    ],
  },
});

/** Answers in question order; the field names follow the screener (Q1-Q6, then 6b). */
type Answer = 'yes' | 'no';

describe('CssrsFormPage', () => {
  let fixture: ComponentFixture<CssrsFormPage>;
  let httpTesting: HttpTestingController;
  let navigate: jest.SpyInstance;

  function setUp(flagId?: string): void {
    TestBed.configureTestingModule({
      imports: [CssrsFormPage],
      providers: [...provideTestApp({ routes: [] })],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CssrsFormPage);
    fixture.componentRef.setInput('id', PATIENT_ID);
    if (flagId) {
      fixture.componentRef.setInput('flagId', flagId);
    }
    fixture.detectChanges();
    httpTesting
      .expectOne(`/api/v1/patients/${PATIENT_ID}`)
      .flush(aPatient({ id: PATIENT_ID, clinicId: RIVERSIDE.id, givenName: 'Ada' }));
    if (flagId) {
      const flags = httpTesting.expectOne((request) => request.url === '/api/v1/flags');
      expect(flags.request.params.get('patientId')).toBe(PATIENT_ID);
      flags.flush({ items: [ITEM9_FLAG], total: 1 });
    }
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  /** The question numbers on screen, in order ("6b": the past-3-months follow-up). */
  const shownQuestions = (): string[] =>
    Array.from(page().querySelectorAll('fieldset legend .cssrs__number'), (n) =>
      normalize(n.textContent).replace('.', ''),
    );

  function choose(group: string, answer: Answer): void {
    const radio = query(
      page(),
      `input[type="radio"][name="${group}"][value="${answer === 'yes' ? 'Yes' : 'No'}"]`,
      HTMLInputElement,
    );
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  function save(): TestRequest[] {
    buttonLabelled(page(), 'Save screener').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: `/api/v1/patients/${PATIENT_ID}/cssrs` });
  }

  it('asks questions 1, 2 and 6 in the screener’s words, each a yes/no fieldset with its question as legend', () => {
    setUp();

    expect(shownQuestions()).toEqual(['1', '2', '6']);
    const legends = Array.from(page().querySelectorAll('fieldset legend'), (l) =>
      normalize(l.textContent),
    );
    expect(legends[0]).toBe(
      '1. Have you wished you were dead or wished you could go to sleep and not wake up? Wish to be dead',
    );
    expect(legends[1]).toContain('2. Have you actually had any thoughts about killing yourself?');
    expect(legends[2]).toContain(
      '6. Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
    );
    // Native radios: one group per question, keyboard-usable with Tab and the arrow keys.
    const q1 = page().querySelectorAll('input[type="radio"][name="cssrs-q1"]');
    expect(Array.from(q1, (r) => (r.parentElement?.textContent ?? '').trim())).toEqual([
      'Yes',
      'No',
    ]);
    expect(byTestId('cssrs-risk')).toContain('shown as the questions are answered');
  });

  it('shows questions 3-5 only after a yes to question 2, and the past-3-months question only after a yes to question 6', () => {
    setUp();

    choose('cssrs-q2', 'yes');
    expect(shownQuestions()).toEqual(['1', '2', '3', '4', '5', '6']);
    choose('cssrs-q2', 'no');
    expect(shownQuestions()).toEqual(['1', '2', '6']);
    expect(byTestId('cssrs-skip-note')).toBe(
      'No to question 2: questions 3–5 are not asked. Go to question 6.',
    );
    choose('cssrs-q6', 'yes');
    expect(shownQuestions()).toEqual(['1', '2', '6', '6b']);
    expect(textOf(page(), '[data-testid="cssrs-q6-recent"] legend')).toBe(
      '6b. Was this within the past 3 months?',
    );
    choose('cssrs-q6', 'no');
    expect(shownQuestions()).toEqual(['1', '2', '6']);
  });

  it.each<[string, string, string, [string, Answer][]]>([
    [
      'all no',
      'none',
      'No risk identified',
      [
        ['q1', 'no'],
        ['q2', 'no'],
        ['q6', 'no'],
      ],
    ],
    [
      'Q1 yes only',
      'low',
      'Low risk',
      [
        ['q1', 'yes'],
        ['q2', 'no'],
        ['q6', 'no'],
      ],
    ],
    [
      'Q3 yes',
      'moderate',
      'Moderate risk',
      [
        ['q1', 'yes'],
        ['q2', 'yes'],
        ['q3', 'yes'],
        ['q4', 'no'],
        ['q5', 'no'],
        ['q6', 'no'],
      ],
    ],
    [
      'behaviour more than 3 months ago',
      'moderate',
      'Moderate risk',
      [
        ['q1', 'no'],
        ['q2', 'no'],
        ['q6', 'yes'],
        ['q6-recent', 'no'],
      ],
    ],
    [
      'Q4 yes',
      'high',
      'High risk',
      [
        ['q1', 'yes'],
        ['q2', 'yes'],
        ['q3', 'no'],
        ['q4', 'yes'],
        ['q5', 'no'],
        ['q6', 'no'],
      ],
    ],
    [
      'Q5 yes',
      'high',
      'High risk',
      [
        ['q1', 'yes'],
        ['q2', 'yes'],
        ['q3', 'no'],
        ['q4', 'no'],
        ['q5', 'yes'],
        ['q6', 'no'],
      ],
    ],
    [
      'behaviour within 3 months',
      'high',
      'High risk',
      [
        ['q1', 'no'],
        ['q2', 'no'],
        ['q6', 'yes'],
        ['q6-recent', 'yes'],
      ],
    ],
  ])('shows the risk live: %s is %s (%s)', (_, risk, label, answers) => {
    setUp();
    for (const [question, answer] of answers) {
      choose(`cssrs-${question}`, answer);
    }
    expect(page().querySelector('[data-testid="cssrs-risk"]')?.getAttribute('data-risk')).toBe(
      risk,
    );
    expect(byTestId('cssrs-risk-level')).toBe(label);
  });

  it('says what each level asks of the clinic; high risk as an emergency, announced', () => {
    setUp();
    choose('cssrs-q1', 'yes');
    expect(byTestId('cssrs-risk-action')).toContain('crisis line: 988');
    expect(byTestId('cssrs-risk-level')).toBe('Low risk so far (2 questions to answer)');

    choose('cssrs-q2', 'yes');
    choose('cssrs-q3', 'yes');
    expect(byTestId('cssrs-risk-action')).toBe('Psychiatrist review and a safety plan today.');

    choose('cssrs-q5', 'yes');
    const action = query(page(), '[data-testid="cssrs-risk-action"]', HTMLElement);
    expect(normalize(action.textContent)).toBe(
      'Emergency pathway: Do not leave the patient alone until a psychiatrist has evaluated them: start the emergency pathway now.',
    );
    expect(action.getAttribute('role')).toBe('alert');
  });

  it('drops the answers of questions 3-5 when question 2 turns to no: they are not sent', () => {
    setUp();
    choose('cssrs-q1', 'yes');
    choose('cssrs-q2', 'yes');
    choose('cssrs-q3', 'yes');
    choose('cssrs-q4', 'yes');
    choose('cssrs-q5', 'yes');
    expect(byTestId('cssrs-risk-level')).toBe('High risk so far (1 question to answer)');
    choose('cssrs-q2', 'no');
    choose('cssrs-q6', 'no');
    // The hidden answers no longer count.
    expect(byTestId('cssrs-risk-level')).toBe('Low risk');

    const [request] = save();
    const body = request.request.body as CreateCssrsRequest;
    expect(Object.keys(body).sort()).toEqual([
      'administeredAt',
      'behavior',
      'suicidalThoughts',
      'wishDead',
    ]);
    expect(body).toMatchObject({ wishDead: true, suicidalThoughts: false, behavior: false });
    request.flush(aCssrs({ risk: 'low' }));
  });

  it('asks for every shown question before sending, naming each one left blank', () => {
    setUp();
    choose('cssrs-q2', 'yes');

    expect(save()).toEqual([]);
    const errors = Array.from(page().querySelectorAll('fieldset .field__error'), (e) =>
      normalize(e.textContent),
    );
    // Only Q2 answered (yes): Q1, Q3-Q5 and Q6 are blank.
    expect(errors).toEqual([
      'Answer yes or no',
      'Answer yes or no',
      'Answer yes or no',
      'Answer yes or no',
      'Answer yes or no',
    ]);
    expect(
      Array.from(page().querySelectorAll('fieldset.choice--invalid legend .cssrs__number'), (n) =>
        normalize(n.textContent),
      ),
    ).toEqual(['1.', '3.', '4.', '5.', '6.']);
  });

  it('links the screener to the PHQ-9 of the item-9 flag it was opened from, then opens the safety plan', () => {
    setUp(ITEM9_FLAG.id);
    expect(byTestId('cssrs-phq9')).toContain('Follows the PHQ-9 of 6 Oct 2026');

    const day = query(page(), '#cssrs-time', HTMLInputElement);
    const time = query(page(), '#cssrs-time-time', HTMLInputElement);
    // Now, day first and 24-hour.
    expect(day.value).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(time.value).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    typeInto(day, '6/10/2026');
    typeInto(time, '1015');
    fixture.detectChanges();
    for (const [question, answer] of [
      ['q1', 'yes'],
      ['q2', 'yes'],
      ['q3', 'yes'],
      ['q4', 'no'],
      ['q5', 'no'],
      ['q6', 'no'],
    ] as const) {
      choose(`cssrs-${question}`, answer);
    }
    const [request] = save();
    expect(request.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);
    expect(request.request.body).toEqual({
      administeredAt: localInputToIso('2026-10-06T10:15'),
      wishDead: true,
      suicidalThoughts: true,
      method: true,
      intent: false,
      plan: false,
      behavior: false,
      phq9Id: PHQ9_ID,
    });
    const saved: CssrsDto = aCssrs({
      risk: 'moderate',
      administeredAt: '2026-10-06T09:15:00.000Z',
    });
    request.flush(saved);

    expect(navigate).toHaveBeenCalledWith(['/patients', PATIENT_ID, 'safety-plan'], {
      state: { screenerSaved: { risk: 'moderate', administeredAt: saved.administeredAt } },
    });
  });

  it('goes back to the patient when the screener finds no risk', () => {
    setUp();
    choose('cssrs-q1', 'no');
    choose('cssrs-q2', 'no');
    choose('cssrs-q6', 'no');
    save()[0].flush(aCssrs({ risk: 'none' }));
    expect(navigate).toHaveBeenCalledWith(['/patients', PATIENT_ID]);
  });

  it('shows the server’s 400 next to the form: a field’s message by its question, others on top', () => {
    setUp();
    choose('cssrs-q1', 'yes');
    choose('cssrs-q2', 'no');
    choose('cssrs-q6', 'yes');
    choose('cssrs-q6-recent', 'yes');
    save()[0].flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'administeredAt must not be in the future',
          'behaviorPast3Months must be a boolean value',
          'phq9Id must name a PHQ-9 of this patient',
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    expect(textOf(page(), '#cssrs-time-error')).toBe('Time given must not be in the future');
    expect(textOf(page(), '[data-testid="cssrs-q6-recent"] .field__error')).toBe(
      'Question 6 (within the past 3 months) must be a boolean value',
    );
    expect(textOf(page(), '[data-testid="cssrs-form-errors"] p')).toBe(
      'The screener was not saved:',
    );
    expect(textOf(page(), '[data-testid="cssrs-form-errors"] li')).toBe(
      'PHQ-9 must name a PHQ-9 of this patient',
    );
    expect(navigate).not.toHaveBeenCalled();
  });
});
