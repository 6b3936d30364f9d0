import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditEntryDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { AuditPage } from './audit.page';

const CLINIC_ID = '6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01';
const PATIENT = '0a710000-0000-4000-8000-000000000001';
const NURSE = '9d2b7a40-3c1f-4e8b-b2a6-5f0c1d9e8a03';

let entryNumber = 0;
function anEntry(overrides: Partial<AuditEntryDto> = {}): AuditEntryDto {
  entryNumber += 1;
  return {
    id: `a0d10000-0000-4000-8000-${String(entryNumber).padStart(12, '0')}`,
    at: '2026-11-26T14:05:00.000Z',
    actorId: NURSE,
    actorRole: 'nurse',
    action: 'read',
    resourceType: 'session',
    resourceId: '5e550000-0000-4000-8000-000000000009',
    patientId: PATIENT,
    clinicId: CLINIC_ID,
    ip: '10.0.0.7',
    outcome: 'success',
    details: null,
    ...overrides,
  };
}

const page50 = (): AuditEntryDto[] => Array.from({ length: 50 }, () => anEntry());

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
  });

  afterEach(() => {
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const request = (): TestRequest => http.expectOne((r) => r.url === '/api/v1/audit');
  const answer = (items: AuditEntryDto[], total: number): void => {
    request().flush({ items, total });
    fixture.detectChanges();
  };
  const rows = (): string[][] =>
    Array.from(page().querySelectorAll('[data-testid="audit-table"] tbody tr'), (row) =>
      Array.from((row as HTMLTableRowElement).cells, (cell) => normalize(cell.textContent)),
    );

  it('shows the newest entries readably: when, what, outcome, who, record, patient, address', () => {
    const first = request();
    expect(first.request.params.get('clinicId')).toBe(CLINIC_ID);
    expect(first.request.params.get('limit')).toBe('50');
    expect(first.request.params.get('offset')).toBe('0');
    first.flush({
      items: [
        anEntry(),
        anEntry({
          action: 'access_denied',
          outcome: 'denied',
          actorRole: 'manager',
          patientId: null,
          ip: null,
        }),
      ],
      total: 2,
    });
    fixture.detectChanges();

    expect(rows()).toEqual([
      [
        '26 Nov 2026, 14:05',
        'Read',
        'Success',
        "Nurse 9d2b7a40 : show only this user's entries",
        'session 5e550000',
        "0a710000 : show only this patient's entries",
        '10.0.0.7',
      ],
      [
        '26 Nov 2026, 14:05',
        'Access denied',
        'Denied',
        "Clinic manager 9d2b7a40 : show only this user's entries",
        'session 5e550000',
        '–',
        '–',
      ],
    ]);
    expect(textOf(page(), '[data-testid="audit-range"]')).toBe('1–2 of 2');
  });

  it('pages through the log 50 at a time', () => {
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

  it('filters by patient, user and days, back on the first page', () => {
    answer(page50(), 120);
    buttonLabelled(page(), 'Next').click();
    fixture.detectChanges();
    answer(page50(), 120);

    typeInto(query(page(), '#audit-patient', HTMLInputElement), PATIENT);
    typeInto(query(page(), '#audit-actor', HTMLInputElement), NURSE);
    const from = query(page(), '#audit-from', HTMLInputElement);
    from.value = '2026-11-20';
    from.dispatchEvent(new Event('change'));
    const to = query(page(), '#audit-to', HTMLInputElement);
    to.value = '2026-11-26';
    to.dispatchEvent(new Event('change'));
    buttonLabelled(page(), 'Show').click();
    fixture.detectChanges();

    const filtered = request();
    expect(filtered.request.params.get('patientId')).toBe(PATIENT);
    expect(filtered.request.params.get('actorId')).toBe(NURSE);
    expect(filtered.request.params.get('from')).toBe('2026-11-20T00:00:00.000Z');
    expect(filtered.request.params.get('to')).toBe('2026-11-27T00:00:00.000Z');
    expect(filtered.request.params.get('offset')).toBe('0');
    filtered.flush({ items: [], total: 0 });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="audit-empty"]')).toBe(
      'No audit entry matches these filters.',
    );

    buttonLabelled(page(), 'Clear filters').click();
    fixture.detectChanges();
    expect(request().request.params.has('patientId')).toBe(false);
  });

  it('filters by a patient from a row, without copying the id', () => {
    answer([anEntry()], 1);
    query(
      page(),
      '[data-testid="audit-table"] tbody td:nth-child(6) button',
      HTMLButtonElement,
    ).click();
    fixture.detectChanges();
    expect(request().request.params.get('patientId')).toBe(PATIENT);
    expect(query(page(), '#audit-patient', HTMLInputElement).value).toBe(PATIENT);
  });

  it('refuses a partial id before asking the server', () => {
    answer([anEntry()], 1);
    typeInto(query(page(), '#audit-patient', HTMLInputElement), '0a710000');
    buttonLabelled(page(), 'Show').click();
    fixture.detectChanges();
    expect(textOf(page(), '#audit-patient-error')).toContain('full patient id');
    http.expectNone((r) => r.url === '/api/v1/audit');
  });

  it('shows an error with Retry', () => {
    request().flush(null, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    answer([], 0);
  });
});
