import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { ChartConfiguration } from 'chart.js';

import { Chart } from './chart-registry';
import { CHART_COLORS } from './chart-theme';
import {
  type ResponseChartModel,
  type ResponseChartPoint,
  responseChartBands,
  responseChartSummary,
  responseDatasets,
} from './response-chart.data';

/** The drawing's size in CSS pixels (about 2:1, the printed column's shape) and its pixel density. */
export const PRINT_CHART_WIDTH = 960;
export const PRINT_CHART_HEIGHT = 440;
export const PRINT_CHART_PIXEL_RATIO = 2;

const AXIS_FONT = { size: 15 };

/**
 * The 24-72 h response chart (CLINICAL.md s5) for paper: drawn once by Chart.js on a fixed-size
 * canvas, animation off, at twice the pixel density, then turned into an `<img>` (a PNG data URL)
 * and the chart destroyed. An image prints sharply at the page's width and never redraws while
 * the browser lays out the printed pages (a canvas resized for print can print blank or blurred).
 * Every session is drawn; the key and the numbers are the page's tables.
 */
@Component({
  selector: 'app-response-print-chart',
  template: `
    @if (image(); as src) {
      <img
        class="print-chart__image"
        data-testid="response-print-chart"
        [src]="src"
        [alt]="summary()"
        [attr.width]="width"
        [attr.height]="height"
      />
    } @else {
      <canvas
        #canvas
        class="print-chart__canvas"
        [attr.width]="width"
        [attr.height]="height"
        aria-hidden="true"
      ></canvas>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .print-chart__image,
    .print-chart__canvas {
      display: block;
      width: 100%;
      height: auto;
      max-width: ${PRINT_CHART_WIDTH}px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResponsePrintChartComponent {
  readonly model = input.required<ResponseChartModel>();

  protected readonly width = PRINT_CHART_WIDTH;
  protected readonly height = PRINT_CHART_HEIGHT;
  /** The PNG data URL once drawn. */
  protected readonly image = signal<string | null>(null);
  protected readonly summary = computed(() => responseChartSummary(this.model()));

  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('canvas');

  constructor() {
    let chart: Chart<'line', ResponseChartPoint[]> | null = null;
    afterNextRender(() => {
      const canvas = this.canvas()?.nativeElement;
      if (!canvas) {
        return;
      }
      chart = new Chart(canvas, this.configuration());
      this.image.set(chart.toBase64Image('image/png', 1));
      chart.destroy();
      chart = null;
    });
    inject(DestroyRef).onDestroy(() => {
      chart?.destroy();
    });
  }

  private configuration(): ChartConfiguration<'line', ResponseChartPoint[]> {
    const model = this.model();
    const axis = (text: string) => ({
      display: true,
      text,
      color: CHART_COLORS.text,
      font: AXIS_FONT,
    });
    return {
      type: 'line',
      data: { datasets: responseDatasets(model, new Set()) },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: false,
        maintainAspectRatio: false,
        devicePixelRatio: PRINT_CHART_PIXEL_RATIO,
        events: [],
        layout: { padding: { top: 8, right: 12 } },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: model.xMax,
            title: axis('Hours since dose'),
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
            title: axis('PHQ-9 total'),
            ticks: { stepSize: 3, color: CHART_COLORS.text, font: AXIS_FONT },
            grid: { color: CHART_COLORS.grid },
          },
        },
        plugins: {
          clinicBands: responseChartBands(model),
          tooltip: { enabled: false },
        },
      },
    };
  }
}
