import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type CreateScreeningRequest, SCREENING_ITEMS, type ScreeningItem } from '@clinic/shared';

import { aScreening } from '../../../testing/course-fixtures';
import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { RIVERSIDE, aPatient } from '../../../testing/fixtures';
import { PATIENT_ID } from '../../../testing/patient-fixtures';
import { provideTestApp } from '../../../testing/provide-test-app';
import { ScreeningFormPage } from './screening-form.page';

describe('ScreeningFormPage', () => {
  let fixture: ComponentFixture<ScreeningFormPage>;
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ScreeningFormPage],
      providers: [...provideTestApp({ routes: [] })],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ScreeningFormPage);
    fixture.componentRef.setInput('patientId', PATIENT_ID);
    fixture.detectChanges();
    httpTesting
      .expectOne(`/api/v1/patients/${PATIENT_ID}`)
      .flush(aPatient({ id: PATIENT_ID, clinicId: RIVERSIDE.id, givenName: 'Ada' }));
    fixture.detectChanges();
  });

  afterEach(() => httpTesting.verify());

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  const itemsOf = (group: string): string[] =>
    Array.from(
      page().querySelectorAll(`[data-testid="screening-${group}"] fieldset`),
      (f) => f.getAttribute('data-testid') ?? '',
    );

  function choose(group: string, value: string): void {
    const radio = query(
      page(),
      `input[type="radio"][name="${group}"][value="${value}"]`,
      HTMLInputElement,
    );
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  function answerAll(value: 'no' | 'yes' | 'unknown', except: ScreeningItem[] = []): void {
    for (const item of SCREENING_ITEMS.filter((i) => !except.includes(i))) {
      choose(`screening-${item}`, value);
    }
  }

  function save(): TestRequest[] {
    buttonLabelled(page(), 'Save screening').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: `/api/v1/patients/${PATIENT_ID}/screenings` });
  }

  it('groups the items by the chosen drug: esketamine has four absolute contraindications, ketamine one', () => {
    expect(byTestId('screening-choose-drug')).toContain('Choose the drug');

    choose('screening-drug', 'esketamine');
    expect(itemsOf('absolute')).toEqual([
      'screening-aneurysmal_vascular_disease',
      'screening-arteriovenous_malformation',
      'screening-intracerebral_haemorrhage',
      'screening-hypersensitivity',
    ]);
    expect(itemsOf('relative')).toHaveLength(6);
    expect(page().querySelector('#screening-rems')).not.toBeNull();

    choose('screening-drug', 'ketamine');
    expect(itemsOf('absolute')).toEqual(['screening-hypersensitivity']);
    expect(itemsOf('relative')).toHaveLength(9);
    expect(page().querySelector('#screening-rems')).toBeNull();
    // Each item is a No / Yes / Unknown radio group with the plain-English question as legend.
    const labels = Array.from(
      page().querySelectorAll('[data-testid="screening-psychosis_or_mania"] label'),
      (l) => normalize(l.textContent),
    );
    expect(labels).toEqual(['No', 'Yes', 'Unknown']);
    expect(textOf(page(), '[data-testid="screening-psychosis_or_mania"] legend')).toBe(
      'Current psychosis or mania',
    );
  });

  it('refuses to send without a drug, the answers, a note for each yes and the REMS date for esketamine', () => {
    expect(save()).toHaveLength(0);
    expect(textOf(page(), '[data-testid="screening-drug"] .field__error')).toBe(
      'Choose the drug of the course',
    );

    choose('screening-drug', 'esketamine');
    answerAll('no', ['uncontrolled_hypertension']);
    choose('screening-uncontrolled_hypertension', 'yes');
    expect(save()).toHaveLength(0);
    expect(textOf(page(), '#screening-note-uncontrolled_hypertension-error')).toBe(
      'Write your decision on this yes (required)',
    );
    expect(textOf(page(), '#screening-rems-error')).toContain('REMS enrolment');
  });

  it('sends the screening and shows the result with the way on to "Start course"', () => {
    choose('screening-drug', 'ketamine');
    answerAll('no', ['uncontrolled_hypertension', 'substance_use_disorder']);
    choose('screening-uncontrolled_hypertension', 'yes');
    choose('screening-substance_use_disorder', 'unknown');
    const note = query(
      page(),
      '[data-testid="screening-note-uncontrolled_hypertension"]',
      HTMLTextAreaElement,
    );
    note.value = ' BP 150/95 on amlodipine; reviewed by GP ';
    note.dispatchEvent(new Event('input'));
    const benzo = query(
      page(),
      'input[type="checkbox"][value="benzodiazepines"]',
      HTMLInputElement,
    );
    benzo.checked = true;
    benzo.dispatchEvent(new Event('change'));
    fixture.detectChanges();

    const [request] = save();
    const body = request.request.body as CreateScreeningRequest;
    expect(body.drug).toBe('ketamine');
    expect(body.answers.uncontrolled_hypertension).toBe('yes');
    expect(body.answers.substance_use_disorder).toBe('unknown');
    expect(body.answers.hypersensitivity).toBe('no');
    expect(body.notes).toEqual({
      uncontrolled_hypertension: 'BP 150/95 on amlodipine; reviewed by GP',
    });
    expect(body.concomitant).toEqual(['benzodiazepines']);
    expect(body.consentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.screenedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect('remsEnrolledAt' in body).toBe(false);
    expect(request.request.headers.get('Idempotency-Key')).toBeTruthy();

    request.flush(
      aScreening({
        id: 'scr-9',
        result: 'eligible_with_warnings',
        relative: ['uncontrolled_hypertension'],
        unknown: ['substance_use_disorder'],
        validUntil: '2026-10-31T09:00:00.000Z',
      }),
    );
    fixture.detectChanges();

    expect(byTestId('screening-result')).toContain('Screening saved: Eligible with warnings');
    expect(byTestId('screening-result-relative')).toBe('Uncontrolled hypertension');
    expect(byTestId('screening-result-unknown')).toContain('Active substance use disorder');
    expect(byTestId('screening-result-valid')).toBe('Valid until 31 Oct 2026.');
    const start = query(page(), '[data-testid="screening-start-course"]', HTMLAnchorElement);
    expect(start.getAttribute('href')).toBe(`/record/course/${PATIENT_ID}?screeningId=scr-9`);
  });

  it('says a contraindicated result needs an override reason to start a course', () => {
    choose('screening-drug', 'ketamine');
    answerAll('no');
    const [request] = save();
    request.flush(aScreening({ result: 'contraindicated', absolute: ['hypersensitivity'] }));
    fixture.detectChanges();

    expect(byTestId('screening-result')).toContain('Contraindicated');
    expect(byTestId('screening-result-absolute')).toContain('Hypersensitivity');
    expect(byTestId('screening-result')).toContain('screening.override');
  });

  it('shows the server’s 400 against the field it names, nested item keys included', () => {
    choose('screening-drug', 'ketamine');
    answerAll('no');
    const [request] = save();
    request.flush(
      {
        statusCode: 400,
        message: [
          'screenedAt must not be in the future',
          'answers.hypersensitivity must be one of no, yes, unknown',
          'something else went wrong',
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    expect(textOf(page(), '#screening-time-error')).toBe('Screened at must not be in the future');
    expect(textOf(page(), '[data-testid="screening-hypersensitivity"] .field__error')).toBe(
      'Hypersensitivity to esketamine, ketamine or an excipient must be one of no, yes, unknown',
    );
    expect(byTestId('screening-form-errors')).toContain('something else went wrong');
    expect(page().querySelector('[data-testid="screening-result"]')).toBeNull();
  });
});
