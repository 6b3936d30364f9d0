import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { ChartConfiguration, TooltipItem } from 'chart.js';

import { formatDate, formatShortDate } from '../ui/format';
import { chartLifecycle } from './chart-lifecycle';
import type { Chart } from './chart-registry';
import { CHART_COLORS, RECALL_KEY_LABELS } from './chart-theme';
import { ChartKeyComponent, type ChartKeyItem } from './chart-key.component';
import {
  type ResponseChartModel,
  type ResponseChartPoint,
  type ResponseDataset,
  responseChartBands,
  responseChartSummary,
  responseCutOff,
  responseDatasets,
  responseShare,
  responseTableRows,
  responseTooltipLines,
} from './response-chart.data';

const AXIS_FONT = { size: 13 };

/**
 * The 24-72 h response chart (CLINICAL.md s5). Creates its Chart.js chart once, updates it in
 * place when the data or the sessions shown change, and destroys it with the component. The
 * frame has a fixed height, so drawing the chart moves nothing on the page.
 */
@Component({
  selector: 'app-response-chart',
  imports: [ChartKeyComponent],
  template: `
    <div
      class="chart-frame"
      data-testid="response-chart"
      [attr.data-session-datasets]="rendered().sessions"
      [attr.data-visible-sessions]="rendered().visible"
    >
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
    <!-- A wrapper carries the hiding: a table ignores width: 1px and would widen the page. -->
    <div class="visually-hidden">
      <table data-testid="response-chart-table">
        <caption>
          PHQ-9 at 24 h and 72 h after each session, newest first (the response chart as a table)
        </caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Date</th>
            <th scope="col">Dose</th>
            <th scope="col">Pre-dose PHQ-9</th>
            <th scope="col">24-h point</th>
            <th scope="col">72-h point</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.sessionId) {
            <tr>
              <th scope="row">Session {{ row.sessionNumber }}</th>
              <td>{{ dateOf(row.startedAt) }}</td>
              <td>{{ row.dose }}</td>
              <td>{{ row.preDose }}</td>
              <td>{{ row.at24h }}</td>
              <td>{{ row.at72h }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <app-chart-key [items]="key()" label="Key to the response chart" />
    @if (newestFirst().length > 1) {
      <fieldset class="chart-sessions">
        <legend class="chart-sessions__legend">Sessions shown on the chart</legend>
        <div class="chart-sessions__actions">
          <button type="button" class="button button--secondary button--small" (click)="showAll()">
            All sessions
          </button>
          <button
            type="button"
            class="button button--secondary button--small"
            (click)="showLatestOnly()"
          >
            Latest only
          </button>
        </div>
        <ul class="chart-sessions__list">
          @for (series of newestFirst(); track series.sessionId) {
            <li>
              <label
                class="chart-sessions__toggle"
                [class.chart-sessions__toggle--latest]="series.latest"
              >
                <input
                  type="checkbox"
                  [checked]="!hidden().has(series.sessionId)"
                  (change)="toggle(series.sessionId)"
                />
                <svg width="22" height="10" viewBox="0 0 22 10" aria-hidden="true">
                  <line
                    x1="1"
                    y1="5"
                    x2="21"
                    y2="5"
                    [attr.stroke]="series.latest ? colors.latest : colors.earlier"
                    [attr.stroke-width]="series.latest ? 3 : 2"
                  />
                </svg>
                <span
                  >Session {{ series.sessionNumber }}
                  <span class="chart-sessions__date">{{ shortDateOf(series.startedAt) }}</span>
                  @if (series.latest) {
                    <span class="chart-sessions__latest"> (latest)</span>
                  }
                </span>
              </label>
            </li>
          }
        </ul>
      </fieldset>
    }
  `,
  styleUrl: './chart.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResponseChartComponent {
  readonly model = input.required<ResponseChartModel>();
  /** The clinic's time zone, for dates. */
  readonly timeZone = input<string | undefined>(undefined);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart: () => Chart<'line', ResponseChartPoint[]> | null;

  protected readonly colors = CHART_COLORS;
  /** Sessions switched off in the list under the chart. */
  protected readonly hidden = signal<ReadonlySet<string>>(new Set());
  /** What the chart instance holds after the last update (read back for tests and tools). */
  protected readonly rendered = signal({ sessions: 0, visible: '' });

  protected readonly newestFirst = computed(() => [...this.model().series].reverse());
  protected readonly rows = computed(() => responseTableRows(this.model()));
  protected readonly summary = computed(() => responseChartSummary(this.model()));
  protected readonly key = computed<ChartKeyItem[]>(() => {
    const model = this.model();
    const items: ChartKeyItem[] = [
      { symbol: 'latest-line', label: 'Latest session' },
      { symbol: 'earlier-line', label: 'Earlier sessions' },
      { symbol: 'circle', label: RECALL_KEY_LABELS['24_hours'] },
      { symbol: 'diamond', label: RECALL_KEY_LABELS.two_weeks },
      { symbol: 'triangle', label: 'Answered by the patient from home (follow-up link)' },
      { symbol: 'hollow', label: 'Pre-dose score (drawn at 0 h)' },
      {
        symbol: 'window',
        label: `24 h (${String(model.window24h.min)}–${String(model.window24h.max)} h) and 72 h (${String(model.window72h.min)}–${String(model.window72h.max)} h) windows`,
      },
    ];
    if (model.baseline && model.responseAtOrBelow !== null) {
      items.push(
        { symbol: 'baseline', label: `Course baseline ${String(model.baseline.total)}` },
        {
          symbol: 'response',
          label: `Response: ≤ ${String(responseCutOff(model.responseAtOrBelow))} (${responseShare(model.responseRatio)})`,
        },
      );
    }
    items.push({
      symbol: 'remission',
      label: `Remission: below ${String(model.remissionBelow)}`,
    });
    return items;
  });

  private readonly datasets = computed(() => responseDatasets(this.model(), this.hidden()));

  constructor() {
    // Later changes update the same chart in place (no re-creation, no animation).
    this.chart = chartLifecycle<'line', ResponseChartPoint[]>({
      canvas: () => this.canvas().nativeElement,
      configuration: () => this.configuration(),
      changes: () => {
        const datasets = this.datasets();
        const model = this.model();
        return (chart) => {
          chart.data.datasets = datasets;
          if (chart.options.plugins) {
            chart.options.plugins.clinicBands = responseChartBands(model);
          }
          const x = chart.options.scales?.['x'];
          if (x) {
            x.max = model.xMax;
          }
        };
      },
      drawn: () => {
        this.readBack();
      },
    });
  }

  protected dateOf(iso: string): string {
    return formatDate(iso, this.timeZone());
  }

  protected shortDateOf(iso: string): string {
    return formatShortDate(iso, this.timeZone());
  }

  protected toggle(sessionId: string): void {
    this.hidden.update((hidden) => {
      const next = new Set(hidden);
      if (!next.delete(sessionId)) {
        next.add(sessionId);
      }
      return next;
    });
  }

  protected showAll(): void {
    this.hidden.set(new Set());
  }

  protected showLatestOnly(): void {
    const series = this.model().series;
    this.hidden.set(new Set(series.filter((s) => !s.latest).map((s) => s.sessionId)));
  }

  private readBack(): void {
    const chart = this.chart();
    if (!chart) {
      return;
    }
    const datasets = chart.data.datasets as ResponseDataset[];
    const series = this.model().series;
    const visible = datasets
      .map((dataset, index) => ({ dataset, index }))
      .filter(({ index }) => chart.isDatasetVisible(index))
      .map(({ dataset }) =>
        String(series.find((s) => s.sessionId === dataset.sessionId)?.sessionNumber ?? ''),
      );
    this.rendered.set({ sessions: datasets.length, visible: visible.join(' ') });
  }

  private configuration(): ChartConfiguration<'line', ResponseChartPoint[]> {
    const model = this.model();
    return {
      type: 'line',
      data: { datasets: this.datasets() },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
        layout: { padding: { top: 6, right: 10 } },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: model.xMax,
            title: { display: true, text: 'Hours since dose', color: CHART_COLORS.text },
            ticks: {
              stepSize: 12,
              color: CHART_COLORS.text,
              font: AXIS_FONT,
              callback: (value) => `${String(value)} h`,
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
          clinicBands: responseChartBands(model),
          tooltip: {
            displayColors: false,
            callbacks: {
              title: () => '',
              label: (item: TooltipItem<'line'>) => {
                const series = this.model().series[item.datasetIndex];
                return responseTooltipLines(item.raw as ResponseChartPoint, series.sessionNumber);
              },
            },
          },
        },
      },
    };
  }
}
