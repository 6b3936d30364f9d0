import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditEntryDto, AuditViewDto } from '@clinic/shared';

import { aPatient } from '../../../testing/fixtures';
import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { AuditPage } from './audit.page';

const CLINIC_ID = '6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01';
const PATIENT = '0a710000-0000-4000-8000-000000000001';
const OTHER_PATIENT = '0a710000-0000-4000-8000-000000000002';
const NURSE = '9d2b7a40-3c1f-4e8b-b2a6-5f0c1d9e8a03';
const MANAGER = '9d2b7a40-3c1f-4e8b-b2a6-5f0c1d9e8a04';
const VIEW = 'b1e30000-0000-4000-8000-000000000001';

let entryNumber = 0;
function anEntry(overrides: Partial<AuditEntryDto> = {}): AuditEntryDto {
  entryNumber += 1;
  return {
    id: `a0d10000-0000-4000-8000-${String(entryNumber).padStart(12, '0')}`,
    at: '2026-11-26T14:05:00.000Z',
    actorId: NURSE,
    actorName: 'Nadia Brooks',
    actorRole: 'nurse',
    action: 'read',
    resourceType: 'session',
    resourceId: '5e550000-0000-4000-8000-000000000009',
    patientId: PATIENT,
    patientName: 'Marlow, Dora',
    clinicId: CLINIC_ID,
    ip: '10.0.0.7',
    outcome: 'success',
    details: null,
    viewId: null,
    ...overrides,
  };
}

/** A row of the grouped log: the entries of one page view, or one entry alone. */
function aView(entries: AuditEntryDto[]): AuditViewDto {
  const first = entries[0];
  return {
    id: first.viewId ?? first.id,
    viewId: first.viewId,
    firstAt: first.at,
    lastAt: entries[entries.length - 1].at,
    actorId: first.actorId,
    actorName: first.actorName,
    actorRole: first.actorRole,
    entries,
  };
}

const page50 = (): AuditViewDto[] => Array.from({ length: 50 }, () => aView([anEntry()]));

describe('AuditPage', () => {
  let fixture: ComponentFixture<AuditPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AuditPage],
      providers: [
        ...provideTestApp({
          clinicContext: {
            clinicId: signal(CLINIC_ID),
            clinic: signal({ id: CLINIC_ID, name: 'Riverside Clinic', timezone: 'Europe/London' }),
          },
        }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    const staff = http.expectOne((r) => r.url === '/api/v1/audit/actors');
    expect(staff.request.params.get('clinicId')).toBe(CLINIC_ID);
    staff.flush({
      items: [
        { id: MANAGER, name: 'Maya Chen', role: 'manager' },
        { id: NURSE, name: 'Nadia Brooks', role: 'nurse' },
      ],
      total: 2,
    });
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const request = (): TestRequest => http.expectOne((r) => r.url === '/api/v1/audit/views');
  const answer = (items: AuditViewDto[], total: number): void => {
    request().flush({ items, total });
    fixture.detectChanges();
  };
  const rows = (): string[][] =>
    Array.from(page().querySelectorAll('[data-testid="audit-table"] tbody tr'), (row) =>
      Array.from((row as HTMLTableRowElement).cells, (cell) => normalize(cell.textContent)),
    );

  it('shows one row per page view, with names: when, what, outcome, who, records, patient, address', () => {
    const first = request();
    expect(first.request.params.get('clinicId')).toBe(CLINIC_ID);
    expect(first.request.params.get('limit')).toBe('50');
    expect(first.request.params.get('offset')).toBe('0');
    first.flush({
      items: [
        aView([
          anEntry({ viewId: VIEW, resourceType: 'patient' }),
          anEntry({ viewId: VIEW, at: '2026-11-26T14:05:01.000Z' }),
          anEntry({
            viewId: VIEW,
            at: '2026-11-26T14:05:02.000Z',
            patientId: OTHER_PATIENT,
            patientName: 'Other, Ann',
            action: 'search',
            resourceType: 'patient',
          }),
        ]),
        aView([
          anEntry({
            action: 'access_denied',
            outcome: 'denied',
            actorId: MANAGER,
            actorName: 'Maya Chen',
            actorRole: 'manager',
            patientId: null,
            patientName: null,
            ip: null,
          }),
        ]),
      ],
      total: 2,
    });
    fixture.detectChanges();

    expect(rows()).toEqual([
      [
        '26 Nov 2026, 14:05',
        'Page view Read 2, Search 1',
        'Success',
        "Nadia Brooks : show only this user's entriesNurse",
        '3 records26 Nov 2026, 14:05 Read patient · Marlow, Dora 26 Nov 2026, 14:05 Read session · Marlow, Dora 26 Nov 2026, 14:05 Search patient · Other, Ann',
        "Marlow, Dora : show only this patient's entries Other, Ann : show only this patient's entries",
        '10.0.0.7',
      ],
      [
        '26 Nov 2026, 14:05',
        'Access denied',
        'Denied',
        "Maya Chen : show only this user's entriesClinic manager",
        'session',
        '–',
        '–',
      ],
    ]);
    // no id is shown anywhere a name can be
    expect(page().textContent).not.toContain(NURSE.slice(0, 8));
    expect(page().textContent).not.toContain(PATIENT.slice(0, 8));
    expect(textOf(page(), '[data-testid="audit-range"]')).toBe('1–2 of 2');
  });

  it('names at most three patients in a row, the rest in its records', () => {
    const patients = ['A', 'B', 'C', 'D', 'E'].map((letter, i) =>
      anEntry({
        viewId: VIEW,
        action: 'search',
        resourceType: 'patient',
        patientId: `0a710000-0000-4000-8000-00000000001${String(i)}`,
        patientName: `${letter}family, Given`,
      }),
    );
    answer([aView(patients)], 1);
    const cells = rows()[0];
    expect(cells[5]).toBe(
      [
        "Afamily, Given : show only this patient's entries",
        "Bfamily, Given : show only this patient's entries",
        "Cfamily, Given : show only this patient's entries",
        'and 2 more (see the records)',
      ].join(' '),
    );
    expect(page().querySelectorAll('[data-testid="audit-records"] li')).toHaveLength(5);
  });

  it('pages through the log 50 rows at a time', () => {
    answer(page50(), 120);
    expect(textOf(page(), '[data-testid="audit-range"]')).toBe('1–50 of 120');
    expect(buttonLabelled(page(), 'Previous').disabled).toBe(true);

    buttonLabelled(page(), 'Next').click();
    fixture.detectChanges();
    const second = request();
    expect(second.request.params.get('offset')).toBe('50');
    second.flush({ items: page50(), total: 120 });
    fixture.detectChanges();

    buttonLabelled(page(), 'Next').click();
    fixture.detectChanges();
    const third = request();
    expect(third.request.params.get('offset')).toBe('100');
    third.flush({ items: page50().slice(0, 20), total: 120 });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="audit-range"]')).toBe('101–120 of 120');
    expect(buttonLabelled(page(), 'Next').disabled).toBe(true);

    buttonLabelled(page(), 'Previous').click();
    fixture.detectChanges();
    expect(request().request.params.get('offset')).toBe('50');
  });

  it('filters by a patient found by name (sent in a POST body, the filter by id only)', () => {
    answer(page50(), 120);
    typeInto(query(page(), '#audit-patient', HTMLInputElement), 'Marlow, Dora');
    buttonLabelled(page(), 'Find patient').click();
    fixture.detectChanges();

    const search = http.expectOne((r) => r.url === '/api/v1/patients/search');
    expect(search.request.method).toBe('POST');
    expect(search.request.body).toEqual({
      clinicId: CLINIC_ID,
      search: 'Marlow, Dora',
      limit: 10,
      offset: 0,
    });
    search.flush({
      items: [aPatient({ id: PATIENT, familyName: 'Marlow', givenName: 'Dora', mrn: 'RC-7' })],
      total: 1,
    });
    fixture.detectChanges();

    const choice = Array.from(page().querySelectorAll<HTMLButtonElement>('.picker__result'));
    expect(choice.map((b) => normalize(b.textContent))).toEqual([
      expect.stringMatching(/^Marlow, Dora\s*MRN RC-7 · born /),
    ]);
    choice[0].click();
    fixture.detectChanges();

    const filtered = request();
    expect(filtered.request.params.get('patientId')).toBe(PATIENT);
    expect(filtered.request.urlWithParams).not.toMatch(/marlow/i);
    filtered.flush({ items: [], total: 0 });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="audit-patient-chosen"]')).toBe(
      'Marlow, Dora Change patient',
    );
    expect(textOf(page(), '[data-testid="audit-empty"]')).toBe(
      'No audit entry matches these filters.',
    );
  });

  it('filters by a user chosen by name and by days, back on the first page', () => {
    answer(page50(), 120);
    buttonLabelled(page(), 'Next').click();
    fixture.detectChanges();
    answer(page50(), 120);

    const who = query(page(), '#audit-actor', HTMLSelectElement);
    expect(Array.from(who.options, (o) => o.text.trim())).toEqual([
      'Anyone',
      'Maya Chen (Clinic manager)',
      'Nadia Brooks (Nurse)',
    ]);
    who.value = NURSE;
    who.dispatchEvent(new Event('change'));
    const from = query(page(), '#audit-from', HTMLInputElement);
    from.value = '20/11/2026';
    from.dispatchEvent(new Event('input'));
    from.dispatchEvent(new Event('change'));
    const to = query(page(), '#audit-to', HTMLInputElement);
    to.value = '26/11/2026';
    to.dispatchEvent(new Event('input'));
    to.dispatchEvent(new Event('change'));
    buttonLabelled(page(), 'Show').click();
    fixture.detectChanges();

    const filtered = request();
    expect(filtered.request.params.get('actorId')).toBe(NURSE);
    expect(filtered.request.params.has('patientId')).toBe(false);
    expect(filtered.request.params.get('from')).toBe('2026-11-20T00:00:00.000Z');
    expect(filtered.request.params.get('to')).toBe('2026-11-27T00:00:00.000Z');
    expect(filtered.request.params.get('offset')).toBe('0');
    filtered.flush({ items: [], total: 0 });
    fixture.detectChanges();

    buttonLabelled(page(), 'Clear filters').click();
    fixture.detectChanges();
    expect(request().request.params.has('actorId')).toBe(false);
  });

  it('filters by the patient or the user of a row with a click on their name', () => {
    answer([aView([anEntry()])], 1);
    buttonLabelled(page(), "Marlow, Dora : show only this patient's entries").click();
    fixture.detectChanges();
    const byPatient = request();
    expect(byPatient.request.params.get('patientId')).toBe(PATIENT);
    byPatient.flush({ items: [aView([anEntry()])], total: 1 });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="audit-patient-chosen"]')).toBe(
      'Marlow, Dora Change patient',
    );

    buttonLabelled(page(), "Nadia Brooks : show only this user's entries").click();
    fixture.detectChanges();
    const byUser = request();
    expect(byUser.request.params.get('actorId')).toBe(NURSE);
    expect(byUser.request.params.get('patientId')).toBe(PATIENT);
    byUser.flush({ items: [], total: 0 });
    fixture.detectChanges();
    expect(query(page(), '#audit-actor', HTMLSelectElement).value).toBe(NURSE);
  });

  it('says so when no patient matches, and searches nothing for an empty box', () => {
    answer([], 0);
    buttonLabelled(page(), 'Find patient').click();
    fixture.detectChanges();
    http.expectNone((r) => r.url === '/api/v1/patients/search');
    typeInto(query(page(), '#audit-patient', HTMLInputElement), 'Nobody');
    buttonLabelled(page(), 'Find patient').click();
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/v1/patients/search').flush({ items: [], total: 0 });
    fixture.detectChanges();
    expect(page().textContent).toContain('No patient of this clinic matches.');
  });

  it('shows an error with Retry', () => {
    request().flush(null, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    answer([], 0);
  });
});
