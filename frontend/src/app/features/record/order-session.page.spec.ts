import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap } from '@angular/router';
import {
  type ClinicThresholds,
  type CourseDto,
  type CreateSessionRequest,
  DEFAULT_THRESHOLDS,
  mergeThresholds,
  type FlagDto,
  type PatientDto,
  type SessionSummaryDto,
} from '@clinic/shared';
import { of } from 'rxjs';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, query, textOf, typeInto } from '../../../testing/dom';
import { aPatient } from '../../../testing/fixtures';
import { aFlag, aSession } from '../../../testing/patient-fixtures';
import { aCourse } from '../../../testing/course-fixtures';
import { toLocalInputValue } from '../../ui/local-time';
import { OrderSessionPage } from './order-session.page';

/** Types into a text area the way a user does (sets the value, fires `input`). */
function typeText(field: HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

describe('OrderSessionPage', () => {
  let fixture: ComponentFixture<OrderSessionPage>;
  let httpTesting: HttpTestingController;
  let navigate: jest.SpyInstance;
  const patient: PatientDto = aPatient({
    id: '11111111-1111-4111-8111-111111111111',
    givenName: 'Ada',
    familyName: 'Okonkwo',
    mrn: 'RC-0042',
    weightKg: 70,
  });

  function setUp(
    answer: PatientDto = patient,
    thresholds: ClinicThresholds = DEFAULT_THRESHOLDS,
    history: { sessions?: SessionSummaryDto[]; flags?: FlagDto[]; courses?: CourseDto[] } = {},
  ): void {
    TestBed.configureTestingModule({
      imports: [OrderSessionPage],
      providers: [
        ...provideTestApp({ routes: [] }),
        {
          provide: ActivatedRoute,
          useValue: { paramMap: of(convertToParamMap({ patientId: patient.id })) },
        },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(OrderSessionPage);
    fixture.detectChanges();
    httpTesting.expectOne(`/api/v1/patients/${patient.id}`).flush(answer);
    fixture.detectChanges();
    // The clinic's dose limits (CLINICAL.md s2 v2), for the live checks.
    httpTesting
      .expectOne(`/api/v1/clinics/${answer.clinicId}/thresholds`)
      .flush({ clinicId: answer.clinicId, thresholds, overrides: {}, version: 1 });
    // The patient's courses: the active one's proposal (CLINICAL.md s8).
    const courses = history.courses ?? [];
    httpTesting
      .expectOne((r) => r.url === `/api/v1/patients/${answer.id}/courses`)
      .flush({ items: courses, total: courses.length });
    // The previous sessions and the flags: the dose pre-fill and the warnings (issue 20).
    const sessions = history.sessions ?? [];
    httpTesting
      .expectOne((r) => r.url === `/api/v1/patients/${answer.id}/sessions`)
      .flush({ items: sessions, total: sessions.length });
    const flags = history.flags ?? [];
    httpTesting
      .expectOne((r) => r.url === '/api/v1/flags' && r.params.get('patientId') === answer.id)
      .flush({ items: flags, total: flags.length });
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const input = (selector: string): HTMLInputElement => query(page(), selector, HTMLInputElement);
  const routeSelect = (): HTMLSelectElement => query(page(), '#session-route', HTMLSelectElement);
  const submitButton = (): HTMLButtonElement => buttonLabelled(page(), 'Order session');
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  const all = (id: string): string[] =>
    Array.from(page().querySelectorAll(`[data-testid="${id}"]`)).map((element) =>
      (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );

  function type(selector: string, value: string): void {
    typeInto(input(selector), value);
    fixture.detectChanges();
  }

  /** The day and the 24-hour time boxes of the session's time, from 'YYYY-MM-DDTHH:MM'. */
  function typeStart(local: string): void {
    const [day, time] = local.split('T');
    type('#session-start', day);
    type('#session-start-time', time);
  }

  function chooseDrug(drug: 'ketamine' | 'esketamine'): void {
    const radio = input(`#session-drug-${drug}`);
    radio.click();
    fixture.detectChanges();
  }

  function sessionRequest(): TestRequest {
    return httpTesting.expectOne(
      (r) => r.method === 'POST' && r.url === `/api/v1/patients/${patient.id}/sessions`,
    );
  }
  const noSessionRequest = (): void =>
    httpTesting.expectNone(
      (r) => r.method === 'POST' && r.url === `/api/v1/patients/${patient.id}/sessions`,
    );

  it('shows the patient and prefills the weight from the record', () => {
    setUp();
    expect(byTestId('session-patient')).toContain('Okonkwo, Ada');
    expect(byTestId('session-patient')).toContain('MRN RC-0042');
    expect(input('#session-weight').value).toBe('70');
  });

  it('shows the dose per kg as the dose is typed, with the limits in words', () => {
    setUp();
    expect(byTestId('dose-limits')).toBe(
      'usual 0.5 mg/kg over 40 min (range used 0.1-0.75 mg/kg); above 0.75 mg/kg is flagged; above 1.0 mg/kg is refused',
    );

    type('#session-dose', '35');
    expect(byTestId('dose-amount')).toBe('0.50 mg/kg');
    expect(all('dose-warning')).toEqual([]);
    expect(all('dose-error')).toEqual([]);
    expect(submitButton().disabled).toBe(false);

    type('#session-dose', '3');
    expect(byTestId('dose-amount')).toBe('0.043 mg/kg');

    // The weight typed for today wins over the record's.
    type('#session-dose', '35');
    type('#session-weight', '50');
    expect(byTestId('dose-amount')).toBe('0.70 mg/kg');
  });

  it('flags a dose above the usual range in amber and refuses one above the maximum', () => {
    setUp();
    type('#session-dose', '56');
    expect(byTestId('dose-amount')).toBe('0.80 mg/kg');
    expect(all('dose-warning')).toEqual([
      'Will be flagged: 0.8 mg/kg is above the usual maximum of 0.75 mg/kg for IV ketamine',
    ]);
    expect(query(page(), '[data-testid="dose-summary"]', HTMLElement).className).toContain(
      'dose--warning',
    );
    expect(submitButton().disabled).toBe(false);

    type('#session-dose', '75');
    expect(byTestId('dose-amount')).toBe('1.071 mg/kg');
    expect(all('dose-error')).toEqual([
      'Will be refused: Dose 1.071 mg/kg exceeds the sanity maximum of 1 mg/kg for IV ketamine',
    ]);
    expect(query(page(), '[data-testid="dose-summary"]', HTMLElement).className).toContain(
      'dose--error',
    );
    expect(submitButton().disabled).toBe(true);
  });

  it("warns and refuses against the clinic's lower limits, with the s2 maxima beside them", () => {
    setUp(
      patient,
      mergeThresholds({ doseLimits: { 'ketamine.iv': { usualMax: 0.6, sanityMax: 0.8 } } }),
    );
    expect(byTestId('dose-limits')).toBe(
      'usual 0.5 mg/kg over 40 min (range used 0.1-0.75 mg/kg); above 0.6 mg/kg is flagged (clinic limit; CLINICAL.md s2: 0.75 mg/kg); above 0.8 mg/kg is refused (clinic limit; CLINICAL.md s2 maximum: 1.0 mg/kg)',
    );
    type('#session-dose', '45.5');
    expect(all('dose-warning')).toEqual([
      "Will be flagged: 0.65 mg/kg is above the clinic's usual maximum of 0.6 mg/kg for IV ketamine",
    ]);
    type('#session-dose', '59.5');
    expect(all('dose-error')).toEqual([
      "Will be refused: Dose 0.85 mg/kg exceeds the clinic's sanity maximum of 0.8 mg/kg for IV ketamine",
    ]);
    expect(submitButton().disabled).toBe(true);
  });

  it('pre-fills 40 infusion minutes for IV ketamine and requires them', () => {
    setUp();
    expect(input('#session-infusion').value).toBe('40');
    expect(byTestId('session-infusion-hint')).toContain(
      'Minimum monitoring counts from the end of the infusion',
    );
    type('#session-dose', '35');
    type('#session-infusion', '');
    submitButton().click();
    fixture.detectChanges();

    noSessionRequest();
    const field = input('#session-infusion').closest('.field');
    expect(field?.querySelector('.field__error')?.textContent?.trim()).toBe(
      'Enter the infusion length: minimum monitoring counts from the end of the infusion',
    );
  });

  it('asks for a weight when neither the form nor the record has one', () => {
    setUp(aPatient({ ...patient, weightKg: null }));
    type('#session-dose', '35');
    expect(all('dose-error')).toEqual([
      'Will be refused: Weight is required for weight-based ketamine dosing (no weight on the session or the patient)',
    ]);
    expect(submitButton().disabled).toBe(true);
  });

  it('forces the intranasal route for esketamine and gives the dose in mg', () => {
    setUp();
    expect(Array.from(routeSelect().options).map((option) => option.value)).toEqual([
      'iv',
      'im',
      'oral',
      'sublingual',
    ]);

    chooseDrug('esketamine');

    expect(Array.from(routeSelect().options).map((option) => option.value)).toEqual(['intranasal']);
    expect(routeSelect().value).toBe('intranasal');
    expect(routeSelect().disabled).toBe(true);
    expect(byTestId('session-route-hint')).toBe('Esketamine is given intranasally only.');
    expect(page().querySelector('#session-infusion')).toBeNull();

    type('#session-dose', '84');
    expect(byTestId('dose-amount')).toBe('84 mg');
    expect(byTestId('dose-limits')).toContain('above 112 mg is refused');

    chooseDrug('ketamine');
    expect(routeSelect().value).toBe('iv');
    expect(routeSelect().disabled).toBe(false);
  });

  it('orders the session for the planned local time in UTC, then opens the patient page', () => {
    setUp();
    type('#session-dose', '35');
    typeStart('2026-03-02T14:05');
    type('#session-infusion', '40');
    type('#session-lot', 'KX-2291');
    type('#session-medications', 'sertraline 100 mg, , lorazepam 1 mg ');
    typeText(query(page(), '#session-notes', HTMLTextAreaElement), '  First session ');
    fixture.detectChanges();

    submitButton().click();
    fixture.detectChanges();

    const request = sessionRequest();
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      plannedAt: new Date('2026-03-02T14:05').toISOString(),
      weightKg: 70,
      infusionMinutes: 40,
      lotNumber: 'KX-2291',
      concomitantMedications: ['sertraline 100 mg', 'lorazepam 1 mg'],
      notes: 'First session',
    } satisfies CreateSessionRequest);
    request.flush({ id: 'session-1' }, { status: 201, statusText: 'Created' });

    expect(navigate).toHaveBeenCalledWith(['/patients', patient.id]);
  });

  it('sends no infusion minutes for esketamine', () => {
    setUp();
    chooseDrug('esketamine');
    type('#session-dose', '56');
    submitButton().click();
    fixture.detectChanges();

    const body = sessionRequest().request.body as CreateSessionRequest;
    expect(body.route).toBe('intranasal');
    expect(body.infusionMinutes).toBeUndefined();
  });

  it('shows the server’s 400 messages next to the field they name', () => {
    setUp();
    type('#session-dose', '35');
    typeStart('2030-01-01T09:00');
    submitButton().click();
    fixture.detectChanges();

    sessionRequest().flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['plannedAt must not be more than 24 hours ahead'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    const field = input('#session-start').closest('.field');
    expect(field?.querySelector('.field__error')?.textContent?.trim()).toBe(
      'Planned time must not be more than 24 hours ahead',
    );
    expect(input('#session-start').getAttribute('aria-invalid')).toBe('true');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('shows a 422 refusal of the clinical state above the form', () => {
    setUp();
    type('#session-dose', '35');
    submitButton().click();
    fixture.detectChanges();

    sessionRequest().flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Session 3 is still in progress; discharge it before ordering another',
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();

    expect(byTestId('session-form-errors')).toContain(
      'Session 3 is still in progress; discharge it before ordering another',
    );
    expect(submitButton().disabled).toBe(false);
  });

  it('asks for the dose before sending anything', () => {
    setUp();
    submitButton().click();
    fixture.detectChanges();

    noSessionRequest();
    expect(textOf(page(), '#session-dose + .field__error, .field .field__error')).toBe(
      'Enter the dose in mg',
    );
  });

  it('records a dose already given with its real start time (retrospective entry)', () => {
    setUp();
    input('#session-timing-given').click();
    fixture.detectChanges();
    expect(textOf(page(), 'label[for="session-start"]')).toBe('Dose given at');
    type('#session-dose', '35');
    typeStart('2026-03-02T09:30');
    buttonLabelled(page(), 'Record the dose given').click();
    fixture.detectChanges();

    const body = sessionRequest().request.body as CreateSessionRequest;
    expect(body.startedAt).toBe(new Date('2026-03-02T09:30').toISOString());
    expect(body.plannedAt).toBeUndefined();
  });

  it('pre-fills the dose from the last session given of the same drug and route', () => {
    setUp(patient, DEFAULT_THRESHOLDS, {
      sessions: [
        aSession({
          sessionNumber: 3,
          status: 'cancelled',
          doseMg: 99,
          startedAt: '2026-10-09T09:00:00.000Z',
        }),
        aSession({
          sessionNumber: 2,
          doseMg: 42,
          infusionMinutes: 45,
          startedAt: '2026-10-05T09:00:00.000Z',
        }),
        aSession({ sessionNumber: 1, doseMg: 35, startedAt: '2026-10-01T09:00:00.000Z' }),
      ],
    });
    expect(input('#session-dose').value).toBe('42');
    expect(input('#session-infusion').value).toBe('45');
    expect(byTestId('dose-prefill')).toBe('As session 2 (42 mg); change it if needed.');
    // another drug: no esketamine session yet, so no dose
    chooseDrug('esketamine');
    expect(input('#session-dose').value).toBe('');
    expect(byTestId('dose-prefill')).toBeNull();
  });

  it('shows the warnings before saving and asks to confirm them', () => {
    const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString();
    setUp(patient, DEFAULT_THRESHOLDS, {
      sessions: [aSession({ sessionNumber: 4, doseMg: 35, startedAt: yesterday })],
      flags: [
        aFlag({
          rule: 'phq9.item9_positive',
          severity: 'critical',
          status: 'open',
          message: 'PHQ-9 item 9 = 2',
        }),
      ],
    });
    expect(all('order-warning')).toEqual([
      'Open critical flag: PHQ-9 item 9 positive: same-day clinician review — PHQ-9 item 9 = 2',
      expect.stringMatching(/^Session 4 was 2\d h before this one \(within 3 days\)$/) as string,
    ]);
    submitButton().click();
    fixture.detectChanges();
    noSessionRequest();
    expect(
      page().querySelector('[data-testid="order-warnings"] [role="alert"]')?.textContent,
    ).toContain('Confirm you have reviewed these warnings');
    // "Review the order" goes back without saving; "Order anyway" saves
    buttonLabelled(page(), 'Review the order').click();
    fixture.detectChanges();
    noSessionRequest();
    submitButton().click();
    fixture.detectChanges();
    buttonLabelled(page(), 'Order anyway').click();
    fixture.detectChanges();
    expect(sessionRequest().request.body).toMatchObject({ doseMg: 35 });
  });

  describe('with a treatment course', () => {
    const future = (days: number): string =>
      toLocalInputValue(new Date(Date.now() + days * 24 * 60 * 60 * 1000)).slice(0, 10);
    const dayField = (): HTMLInputElement => query(page(), '#session-start', HTMLInputElement);
    const doseField = (): HTMLInputElement => query(page(), '#session-dose', HTMLInputElement);

    it('pre-fills the planned day and the mg/kg dose times the weight from the proposal, and says why', () => {
      const earliest = future(3);
      setUp(patient, DEFAULT_THRESHOLDS, {
        sessions: [aSession({ drug: 'ketamine', route: 'iv', doseMg: 42 })],
        courses: [
          aCourse({
            phase: 'induction',
            nextDue: {
              earliestDate: earliest,
              dose: 0.6,
              unit: 'mg_per_kg',
              allowedDoses: [0.5, 0.6, 0.7, 0.75],
              reason: 'session 3 of 6 of induction; at most 3 in 7 days',
            },
          }),
        ],
      });

      expect(doseField().value).toBe('42');
      expect(byTestId('dose-proposal')).toBe(
        "Proposed by the course's protocol: 0.6 mg/kg × the weight (session 3 of 6 of induction; at most 3 in 7 days). Allowed doses: 0.5, 0.6, 0.7 or 0.75 mg/kg. Change it if needed.",
      );
      expect(byTestId('dose-prefill')).toBeNull();
      const [year, month, day] = earliest.split('-');
      expect(dayField().value).toBe(`${day}/${month}/${year}`);
      expect(byTestId('date-proposal')).toContain('The protocol allows the next session from');

      // The psychiatrist may change the dose; the weight no longer moves it then.
      typeInto(doseField(), '49');
      fixture.detectChanges();
      typeInto(query(page(), '#session-weight', HTMLInputElement), '80');
      fixture.detectChanges();
      expect(doseField().value).toBe('49');
    });

    it('follows the weight while the proposed mg/kg dose is untouched', () => {
      setUp(patient, DEFAULT_THRESHOLDS, { courses: [aCourse()] });
      expect(doseField().value).toBe('35');
      typeInto(query(page(), '#session-weight', HTMLInputElement), '80');
      fixture.detectChanges();
      expect(doseField().value).toBe('40');
    });

    it('pre-fills an esketamine course in mg with its drug and route', () => {
      setUp(patient, DEFAULT_THRESHOLDS, {
        courses: [
          aCourse({
            drug: 'esketamine',
            route: 'intranasal',
            nextDue: {
              earliestDate: future(0),
              dose: 56,
              unit: 'mg',
              allowedDoses: [56],
              reason: 'session 1 of 8 of induction: the first dose',
            },
          }),
        ],
      });
      expect(query(page(), '#session-drug-esketamine', HTMLInputElement).checked).toBe(true);
      expect(doseField().value).toBe('56');
      expect(byTestId('dose-proposal')).toContain('Allowed doses: 56 mg.');
    });

    it('links to start a course when the server refuses the order for want of one', () => {
      setUp();
      typeInto(doseField(), '35');
      fixture.detectChanges();
      buttonLabelled(page(), 'Order session').click();
      fixture.detectChanges();
      httpTesting
        .expectOne({ method: 'POST', url: `/api/v1/patients/${patient.id}/sessions` })
        .flush(
          { statusCode: 422, message: ['courseId: the patient has no active course'] },
          { status: 422, statusText: 'Unprocessable Entity' },
        );
      fixture.detectChanges();

      expect(byTestId('session-needs-course')).toContain(
        'The patient has no active treatment course.',
      );
      const links = Array.from(
        page().querySelectorAll('[data-testid="session-needs-course"] a'),
        (a) => a.getAttribute('href'),
      );
      expect(links).toEqual([`/record/course/${patient.id}`, `/record/screening/${patient.id}`]);
    });
  });
});
