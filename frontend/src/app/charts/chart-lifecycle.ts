import { DestroyRef, afterNextRender, effect, inject, untracked } from '@angular/core';
import type { ChartConfiguration, ChartType, DefaultDataPoint } from 'chart.js';

import { Chart } from './chart-registry';

/** What a chart wrapper gives the shared lifecycle. */
export interface ChartSpec<TType extends ChartType, TData = DefaultDataPoint<TType>> {
  /** The canvas to draw on (read once, after the first render). */
  canvas: () => HTMLCanvasElement;
  /** The whole configuration, for the one creation. */
  configuration: () => ChartConfiguration<TType, TData>;
  /**
   * Reads the signals the chart follows (each change runs it again) and returns what to change on
   * the existing chart; the lifecycle then redraws it without animation.
   */
  changes: () => (chart: Chart<TType, TData>) => void;
  /** After the creation and after each redraw (e.g. to read back what the chart holds). */
  drawn?: (chart: Chart<TType, TData>) => void;
}

/**
 * The one lifecycle of every chart wrapper: the Chart.js instance is created once after the first
 * render, updated in place when the inputs change (no re-creation, no animation: screenshots and
 * screen readers get the final state at once), and destroyed with the component. Call it in a
 * constructor (it injects). Returns the current instance, null before the first render.
 */
export function chartLifecycle<TType extends ChartType, TData = DefaultDataPoint<TType>>(
  spec: ChartSpec<TType, TData>,
): () => Chart<TType, TData> | null {
  let chart: Chart<TType, TData> | null = null;
  afterNextRender(() => {
    chart = new Chart(spec.canvas(), spec.configuration());
    spec.drawn?.(chart);
  });
  effect(() => {
    const apply = spec.changes();
    untracked(() => {
      if (!chart) {
        return;
      }
      apply(chart);
      chart.update('none');
      spec.drawn?.(chart);
    });
  });
  inject(DestroyRef).onDestroy(() => {
    chart?.destroy();
    chart = null;
  });
  return () => chart;
}
