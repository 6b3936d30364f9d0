import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { DEFAULT_THRESHOLDS } from '@clinic/shared';
import type { TooltipItem } from 'chart.js';

import { buttonLabelled, normalize, query } from '../../testing/dom';
import { FakeChart } from '../../testing/fake-chart';
import { aPoint, aResponse, aResponseSession } from '../../testing/patient-fixtures';
import { ResponseChartComponent } from './response-chart.component';
import {
  type ResponseChartModel,
  type ResponseDataset,
  responseChartModel,
} from './response-chart.data';

jest.mock('./chart-registry', () => ({
  Chart: jest.requireActual<{ FakeChart: typeof FakeChart }>('../../testing/fake-chart').FakeChart,
}));

function threeSessions(): ResponseChartModel {
  const sessions = [1, 2, 3].map((n) =>
    aResponseSession({
      sessionId: `s${String(n)}`,
      sessionNumber: n,
      startedAt: `2026-10-0${String(n * 2)}T09:00:00.000Z`,
      preDoseTotal: 20 - n,
      points: [aPoint({ hoursSinceDose: 24, total: 8 + n, changePct: -50 + n * 5 })],
      at24h: aPoint({ hoursSinceDose: 24, total: 8 + n, changePct: -50 + n * 5 }),
    }),
  );
  return responseChartModel(aResponse({ sessions }), [], DEFAULT_THRESHOLDS.response);
}

describe('ResponseChartComponent', () => {
  let fixture: ComponentFixture<ResponseChartComponent>;

  beforeEach(async () => {
    FakeChart.instances = [];
    TestBed.configureTestingModule({ imports: [ResponseChartComponent] });
    fixture = TestBed.createComponent(ResponseChartComponent);
    fixture.componentRef.setInput('model', threeSessions());
    fixture.componentRef.setInput('timeZone', 'Europe/London');
    await fixture.whenStable();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const chart = (): FakeChart => {
    expect(FakeChart.instances).toHaveLength(1);
    return FakeChart.instances[0];
  };
  const datasets = (): ResponseDataset[] => chart().data.datasets as unknown as ResponseDataset[];
  const frame = (): HTMLElement => query(page(), '[data-testid="response-chart"]', HTMLElement);
  const checkbox = (label: string): HTMLInputElement => {
    const found = Array.from(page().querySelectorAll('label')).find((l) =>
      normalize(l.textContent).startsWith(label),
    );
    return query(found ?? page(), 'input[type="checkbox"]', HTMLInputElement);
  };

  it('creates one chart, with one line per session on fixed axes, parsing and animation off', () => {
    const options = chart().options as {
      parsing: boolean;
      animation: boolean;
      maintainAspectRatio: boolean;
      scales: { x: { min: number; max: number }; y: { min: number; max: number } };
    };
    expect(chart().canvas).toBe(page().querySelector('canvas'));
    expect(datasets().map((d) => d.label)).toEqual(['Session 1', 'Session 2', 'Session 3']);
    expect(options.parsing).toBe(false);
    expect(options.animation).toBe(false);
    expect(options.maintainAspectRatio).toBe(false);
    expect([options.scales.x.min, options.scales.x.max]).toEqual([0, 96]);
    expect([options.scales.y.min, options.scales.y.max]).toEqual([0, 27]);
    expect(frame().dataset['sessionDatasets']).toBe('3');
    expect(frame().dataset['visibleSessions']).toBe('1 2 3');
  });

  it('switches a session off and on in place, from an accessible checkbox list', async () => {
    expect(normalize(query(page(), 'legend', HTMLElement).textContent)).toBe(
      'Sessions shown on the chart',
    );
    const session2 = checkbox('Session 2');
    expect(session2.checked).toBe(true);

    session2.click();
    await fixture.whenStable();

    expect(datasets().map((d) => d.hidden)).toEqual([false, true, false]);
    expect(chart().updates).toEqual(['none']);
    expect(frame().dataset['visibleSessions']).toBe('1 3');
    expect(checkbox('Session 2').checked).toBe(false);

    checkbox('Session 2').click();
    await fixture.whenStable();
    expect(frame().dataset['visibleSessions']).toBe('1 2 3');
  });

  it('shows the latest only, or all sessions again', async () => {
    buttonLabelled(page(), 'Latest only').click();
    await fixture.whenStable();
    expect(frame().dataset['visibleSessions']).toBe('3');

    buttonLabelled(page(), 'All sessions').click();
    await fixture.whenStable();
    expect(frame().dataset['visibleSessions']).toBe('1 2 3');
  });

  it('marks the latest session in the list, newest first', () => {
    const labels = Array.from(page().querySelectorAll('.chart-sessions__list label')).map((l) =>
      normalize(l.textContent),
    );
    expect(labels).toEqual(['Session 3 6 Oct (latest)', 'Session 2 4 Oct', 'Session 1 2 Oct']);
  });

  it('updates the same chart when the data change (a new PHQ-9)', async () => {
    const model = threeSessions();
    model.series[2].points.push({ ...model.series[2].points[1], x: 72, y: 12 });

    fixture.componentRef.setInput('model', model);
    await fixture.whenStable();

    expect(datasets()[2].data.map((p) => p.x)).toEqual([0, 24, 72]);
    expect(chart().updates).toEqual(['none']);
  });

  it('has a text alternative: the canvas named, and a table of the 24-h and 72-h points', () => {
    const canvas = query(page(), 'canvas', HTMLCanvasElement);
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toContain('latest, session 3: pre-dose 17, 24 h 11');

    const rows = Array.from(
      page().querySelectorAll('[data-testid="response-chart-table"] tbody tr'),
    ).map((row) => Array.from(row.children).map((cell) => normalize(cell.textContent)));
    expect(rows[0]).toEqual([
      'Session 3',
      '6 Oct 2026',
      '35 mg',
      '17',
      '11 at 24 h (−35% from baseline, 24-hour recall (modified))',
      'No PHQ-9 in 48–96 h',
    ]);
    expect(rows).toHaveLength(3);
  });

  it('explains every symbol in a key under the chart', () => {
    const key = normalize(query(page(), '.chart-key', HTMLElement).textContent);
    expect(key).toContain('24-hour recall (modified PHQ-9)');
    expect(key).toContain('Two-week recall (standard PHQ-9)');
    expect(key).toContain('Pre-dose score (drawn at 0 h)');
    expect(key).toContain('Course baseline 20');
    expect(key).toContain('Response: ≤ 10 (half the baseline)');
    expect(key).toContain('Remission: below 5');
  });

  it('gives tooltips the score, severity and change from baseline', () => {
    const tooltip = (
      chart().options as {
        plugins: { tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => string[] } } };
      }
    ).plugins.tooltip;
    const item = { datasetIndex: 2, raw: datasets()[2].data[1] } as TooltipItem<'line'>;

    expect(tooltip.callbacks.label(item)).toEqual([
      'Session 3: 24 h after the dose',
      'PHQ-9 11 (moderate)',
      '−35% from baseline',
      '24-hour recall (modified)',
    ]);
  });

  it('destroys the chart with the component', () => {
    fixture.destroy();

    expect(chart().destroyed).toBe(true);
  });
});
