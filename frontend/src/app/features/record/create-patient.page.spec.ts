import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { ClinicDto, CreatePatientRequest, UserDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { NORTHGATE, RIVERSIDE, aPatient, aUser } from '../../../testing/fixtures';
import { CreatePatientPage } from './create-patient.page';

describe('CreatePatientPage', () => {
  let fixture: ComponentFixture<CreatePatientPage>;
  let httpTesting: HttpTestingController;
  let navigate: jest.SpyInstance;

  function setUp(user: UserDto = aUser(), clinics: ClinicDto[] = [RIVERSIDE]): void {
    TestBed.configureTestingModule({
      imports: [CreatePatientPage],
      providers: [...provideTestApp({ routes: [], auth: { user: signal(user) } })],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CreatePatientPage);
    fixture.detectChanges();
    httpTesting.expectOne('/api/v1/clinics').flush({ items: clinics, total: clinics.length });
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const field = (id: string): HTMLInputElement => query(page(), `#${id}`, HTMLInputElement);
  const errorOf = (id: string): string | null =>
    textOf(page().querySelector(`#${id}`)?.closest('.field') ?? page(), '.field__error');

  function choose(id: string, value: string): void {
    const select = query(page(), `#${id}`, HTMLSelectElement);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  function fillIn(): void {
    typeInto(field('patient-mrn'), ' RC-9001 ');
    typeInto(field('patient-given-name'), 'Ada');
    typeInto(field('patient-family-name'), 'Okonkwo');
    typeInto(field('patient-birth-date'), '1979-11-02');
    choose('patient-sex', 'female');
    typeInto(field('patient-weight'), '64.5');
    fixture.detectChanges();
  }

  function submit(): TestRequest[] {
    buttonLabelled(page(), 'Create patient').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: '/api/v1/patients' });
  }

  it('creates the patient in the user’s clinic and opens the patient page', () => {
    setUp();
    expect(textOf(page(), '[data-testid="patient-clinic"]')).toBe('Clinic: Riverside Clinic');
    fillIn();

    const [request] = submit();
    expect(request?.request.body).toEqual({
      clinicId: RIVERSIDE.id,
      mrn: 'RC-9001',
      givenName: 'Ada',
      familyName: 'Okonkwo',
      birthDate: '1979-11-02',
      sex: 'female',
      weightKg: 64.5,
    } satisfies CreatePatientRequest);
    request?.flush(aPatient({ id: 'new-patient-id' }), { status: 201, statusText: 'Created' });

    expect(navigate).toHaveBeenCalledWith(['/patients', 'new-patient-id']);
  });

  it('lets a user of several clinics choose, starting from the clinic they work in', () => {
    setUp(aUser({ clinicIds: [RIVERSIDE.id, NORTHGATE.id] }), [RIVERSIDE, NORTHGATE]);
    const select = query(page(), '#patient-clinic', HTMLSelectElement);
    expect(Array.from(select.options).map((option) => normalize(option.textContent))).toEqual([
      'Choose a clinic…',
      'Riverside Clinic',
      'Northgate Clinic',
    ]);
    expect(select.value).toBe(RIVERSIDE.id);
    fillIn();

    choose('patient-clinic', NORTHGATE.id);
    const [request] = submit();
    expect((request?.request.body as CreatePatientRequest).clinicId).toBe(NORTHGATE.id);
    request?.flush(aPatient({ id: 'p2' }));
  });

  it('refuses a birth date typed month first, naming the format', () => {
    setUp();
    typeInto(field('patient-birth-date'), '11/30/1979');
    fixture.detectChanges();

    expect(submit()).toHaveLength(0);
    expect(errorOf('patient-birth-date')).toBe('Enter the day as dd/mm/yyyy, e.g. 02/12/2026.');
  });

  it('checks the required fields and the weight range before sending', () => {
    setUp();
    typeInto(field('patient-weight'), '12');
    fixture.detectChanges();

    expect(submit()).toHaveLength(0);
    expect(errorOf('patient-mrn')).toBe('Enter the MRN');
    expect(errorOf('patient-given-name')).toBe('Enter the given name');
    expect(errorOf('patient-birth-date')).toBe('Enter the birth date');
    expect(errorOf('patient-sex')).toBe('Choose the sex');
    expect(errorOf('patient-weight')).toBe('Weight must be from 20 to 400 kg');
    expect(document.activeElement).toBe(field('patient-mrn'));
  });

  it('shows a taken MRN (409) clearly at the MRN field', () => {
    setUp();
    fillIn();
    const [request] = submit();
    request?.flush(
      { statusCode: 409, error: 'Conflict', message: 'mrn already exists in this clinic' },
      { status: 409, statusText: 'Conflict' },
    );
    fixture.detectChanges();

    expect(textOf(page(), '[data-testid="patient-mrn-error"]')).toBe(
      'MRN RC-9001 is already taken in this clinic: check the number, or find the patient in the patient list.',
    );
    expect(field('patient-mrn').getAttribute('aria-invalid')).toBe('true');
    expect(navigate).not.toHaveBeenCalled();

    // Changing the MRN clears the message.
    typeInto(field('patient-mrn'), 'RC-9002');
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="patient-mrn-error"]')).toBeNull();
  });

  it('shows the server’s 400 messages next to the fields they name', () => {
    setUp();
    fillIn();
    const [request] = submit();
    request?.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'birthDate must not be in the future',
          'mrn may hold letters, digits and . _ / - only',
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    expect(errorOf('patient-birth-date')).toBe('Birth date must not be in the future');
    expect(textOf(page(), '[data-testid="patient-mrn-error"]')).toBe(
      'MRN may hold letters, digits and . _ / - only',
    );
    expect(page().querySelector('[data-testid="patient-form-errors"]')).toBeNull();
  });
});
