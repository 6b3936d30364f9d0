import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { BUILT_IN_PROTOCOLS, type CreateProtocolRequest } from '@clinic/shared';

import { KETAMINE_IV, aClinicProtocol } from '../../../testing/course-fixtures';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { RIVERSIDE } from '../../../testing/fixtures';
import { provideTestApp } from '../../../testing/provide-test-app';
import { ProtocolsPage, parseSteps } from './protocols.page';

describe('parseSteps', () => {
  it.each([
    ['56, 84', [56, 84]],
    ['0.5; 0.6 0.75', [0.5, 0.6, 0.75]],
    ['', []],
    ['56, x', null],
    ['0, 56', null],
  ])('%p -> %p', (text, steps) => {
    expect(parseSteps(text)).toEqual(steps);
  });
});

describe('ProtocolsPage', () => {
  let fixture: ComponentFixture<ProtocolsPage>;
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ProtocolsPage],
      providers: [
        ...provideTestApp({
          clinicContext: {
            clinicId: signal(RIVERSIDE.id),
            clinic: signal(RIVERSIDE),
            clinics: signal([RIVERSIDE]),
          },
        }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ProtocolsPage);
    fixture.detectChanges();
    const request = httpTesting.expectOne((r) => r.url === '/api/v1/protocols');
    expect(request.request.params.get('clinicId')).toBe(RIVERSIDE.id);
    const list = [...BUILT_IN_PROTOCOLS, aClinicProtocol()];
    request.flush({ items: list, total: list.length });
    fixture.detectChanges();
  });

  afterEach(() => httpTesting.verify());

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const names = (testId: string): string[] =>
    Array.from(page().querySelectorAll(`[data-testid="${testId}"] h3`), (h) =>
      normalize(h.textContent),
    );
  const input = (field: string): HTMLInputElement =>
    query(page(), `[data-testid="protocol-${field}"]`, HTMLInputElement);

  function copyKetamine(): void {
    const card = query(page(), `[data-protocol-id="${KETAMINE_IV.id}"]`, HTMLElement);
    query(card, '[data-testid="protocol-copy"]', HTMLButtonElement).click();
    fixture.detectChanges();
  }

  function save(): TestRequest[] {
    buttonLabelled(page(), 'Save protocol').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: '/api/v1/protocols' });
  }

  it('lists the built-in templates and the clinic’s protocols with their numbers in words', () => {
    expect(names('protocols-built-in')).toEqual(BUILT_IN_PROTOCOLS.map((p) => p.name));
    expect(names('protocols-clinic')).toEqual(['Riverside IV ketamine, twice weekly']);
    const iv = query(page(), `[data-protocol-id="${KETAMINE_IV.id}"]`, HTMLElement);
    expect(normalize(iv.textContent)).toContain(
      'Induction: 6 sessions within 21 days, at most 3 in any 7 days, at least 1 day apart.',
    );
    expect(normalize(iv.textContent)).toContain('Oliver 2022');
  });

  it('copies a template with its numbers, adjusted, into a clinic protocol', () => {
    copyKetamine();
    expect(query(page(), '#protocol-name', HTMLInputElement).value).toBe(
      'IV ketamine 0.5 mg/kg (clinic copy)',
    );
    expect(input('induction.maxPerWeek').value).toBe('3');
    expect(input('dosePlan.steps').value).toBe('0.5, 0.6, 0.7, 0.75');

    typeInto(query(page(), '#protocol-name', HTMLInputElement), 'IV ketamine twice weekly');
    typeInto(input('induction.maxPerWeek'), '2');
    typeInto(input('induction.minDaysBetween'), '2');
    typeInto(input('dosePlan.steps'), '0.5, 0.6');
    typeInto(input('dosePlan.max'), '0.6');
    fixture.detectChanges();

    const [request] = save();
    const body = request.request.body as CreateProtocolRequest;
    expect(body).toEqual({
      clinicId: RIVERSIDE.id,
      name: 'IV ketamine twice weekly',
      drug: 'ketamine',
      route: 'iv',
      basedOnId: KETAMINE_IV.id,
      source: 'Adjusted from IV ketamine 0.5 mg/kg: Oliver 2022; McInnes 2022 (4-8 over 7-28 days)',
      induction: { sessions: 6, withinDays: 21, maxPerWeek: 2, minDaysBetween: 2 },
      maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
      dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6], max: 0.6 },
    });
    request.flush({ ...aClinicProtocol({ id: 'new-one', name: 'IV ketamine twice weekly' }) });
    fixture.detectChanges();

    expect(names('protocols-clinic')).toEqual([
      'Riverside IV ketamine, twice weekly',
      'IV ketamine twice weekly',
    ]);
    expect(textOf(page(), '[data-testid="protocol-saved"]')).toContain(
      'saved for Riverside Clinic',
    );
    expect(page().querySelector('[data-testid="protocol-form"]')).toBeNull();
  });

  it('checks the numbers before sending: above 0, whole, at most 7 a week', () => {
    copyKetamine();
    typeInto(input('induction.sessions'), '0');
    typeInto(input('induction.maxPerWeek'), '8');
    typeInto(input('induction.withinDays'), '2.5');
    fixture.detectChanges();

    expect(save()).toHaveLength(0);
    expect(textOf(page(), '#protocol-induction-sessions-error')).toBe('Enter a number above 0');
    expect(textOf(page(), '#protocol-induction-maxPerWeek-error')).toBe('At most 7 in any 7 days');
    expect(textOf(page(), '#protocol-induction-withinDays-error')).toBe('Enter a whole number');
  });

  it('shows the server’s 400 against the field it names', () => {
    copyKetamine();
    typeInto(input('dosePlan.first'), '1.2');
    fixture.detectChanges();
    const [request] = save();
    request.flush(
      {
        statusCode: 400,
        message: [
          'dosePlan.first 1.2 mg/kg is above the clinic limit of 0.75 mg/kg',
          'name is taken',
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();

    expect(textOf(page(), '#protocol-dosePlan-first-error')).toBe(
      'First dose 1.2 mg/kg is above the clinic limit of 0.75 mg/kg',
    );
    expect(textOf(page(), '#protocol-name-error')).toBe('Name is taken');
  });
});
