import { HttpTestingController } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Role } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { RIVERSIDE, aUser } from '../../../testing/fixtures';
import { RemsFormPage } from './rems-form.page';
import { SESSION_ID, aRemsForm } from './rems.fixtures';

const FORM_URL = `/api/v1/sessions/${SESSION_ID}/rems`;

describe('RemsFormPage', () => {
  let fixture: ComponentFixture<RemsFormPage>;
  let httpTesting: HttpTestingController;

  function setUp(role: Role): void {
    const user = signal(aUser({ role }));
    TestBed.configureTestingModule({
      imports: [RemsFormPage],
      providers: [
        ...provideTestApp({
          routes: [],
          auth: { user, role: computed(() => user().role) },
          clinicContext: {
            clinicId: signal(RIVERSIDE.id),
            clinic: signal({ ...RIVERSIDE, timezone: 'UTC' }),
            load: () => undefined,
            timeZoneOf: () => 'UTC',
          },
        }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RemsFormPage);
    fixture.componentRef.setInput('sessionId', SESSION_ID);
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const field = (name: string): HTMLElement =>
    query(page(), `[data-testid="rems-field-${name}"]`, HTMLElement);
  const input = (id: string): HTMLInputElement => query(page(), `#${id}`, HTMLInputElement);
  function load(form = aRemsForm()): void {
    httpTesting.expectOne({ method: 'GET', url: FORM_URL }).flush(form);
    fixture.detectChanges();
  }

  it('shows every field grouped as the paper form, with where it comes from; the missing ones said and marked', () => {
    setUp('nurse');
    expect(textOf(page(), '[data-testid="rems-form-loading"]')).toBe('Loading the form…');
    load();

    expect(
      Array.from(page().querySelectorAll('.rems__group h2'), (h) => normalize(h.textContent)),
    ).toEqual([
      'Monitoring provider and setting',
      'Patient',
      'Treatment',
      'Concomitant medicines',
      'Dose',
      'Monitoring',
      'Vital signs',
      'Adverse events',
      'Correct or complete a field',
      'Mark submitted',
    ]);
    expect(normalize(field('bp.preDose').textContent)).toBe(
      'Blood pressure before the dose 130/80 mmHg at -5 min From: The last observation at or before the dose start',
    );
    expect(normalize(field('concomitant.benzodiazepines').textContent)).toContain('Yes');
    const missing = field('bp.at40Min');
    expect(missing.classList).toContain('rems__field--missing');
    expect(normalize(missing.textContent)).toContain('Missing Not in the records');
    expect(field('lotNumber').classList).not.toContain('rems__field--missing');
    expect(textOf(page(), '[data-testid="rems-form-missing"]')).toBe(
      '3 missing: Monitoring provider, Healthcare setting, Blood pressure at 40 min',
    );
    expect(buttonLabelled(page(), 'Mark submitted').disabled).toBe(true);
  });

  it('saves provider and setting with If-Match of the form version, then says what is still missing', () => {
    setUp('nurse');
    load();
    typeInto(input('rems-provider'), ' Nora Nurse, RN ');
    typeInto(input('rems-setting'), 'Riverside Clinic');
    buttonLabelled(page(), 'Save provider and setting').click();
    fixture.detectChanges();

    const request = httpTesting.expectOne({ method: 'PATCH', url: FORM_URL });
    expect(request.request.headers.get('If-Match')).toBe('"0"');
    expect(request.request.body).toEqual({
      monitoringProvider: 'Nora Nurse, RN',
      setting: 'Riverside Clinic',
    });
    request.flush(
      aRemsForm({
        monitoringProvider: 'Nora Nurse, RN',
        setting: 'Riverside Clinic',
        version: 1,
        missing: ['bp.at40Min'],
      }),
    );
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-notice"]')).toBe(
      'Provider and setting saved. Still missing: Blood pressure at 40 min.',
    );
  });

  it('completes a missing field with a correction and its reason; the server refusing the value is shown at the correction', () => {
    setUp('psychiatrist');
    load(aRemsForm({ version: 2 }));
    const select = query(page(), '#rems-correction-field', HTMLSelectElement);
    select.value = 'bp.at40Min';
    select.dispatchEvent(new Event('change'));
    typeInto(input('rems-correction-value'), '150 / 92');
    typeInto(input('rems-correction-reason'), 'Paper chart');
    fixture.detectChanges();
    expect(textOf(page(), '#rems-correction-value-hint')).toBe('systolic/diastolic, e.g. 142/88');
    buttonLabelled(page(), 'Save the correction').click();
    fixture.detectChanges();

    const refused = httpTesting.expectOne({ method: 'PATCH', url: FORM_URL });
    expect(refused.request.headers.get('If-Match')).toBe('"2"');
    expect(refused.request.body).toEqual({
      corrections: [{ field: 'bp.at40Min', value: '150 / 92', reason: 'Paper chart' }],
    });
    refused.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['corrections.0.value must be a blood pressure systolic/diastolic for bp.at40Min'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(textOf(page(), '#rems-correction-error')).toBe(
      'The value must be a blood pressure systolic/diastolic for bp.at40Min',
    );

    typeInto(input('rems-correction-value'), '150/92');
    buttonLabelled(page(), 'Save the correction').click();
    fixture.detectChanges();
    httpTesting.expectOne({ method: 'PATCH', url: FORM_URL }).flush(
      aRemsForm({
        version: 3,
        missing: ['monitoringProvider', 'setting'],
        corrections: [
          {
            field: 'bp.at40Min',
            value: '150/92',
            reason: 'Paper chart',
            original: null,
            correctedAt: '2026-03-02T14:00:00.000Z',
            correctedBy: 'u1',
          },
        ],
      }),
    );
    fixture.detectChanges();
    const corrected = field('bp.at40Min');
    expect(textOf(corrected, '.rems__original')).toBe('Records gave: Not in the records');
    expect(textOf(corrected, '.rems__original s')).toBe('Not in the records');
    expect(textOf(corrected, 'strong')).toBe('Corrected: 150/92');
    expect(textOf(corrected, '.rems__reason')).toBe('Reason: Paper chart');
    expect(field('bp.at40Min').classList).not.toContain('rems__field--missing');
    expect(input('rems-correction-value').value).toBe('');
  });

  it('marks a complete form submitted with the time and reference, then shows who and when', () => {
    setUp('nurse');
    load(
      aRemsForm({
        version: 4,
        missing: [],
        complete: true,
        monitoringProvider: 'N',
        setting: 'S',
      }),
    );
    const boxes = page().querySelectorAll<HTMLInputElement>('app-date-time-input input');
    typeInto(boxes[0], '03/03/2026');
    boxes[0].dispatchEvent(new Event('blur'));
    typeInto(boxes[1], '09:30');
    boxes[1].dispatchEvent(new Event('blur'));
    typeInto(input('rems-reference'), 'REMS-7');
    fixture.detectChanges();
    buttonLabelled(page(), 'Mark submitted').click();
    fixture.detectChanges();

    const request = httpTesting.expectOne({ method: 'POST', url: `${FORM_URL}/submitted` });
    expect(request.request.headers.get('If-Match')).toBe('"4"');
    expect(request.request.body).toEqual({
      submittedAt: '2026-03-03T09:30:00.000Z',
      reference: 'REMS-7',
    });
    request.flush(
      aRemsForm({
        version: 5,
        missing: [],
        submittedAt: '2026-03-03T09:30:00.000Z',
        submittedByName: 'Sam Reyes',
        reference: 'REMS-7',
      }),
    );
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-form-submitted"]')).toContain(
      'by Sam Reyes · reference REMS-7',
    );
    // Submitted: nothing more to change.
    expect(page().querySelector('#rems-provider')).toBeNull();
    expect(page().querySelector('#rems-correction-field')).toBeNull();
  });

  it('lets a manager read the form without editing it', () => {
    setUp('manager');
    load();
    expect(page().querySelector('form')).toBeNull();
    const staff = Array.from(
      page().querySelectorAll('.rems__group:first-of-type .rems__field'),
      (row) => [textOf(row, 'dt'), textOf(row, 'dd')],
    );
    expect(staff).toEqual([
      ['Monitoring provider', 'Not recorded'],
      ['Healthcare setting', 'Not recorded'],
    ]);
  });

  it('says when the session is not found or not esketamine, and offers a retry on failure', () => {
    setUp('nurse');
    httpTesting
      .expectOne(FORM_URL)
      .flush(
        { statusCode: 500, error: 'x', message: 'x' },
        { status: 500, statusText: 'Server Error' },
      );
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-form-error"]')).toContain('could not be loaded');
    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    httpTesting.expectOne(FORM_URL).flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'The REMS monitoring form applies to esketamine sessions only',
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="rems-form-refused"]')).toBe(
      'The REMS monitoring form applies to esketamine sessions only',
    );
  });
});
