import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  input,
  viewChild,
} from '@angular/core';
import type { ChartData, ChartOptions, Point } from 'chart.js';

import { chartLifecycle } from './chart-lifecycle';

/** Points on linear axes (the shared registry registers no category scale). */
export type LinePoints = Point[];

// Numbers matter more than motion; screenshots and screen readers get the final state at once.
const BASE_OPTIONS: ChartOptions<'line'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
};

/**
 * A Chart.js line chart: created once, updated in place when its data or options change, destroyed
 * with the component. The canvas is an image to assistive technology, described by `label`; the
 * page around it carries the key in HTML and the same numbers as a table.
 */
@Component({
  selector: 'app-line-chart',
  template: `<canvas #canvas role="img" [attr.aria-label]="label()"></canvas>`,
  styles: `
    :host {
      display: block;
      position: relative;
      height: var(--chart-height, 20rem);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LineChartComponent {
  readonly data = input.required<ChartData<'line', LinePoints>>();
  readonly options = input<ChartOptions<'line'>>({});
  readonly label = input.required<string>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  constructor() {
    chartLifecycle<'line', LinePoints>({
      canvas: () => this.canvas().nativeElement,
      configuration: () => ({ type: 'line', data: this.data(), options: this.allOptions() }),
      changes: () => {
        const data = this.data();
        const options = this.allOptions();
        return (chart) => {
          chart.data = data;
          chart.options = options;
        };
      },
    });
  }

  private allOptions(): ChartOptions<'line'> {
    return { ...BASE_OPTIONS, ...this.options() };
  }
}
