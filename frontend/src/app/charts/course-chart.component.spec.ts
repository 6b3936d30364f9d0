import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { DEFAULT_THRESHOLDS } from '@clinic/shared';
import type { TooltipItem } from 'chart.js';

import { normalize, query } from '../../testing/dom';
import { FakeChart } from '../../testing/fake-chart';
import { aPhq9, aSession } from '../../testing/patient-fixtures';
import { CourseChartComponent } from './course-chart.component';
import { type CourseChartModel, courseChartModel } from './course-chart.data';

jest.mock('./chart-registry', () => ({
  Chart: jest.requireActual<{ FakeChart: typeof FakeChart }>('../../testing/fake-chart').FakeChart,
}));

function model(extra: number[] = []): CourseChartModel {
  const result = courseChartModel(
    [
      aPhq9({ administeredAt: '2026-09-28T09:00:00.000Z', total: 20 }),
      aPhq9({ administeredAt: '2026-10-02T09:00:00.000Z', total: 10, recall: '24_hours' }),
      ...extra.map((total, i) =>
        aPhq9({ administeredAt: `2026-10-1${String(i)}T09:00:00.000Z`, total, recall: '24_hours' }),
      ),
    ],
    [aSession({ sessionNumber: 1, startedAt: '2026-10-01T09:00:00.000Z' })],
    20,
    DEFAULT_THRESHOLDS.response,
  );
  if (!result) throw new Error('no model');
  return result;
}

interface CourseOptions {
  parsing: boolean;
  animation: boolean;
  scales: {
    x: {
      type: string;
      min: number;
      max: number;
      ticks: { callback: (value: number) => string };
      afterBuildTicks: (axis: { ticks: { value: number }[] }) => void;
    };
  };
  plugins: {
    decimation: { enabled: boolean; algorithm: string };
    tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => string[] } };
  };
}

describe('CourseChartComponent', () => {
  let fixture: ComponentFixture<CourseChartComponent>;

  beforeEach(async () => {
    FakeChart.instances = [];
    TestBed.configureTestingModule({ imports: [CourseChartComponent] });
    fixture = TestBed.createComponent(CourseChartComponent);
    fixture.componentRef.setInput('model', model());
    fixture.componentRef.setInput('timeZone', 'Europe/London');
    await fixture.whenStable();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const chart = (): FakeChart => {
    expect(FakeChart.instances).toHaveLength(1);
    return FakeChart.instances[0];
  };
  const options = (): CourseOptions => chart().options as unknown as CourseOptions;

  it('draws PHQ-9 over calendar time on a linear axis of epoch ms, with decimation', () => {
    expect(chart().data.datasets.map((d) => d['label'])).toEqual(['PHQ-9 total', 'Doses']);
    expect(options().parsing).toBe(false);
    expect(options().animation).toBe(false);
    expect(options().scales.x.type).toBe('linear');
    expect(options().plugins.decimation).toMatchObject({ enabled: true, algorithm: 'lttb' });
  });

  it('labels the time axis with dates in the clinic’s zone, at the model’s ticks', () => {
    const axis = { ticks: [{ value: 1 }] };
    options().scales.x.afterBuildTicks(axis);

    expect(axis.ticks.map((t) => t.value)).toEqual(model().ticks);
    expect(options().scales.x.ticks.callback(Date.parse('2026-10-02T12:00:00.000Z'))).toBe('2 Oct');
  });

  it('tells the date, score and change of a point, and the dose of a marker', () => {
    const [phq9, doses] = chart().data.datasets as unknown as { data: unknown[] }[];
    const label = options().plugins.tooltip.callbacks.label;

    expect(label({ raw: phq9.data[1] } as TooltipItem<'line'>)).toEqual([
      '2 Oct 2026, 10:00',
      'PHQ-9 10 (moderate)',
      '−50% from baseline',
      '24-hour recall (modified)',
    ]);
    expect(label({ raw: doses.data[0] } as TooltipItem<'line'>)).toEqual([
      'Session 1: dose',
      '1 Oct 2026, 10:00',
      'Ketamine IV 35 mg (0.5 mg/kg)',
    ]);
  });

  it('updates the same chart in place with new data', async () => {
    fixture.componentRef.setInput('model', model([8]));
    await fixture.whenStable();

    expect((chart().data.datasets[0]['data'] as unknown[]).length).toBe(3);
    expect(chart().updates).toEqual(['none']);
  });

  it('names the canvas and explains its symbols', () => {
    expect(query(page(), 'canvas', HTMLCanvasElement).getAttribute('aria-label')).toBe(
      'Course chart: 2 PHQ-9 scores and 1 dose from 27 Sept 2026 to 3 Oct 2026. Latest PHQ-9 10 (moderate). The PHQ-9 history table lists every score.',
    );
    expect(normalize(query(page(), '.chart-key', HTMLElement).textContent)).toContain(
      'Dose (one per session)',
    );
  });

  it('destroys the chart with the component', () => {
    fixture.destroy();
    expect(chart().destroyed).toBe(true);
  });
});
