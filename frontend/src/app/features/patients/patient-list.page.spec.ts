import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ClinicDto, ListResponse, PatientDto, Role } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { NORTHGATE, RIVERSIDE, aPatient } from '../../../testing/fixtures';
import { type AuthService } from '../../core/auth/auth.service';
import { type ClinicContext } from '../../core/clinic/clinic-context.service';
import { PatientListPage } from './patient-list.page';

describe('PatientListPage', () => {
  let fixture: ComponentFixture<PatientListPage>;
  let httpTesting: HttpTestingController;

  /** The clinic chosen in the header (ClinicContext), as the page reads it. */
  const selectedClinicId = signal<string | null>(null);

  function setUp(clinics: ClinicDto[] = [RIVERSIDE], role: Role = 'psychiatrist'): void {
    selectedClinicId.set(clinics[0]?.id ?? null);
    const clinicContext: Pick<ClinicContext, 'clinicId' | 'clinic'> = {
      clinicId: selectedClinicId.asReadonly(),
      clinic: computed(() => clinics.find((clinic) => clinic.id === selectedClinicId()) ?? null),
    };
    TestBed.configureTestingModule({
      imports: [PatientListPage],
      providers: [
        ...provideTestApp({
          routes: [],
          clinicContext: clinicContext,
          auth: { role: signal<Role | null>(role) } satisfies Pick<AuthService, 'role'>,
        }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientListPage);
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const rows = (): HTMLTableRowElement[] =>
    Array.from(page().querySelectorAll<HTMLTableRowElement>('tbody tr'));
  const cells = (row: HTMLTableRowElement): string[] =>
    Array.from(row.cells).map((cell) => normalize(cell.textContent));
  const firstRowCells = (): string[] => cells(query(page(), 'tbody tr', HTMLTableRowElement));
  const button = (label: string): HTMLButtonElement => buttonLabelled(page(), label);
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);

  function patientRequests(): TestRequest[] {
    return httpTesting.match(
      (request) => request.url === '/api/v1/patients' || request.url === '/api/v1/patients/search',
    );
  }

  function expectPatientRequest(): TestRequest {
    const requests = patientRequests();
    if (requests.length !== 1) {
      throw new Error(`Expected one patient request, got ${String(requests.length)}`);
    }
    return requests[0];
  }

  function answer(request: TestRequest, body: ListResponse<PatientDto>): void {
    request.flush(body);
    fixture.detectChanges();
  }

  function typeSearch(value: string): void {
    typeInto(query(page(), '#patient-search', HTMLInputElement), value);
  }

  it('lists the first 50 patients of the user’s clinic', () => {
    setUp();

    const request = expectPatientRequest();
    expect(request.request.params.get('clinicId')).toBe(RIVERSIDE.id);
    expect(request.request.params.get('limit')).toBe('50');
    expect(request.request.params.get('offset')).toBe('0');
    expect(request.request.params.has('search')).toBe(false);
    expect(byTestId('patients-loading')).not.toBeNull();

    answer(request, {
      items: [
        aPatient({
          mrn: 'RC-0042',
          familyName: 'Okonkwo',
          givenName: 'Ada',
          birthDate: '1979-11-02',
          sex: 'female',
          weightKg: 64.25,
        }),
        aPatient({
          mrn: 'RC-0043',
          familyName: 'Lindqvist',
          givenName: 'Erik',
          birthDate: '1990-06-30',
          sex: 'male',
          weightKg: null,
        }),
      ],
      total: 2,
    });

    expect(byTestId('patients-loading')).toBeNull();
    expect(rows().map(cells)).toEqual([
      ['RC-0042', 'Okonkwo, Ada', '1979-11-02', 'Female', '64.3 kg'],
      ['RC-0043', 'Lindqvist, Erik', '1990-06-30', 'Male', 'Not recorded'],
    ]);
    expect(byTestId('patients-range')).toBe('1–2 of 2');
    expect(textOf(page(), 'caption')).toBe('Patients of Riverside Clinic, 1–2 of 2');
    expect(textOf(page(), '.patients__clinic')).toBe('Riverside Clinic');
  });

  it('says when no patient matches', () => {
    setUp();

    answer(expectPatientRequest(), { items: [], total: 0 });

    expect(byTestId('patients-empty')).toContain('No patients match');
    expect(rows()).toHaveLength(0);
    expect(page().querySelector('nav.pager')).toBeNull();
  });

  it('shows an error with Retry, and Retry loads the list again', () => {
    setUp();

    expectPatientRequest().flush(
      { statusCode: 500, error: 'Internal Server Error', message: 'boom' },
      { status: 500, statusText: 'Internal Server Error' },
    );
    fixture.detectChanges();

    expect(byTestId('patients-error')).toContain('Patients could not be loaded');
    expect(rows()).toHaveLength(0);

    button('Retry').click();
    fixture.detectChanges();

    expect(byTestId('patients-error')).toBeNull();
    answer(expectPatientRequest(), { items: [aPatient({ mrn: 'RC-0099' })], total: 1 });
    expect(rows().map((row) => cells(row)[0])).toEqual(['RC-0099']);
  });

  it('searches once typing pauses for 250 ms, from the first page', () => {
    jest.useFakeTimers();
    setUp();
    answer(expectPatientRequest(), { items: [aPatient()], total: 1 });

    typeSearch('O');
    jest.advanceTimersByTime(100);
    typeSearch('Ok');
    jest.advanceTimersByTime(100);
    typeSearch('Okon ');
    jest.advanceTimersByTime(249);
    fixture.detectChanges();
    expect(patientRequests()).toHaveLength(0);

    jest.advanceTimersByTime(1);
    fixture.detectChanges();

    const request = expectPatientRequest();
    // the name goes in a POST body, never in the URL
    expect(request.request.method).toBe('POST');
    expect(request.request.url).toBe('/api/v1/patients/search');
    expect(request.request.urlWithParams).not.toContain('Okon');
    expect(request.request.body).toEqual({
      clinicId: RIVERSIDE.id,
      search: 'Okon',
      limit: 50,
      offset: 0,
    });
    answer(request, { items: [aPatient({ familyName: 'Okonkwo' })], total: 1 });
    expect(rows()).toHaveLength(1);
  });

  it('starts a new search from the first page', () => {
    jest.useFakeTimers();
    setUp();
    answer(expectPatientRequest(), {
      items: Array.from({ length: 50 }, () => aPatient()),
      total: 80,
    });
    button('Next').click();
    fixture.detectChanges();
    answer(expectPatientRequest(), {
      items: Array.from({ length: 30 }, () => aPatient()),
      total: 80,
    });

    typeSearch('RC-10');
    jest.advanceTimersByTime(250);
    fixture.detectChanges();

    const request = expectPatientRequest();
    expect(request.request.body).toMatchObject({ search: 'RC-10', offset: 0 });
    answer(request, { items: [aPatient()], total: 1 });
  });

  it('drops the answer to an older search when a newer one is sent (switchMap)', () => {
    jest.useFakeTimers();
    setUp();
    answer(expectPatientRequest(), { items: [], total: 0 });

    typeSearch('Lind');
    jest.advanceTimersByTime(250);
    fixture.detectChanges();
    const older = expectPatientRequest();

    typeSearch('Okon');
    jest.advanceTimersByTime(250);
    fixture.detectChanges();
    const newer = expectPatientRequest();

    expect(older.cancelled).toBe(true);
    expect(newer.request.body).toMatchObject({ search: 'Okon' });
    answer(newer, { items: [aPatient({ familyName: 'Okonkwo' })], total: 1 });
    expect(firstRowCells()[1]).toContain('Okonkwo');
  });

  it('pages through the list 50 at a time', () => {
    setUp();
    const firstPage = Array.from({ length: 50 }, () => aPatient());
    answer(expectPatientRequest(), { items: firstPage, total: 120 });

    expect(byTestId('patients-range')).toBe('1–50 of 120');
    expect(button('Previous').disabled).toBe(true);
    expect(button('Next').disabled).toBe(false);

    button('Next').click();
    fixture.detectChanges();
    const second = expectPatientRequest();
    expect(second.request.params.get('offset')).toBe('50');
    answer(second, { items: Array.from({ length: 50 }, () => aPatient()), total: 120 });
    expect(byTestId('patients-range')).toBe('51–100 of 120');

    button('Next').click();
    fixture.detectChanges();
    answer(expectPatientRequest(), {
      items: Array.from({ length: 20 }, () => aPatient()),
      total: 120,
    });
    expect(byTestId('patients-range')).toBe('101–120 of 120');
    expect(button('Next').disabled).toBe(true);

    button('Previous').click();
    fixture.detectChanges();
    expect(expectPatientRequest().request.params.get('offset')).toBe('50');
  });

  it('follows the clinic chosen in the header, from its first page', () => {
    setUp([RIVERSIDE, NORTHGATE]);
    answer(expectPatientRequest(), {
      items: Array.from({ length: 50 }, () => aPatient()),
      total: 80,
    });
    button('Next').click();
    fixture.detectChanges();
    answer(expectPatientRequest(), {
      items: Array.from({ length: 30 }, () => aPatient()),
      total: 80,
    });

    selectedClinicId.set(NORTHGATE.id);
    fixture.detectChanges();

    const request = expectPatientRequest();
    expect(request.request.params.get('clinicId')).toBe(NORTHGATE.id);
    expect(request.request.params.get('offset')).toBe('0');
    answer(request, { items: [], total: 0 });
    expect(textOf(page(), '.patients__clinic')).toBe('Northgate Clinic');
  });

  it('keeps the current page on screen, marked busy, while the next one loads (no flash, no shift)', () => {
    setUp();
    answer(expectPatientRequest(), {
      items: Array.from({ length: 50 }, () => aPatient()),
      total: 80,
    });

    button('Next').click();
    fixture.detectChanges();

    expect(rows()).toHaveLength(50);
    expect(byTestId('patients-loading')).toBeNull();
    expect(query(page(), '.table-wrap', HTMLElement).getAttribute('aria-busy')).toBe('true');
    expect(byTestId('patients-range')).toBe('Loading…');
    answer(expectPatientRequest(), {
      items: Array.from({ length: 30 }, () => aPatient()),
      total: 80,
    });
    expect(rows()).toHaveLength(30);
    expect(query(page(), '.table-wrap', HTMLElement).getAttribute('aria-busy')).toBe('false');
  });

  it('never shows one clinic’s patients while another clinic’s load', () => {
    setUp([RIVERSIDE, NORTHGATE]);
    answer(expectPatientRequest(), { items: [aPatient()], total: 1 });

    selectedClinicId.set(NORTHGATE.id);
    fixture.detectChanges();

    expect(rows()).toHaveLength(0);
    expect(byTestId('patients-loading')).not.toBeNull();
    answer(expectPatientRequest(), { items: [], total: 0 });
  });

  it.each<[Role, boolean]>([
    ['psychiatrist', true],
    ['nurse', false],
    ['manager', false],
  ])('offers a %s "New patient": %p', (role, offered) => {
    setUp([RIVERSIDE], role);
    answer(expectPatientRequest(), { items: [], total: 0 });

    const link = page().querySelector('a.patients__new');
    expect(link !== null).toBe(offered);
    if (link) {
      expect(link.getAttribute('href')).toBe('/record/patient');
    }
  });

  it('links each patient to their record, by name, for keyboard and pointer alike', () => {
    setUp();
    const patient = aPatient({ familyName: 'Okonkwo', givenName: 'Ada' });
    answer(expectPatientRequest(), { items: [patient], total: 1 });

    const link = query(page(), 'tbody tr a', HTMLAnchorElement);
    expect(normalize(link.textContent)).toBe('Okonkwo, Ada');
    expect(link.getAttribute('href')).toBe(`/patients/${patient.id}`);
  });

  it('says so when the user belongs to no clinic', () => {
    setUp([]);

    expect(patientRequests()).toHaveLength(0);
    expect(byTestId('patients-no-clinic')).not.toBeNull();
  });
});
