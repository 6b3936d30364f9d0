import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  input,
  viewChild,
} from '@angular/core';
import type { ChartConfiguration, Scale, TooltipItem } from 'chart.js';

import { formatDate, formatDateTime, formatShortDate } from '../ui/format';
import { chartLifecycle } from './chart-lifecycle';
import { CHART_COLORS, RECALL_KEY_LABELS } from './chart-theme';
import { ChartKeyComponent, type ChartKeyItem } from './chart-key.component';
import {
  type CourseChartModel,
  type CoursePoint,
  type DoseMarker,
  courseChartBands,
  courseChartSummary,
  courseDatasets,
  courseTooltipLines,
} from './course-chart.data';
import { responseCutOff } from './response-chart.data';

const AXIS_FONT = { size: 13 };

/**
 * PHQ-9 over calendar time with a marker at each dose. Time is a linear axis of epoch
 * milliseconds with our own date ticks (no date adapter). Created once, updated in place,
 * destroyed with the component; decimated when a long course has many points.
 */
@Component({
  selector: 'app-course-chart',
  imports: [ChartKeyComponent],
  template: `
    <div class="chart-frame" data-testid="course-chart">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
    <app-chart-key [items]="key()" label="Key to the course chart" />
  `,
  styleUrl: './chart.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseChartComponent {
  readonly model = input.required<CourseChartModel>();
  readonly timeZone = input<string | undefined>(undefined);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');

  protected readonly summary = computed(() =>
    courseChartSummary(this.model(), (at) => formatDate(at, this.timeZone())),
  );
  protected readonly key = computed<ChartKeyItem[]>(() => {
    const model = this.model();
    const items: ChartKeyItem[] = [
      { symbol: 'course-line', label: 'PHQ-9 total' },
      { symbol: 'circle', label: RECALL_KEY_LABELS['24_hours'] },
      { symbol: 'diamond', label: RECALL_KEY_LABELS.two_weeks },
      { symbol: 'dose', label: 'Dose (one per session)' },
    ];
    if (model.baselineTotal !== null && model.responseAtOrBelow !== null) {
      items.push(
        { symbol: 'baseline', label: `Course baseline ${String(model.baselineTotal)}` },
        {
          symbol: 'response',
          label: `Response: ≤ ${String(responseCutOff(model.responseAtOrBelow))}`,
        },
      );
    }
    items.push({ symbol: 'remission', label: `Remission: below ${String(model.remissionBelow)}` });
    return items;
  });

  constructor() {
    chartLifecycle<'line', (CoursePoint | DoseMarker)[]>({
      canvas: () => this.canvas().nativeElement,
      configuration: () => this.configuration(),
      changes: () => {
        const model = this.model();
        return (chart) => {
          chart.data.datasets = courseDatasets(model);
          if (chart.options.plugins) {
            chart.options.plugins.clinicBands = courseChartBands(model);
          }
          const x = chart.options.scales?.['x'];
          if (x) {
            x.min = model.xMin;
            x.max = model.xMax;
          }
        };
      },
    });
  }

  private configuration(): ChartConfiguration<'line', (CoursePoint | DoseMarker)[]> {
    const model = this.model();
    const zone = (): string | undefined => this.timeZone();
    return {
      type: 'line',
      data: { datasets: courseDatasets(model) },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
        layout: { padding: { top: 10, right: 10 } },
        scales: {
          x: {
            type: 'linear',
            min: model.xMin,
            max: model.xMax,
            // Ticks at whole days chosen by courseChartModel, labelled as dates.
            afterBuildTicks: (axis: Scale) => {
              axis.ticks = this.model().ticks.map((value) => ({ value }));
            },
            ticks: {
              color: CHART_COLORS.text,
              font: AXIS_FONT,
              maxRotation: 0,
              autoSkip: true,
              callback: (value) => formatShortDate(Number(value), zone()),
            },
            grid: { color: CHART_COLORS.grid },
          },
          y: {
            type: 'linear',
            min: 0,
            max: model.yMax,
            title: { display: true, text: 'PHQ-9 total', color: CHART_COLORS.text },
            ticks: { stepSize: 3, color: CHART_COLORS.text, font: AXIS_FONT },
            grid: { color: CHART_COLORS.grid },
          },
        },
        plugins: {
          clinicBands: courseChartBands(model),
          decimation: { enabled: true, algorithm: 'lttb', samples: 300, threshold: 600 },
          tooltip: {
            displayColors: false,
            callbacks: {
              title: () => '',
              label: (item: TooltipItem<'line'>) =>
                courseTooltipLines(item.raw as CoursePoint | DoseMarker, (iso) =>
                  formatDateTime(iso, zone()),
                ),
            },
          },
        },
      },
    };
  }
}
