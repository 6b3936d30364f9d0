import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { BUILT_IN_PROTOCOL_IDS, BUILT_IN_PROTOCOLS } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { anOutcomes } from './outcomes.fixtures';
import { OutcomesPage } from './outcomes.page';

interface FakeChart {
  config: {
    type: string;
    data: unknown;
    options: { plugins?: { clinicBands?: { yLines?: { label: string }[] } } };
  };
  update: jest.Mock;
  destroy: jest.Mock;
}

// Chart.js draws on a canvas jsdom does not have: the registry's Chart is replaced by a recorder.
jest.mock('../../charts/chart-registry', () => {
  class MockChart {
    static instances: MockChart[] = [];
    update = jest.fn();
    destroy = jest.fn();
    constructor(
      readonly canvas: HTMLCanvasElement,
      readonly config: unknown,
    ) {
      MockChart.instances.push(this);
    }
  }
  return { Chart: MockChart };
});

const CLINIC_ID = '6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01';

async function charts(): Promise<FakeChart[]> {
  const registry = (await import('../../charts/chart-registry')) as unknown as {
    Chart: { instances: FakeChart[] };
  };
  return registry.Chart.instances;
}

describe('OutcomesPage', () => {
  let fixture: ComponentFixture<OutcomesPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    (await charts()).length = 0;
    jest.useFakeTimers({
      now: new Date('2026-11-26T14:00:00.000Z'),
      doNotFake: ['queueMicrotask'],
    });
    TestBed.configureTestingModule({
      imports: [OutcomesPage],
      providers: [
        ...provideTestApp({
          clinicContext: {
            clinicId: signal(CLINIC_ID),
            clinic: signal({ id: CLINIC_ID, name: 'Riverside Clinic', timezone: 'UTC' }),
          },
        }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OutcomesPage);
    fixture.detectChanges();
    // The protocol filter's options: the clinic's protocols (CLINICAL.md s6 v2).
    http
      .expectOne((r) => r.url === '/api/v1/protocols')
      .flush({ items: BUILT_IN_PROTOCOLS, total: BUILT_IN_PROTOCOLS.length });
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const request = (): TestRequest => http.expectOne((r) => r.url === '/api/v1/outcomes');
  const tableRows = (testId: string): string[][] =>
    Array.from(page().querySelectorAll(`[data-testid="${testId}"] tbody tr`), (row) =>
      Array.from((row as HTMLTableRowElement).cells, (cell) => normalize(cell.textContent)),
    );

  it('asks for the last 12 months of the clinic', () => {
    const first = request();
    expect(first.request.params.get('clinicId')).toBe(CLINIC_ID);
    expect(first.request.params.get('from')).toBe('2025-11-26');
    expect(first.request.params.get('to')).toBe('2026-11-26');
    expect(first.request.params.has('drug')).toBe(false);
    first.flush(anOutcomes());
  });

  it('downloads the report on screen as CSV, with its filters', () => {
    request().flush(anOutcomes());
    fixture.detectChanges();
    URL.createObjectURL = jest.fn(() => 'blob:outcomes');
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {
      /* jsdom cannot download */
    });
    buttonLabelled(page(), 'Download these outcomes (CSV)').click();
    const csv = http.expectOne((r) => r.url === '/api/v1/outcomes.csv');
    expect(csv.request.params.get('clinicId')).toBe(CLINIC_ID);
    expect(csv.request.params.get('from')).toBe('2025-11-26');
    expect(csv.request.responseType).toBe('blob');
    const name = 'outcomes_riverside-clinic_2025-11-26_2026-11-26.csv';
    csv.flush(new Blob(['section\r\n'], { type: 'text/csv' }), {
      headers: { 'Content-Disposition': `attachment; filename="${name}"` },
    });
    fixture.detectChanges();
    expect(click).toHaveBeenCalledTimes(1);
    // Saved under the server's name, which carries the clinic, the period and the filters.
    expect(click.mock.contexts[0]).toMatchObject({ download: name });
    expect(normalize(page().querySelector('.export__status')?.textContent ?? '')).toBe(
      `Outcomes downloaded: ${name}`,
    );
    click.mockRestore();
  });

  it('shows every rate with its numerator and denominator', () => {
    request().flush(anOutcomes());
    fixture.detectChanges();

    expect(textOf(page(), '[data-testid="cohort-patients"]')).toBe('40');
    expect(textOf(page(), '[data-testid="dropout"]')).toBe('6 / 40 (15.0 %)');
    expect(textOf(page(), '[data-testid="followup-24h"]')).toBe('150 / 200 (75.0 %)');
    expect(textOf(page(), '[data-testid="followup-72h"]')).toBe('120 / 200 (60.0 %)');
    expect(tableRows('by-session-table')).toEqual([
      ['1', '8 / 40 (20.0 %)', '8 / 40 (20.0 %)', '2 / 40 (5.0 %)', '2 / 40 (5.0 %)', '0'],
      ['2', '12 / 40 (30.0 %)', '12 / 36 (33.3 %)', '5 / 40 (12.5 %)', '5 / 36 (13.9 %)', '0'],
      ['3', '0 / 40 (0.0 %)', '0 / 0 (no patients)', '0 / 40 (0.0 %)', '0 / 0 (no patients)', '0'],
    ]);
    expect(tableRows('side-effects-table')).toEqual([
      ['Perceptual disturbance (moderate)', '30', '14.2'],
      ['Nausea (mild)', '12', '5.7'],
    ]);
    expect(tableRows('flags-table')).toEqual([['Hemodynamic (critical)', '3', '1.4']]);
  });

  it('shows the courses left out of the rates (baseline below 10, no baseline) as their own counts', () => {
    request().flush(
      anOutcomes({ cohortCourses: 46, cohortPatients: 44, baselineBelow10: 4, noBaseline: 2 }),
    );
    fixture.detectChanges();

    expect(textOf(page(), '[data-testid="cohort-courses"]')).toBe('46');
    expect(textOf(page(), '[data-testid="cohort-patients"]')).toBe('44');
    expect(textOf(page(), '[data-testid="baseline-below-10"]')).toBe('4');
    expect(textOf(page(), '[data-testid="no-baseline"]')).toBe('2');
    expect(normalize(textOf(page(), '[data-testid="rates-basis"]') ?? '')).toContain(
      'Counted: courses with a baseline PHQ-9 of 10 or more (at least moderate depression, Kroenke 2001): 40 of 46; 4 with a lower baseline and 2 without one are counted apart',
    );
  });

  it('lists the published references as such, and draws them beside the clinic’s curves', async () => {
    request().flush(anOutcomes());
    fixture.detectChanges();
    await fixture.whenStable();

    expect(tableRows('references-table')).toEqual([
      [
        'Published reference: Oliver 2022, after 6 infusions (n=424)',
        'after 6 infusions',
        '50 %',
        '20 %',
        'J Clin Psychiatry 83(6):21m14336',
      ],
      [
        'Published reference: Esketamine TRANSFORM-2 (MADRS)',
        'day 28',
        '69.3 %',
        'not reported',
        'TRANSFORM-2, day 28',
      ],
    ]);
    const drawn = await charts();
    expect(drawn).toHaveLength(2);
    expect(drawn.map((chart) => chart.config.type)).toEqual(['line', 'line']);
    expect(drawn[0].config.options.plugins?.clinicBands?.yLines?.map((line) => line.label)).toEqual(
      [
        'Published: Oliver 2022, after 6 infusions (n=424): 50 %',
        'Published: Esketamine TRANSFORM-2 (MADRS): 69.3 %',
      ],
    );
    expect(page().querySelector('canvas')?.getAttribute('role')).toBe('img');
    expect(textOf(page(), '[data-testid="chart-response"] .key')).toContain(
      'Published reference (other studies)',
    );
  });

  it('takes the report off the screen when the filters change, and shows none until the new one arrives', async () => {
    const period = {
      clinicId: CLINIC_ID,
      from: '2025-11-26',
      to: '2026-11-26',
      clinicianId: null,
      protocolId: null,
      kind: null,
    };
    request().flush(anOutcomes({ filters: { ...period, drug: null, route: null } }));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(textOf(page(), '[data-testid="outcomes-report-of"]')).toBe(
      'Outcomes of Riverside Clinic · first session 2025-11-26 to 2026-11-26 · all drugs · all routes',
    );
    const before = [...(await charts())];

    const drug = query(page(), '#outcomes-drug', HTMLSelectElement);
    expect(drug.options[0].textContent.trim()).toBe('All drugs');
    drug.value = 'esketamine';
    drug.dispatchEvent(new Event('change'));
    const route = query(page(), '#outcomes-route', HTMLSelectElement);
    route.value = 'intranasal';
    route.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    // The old numbers do not stay under the new filters.
    expect(textOf(page(), '[data-testid="outcomes-stale"]')).toContain('The filters have changed');
    expect(page().querySelector('[data-testid="cohort-patients"]')).toBeNull();
    expect(page().querySelector('[data-testid="by-session-table"]')).toBeNull();
    expect(query(page(), '[data-testid="outcomes-csv"]', HTMLButtonElement).disabled).toBe(true);
    http.expectNone((r) => r.url === '/api/v1/outcomes');

    query(page(), 'form', HTMLFormElement).dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    const next = request();
    expect(next.request.params.get('drug')).toBe('esketamine');
    expect(next.request.params.get('route')).toBe('intranasal');
    // Loading: still no old numbers.
    expect(page().querySelector('[data-testid="outcomes-loading"]')).not.toBeNull();
    expect(page().querySelector('[data-testid="cohort-patients"]')).toBeNull();
    expect(before.every((chart) => chart.destroy.mock.calls.length === 1)).toBe(true);

    next.flush(
      anOutcomes({
        cohortPatients: 12,
        filters: {
          clinicId: CLINIC_ID,
          from: '2025-11-26',
          to: '2026-11-26',
          drug: 'esketamine',
          route: 'intranasal',
          clinicianId: null,
          protocolId: null,
          kind: null,
        },
      }),
    );
    fixture.detectChanges();
    await fixture.whenStable();
    expect(textOf(page(), '[data-testid="cohort-patients"]')).toBe('12');
    expect(textOf(page(), '[data-testid="outcomes-report-of"]')).toBe(
      'Outcomes of Riverside Clinic · first session 2025-11-26 to 2026-11-26 · Esketamine · Intranasal',
    );
    expect(query(page(), '[data-testid="outcomes-csv"]', HTMLButtonElement).disabled).toBe(false);
    const drawn = (await charts()).filter((chart) => !before.includes(chart));
    expect(drawn).toHaveLength(2);
    fixture.destroy();
    expect(drawn.every((chart) => chart.destroy.mock.calls.length === 1)).toBe(true);
  });

  it('refuses a period that ends before it starts', () => {
    request().flush(anOutcomes());
    fixture.detectChanges();
    const to = query(page(), '#outcomes-to', HTMLInputElement);
    to.value = '01/01/2020';
    to.dispatchEvent(new Event('input'));
    to.dispatchEvent(new Event('change'));
    query(page(), 'form', HTMLFormElement).dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    expect(textOf(page(), '#outcomes-to-error')).toBe(
      'The end of the period must not be before its start.',
    );
    http.expectNone((r) => r.url === '/api/v1/outcomes');
  });

  it('says when no course started in the period', () => {
    request().flush(anOutcomes({ cohortPatients: 0, cohortCourses: 0, bySessionNumber: [] }));
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="outcomes-empty"]')).toContain(
      'No treatment course had its first session',
    );
  });

  it('filters by protocol and kind of course, and says so (per treatment course)', async () => {
    request().flush(anOutcomes());
    fixture.detectChanges();
    expect(textOf(page(), 'h1')).toBe('Outcomes per treatment course');
    expect(textOf(page(), '#by-session-title')).toContain('per treatment course');
    expect(textOf(page(), '[data-testid="cohort-courses"]')).toBe('40');
    const protocol = query(page(), '#outcomes-protocol', HTMLSelectElement);
    expect(protocol.options[0].textContent.trim()).toBe('All protocols');
    const iv = BUILT_IN_PROTOCOLS.find((p) => p.id === BUILT_IN_PROTOCOL_IDS.ketamineIv);
    protocol.value = BUILT_IN_PROTOCOL_IDS.ketamineIv;
    protocol.dispatchEvent(new Event('change'));
    const kind = query(page(), '#outcomes-kind', HTMLSelectElement);
    kind.value = 'reinduction';
    kind.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    query(page(), 'form', HTMLFormElement).dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    const next = request();
    expect(next.request.params.get('protocolId')).toBe(BUILT_IN_PROTOCOL_IDS.ketamineIv);
    expect(next.request.params.get('kind')).toBe('reinduction');
    next.flush(
      anOutcomes({
        cohortCourses: 3,
        cohortPatients: 3,
        filters: {
          clinicId: CLINIC_ID,
          from: '2025-11-26',
          to: '2026-11-26',
          drug: null,
          route: null,
          clinicianId: null,
          protocolId: BUILT_IN_PROTOCOL_IDS.ketamineIv,
          kind: 'reinduction',
        },
      }),
    );
    fixture.detectChanges();
    await fixture.whenStable();
    expect(textOf(page(), '[data-testid="outcomes-report-of"]')).toBe(
      `Outcomes of Riverside Clinic · first session 2025-11-26 to 2026-11-26 · all drugs · all routes · ${iv?.name ?? ''} · Re-induction`,
    );
    expect(textOf(page(), '[data-testid="cohort-courses"]')).toBe('3');
  });

  it('shows an error with Retry', () => {
    request().flush(null, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="outcomes-error"]')).toContain('could not be loaded');
    query(page(), '[data-testid="outcomes-error"] button', HTMLButtonElement).click();
    fixture.detectChanges();
    request().flush(anOutcomes());
  });
});
