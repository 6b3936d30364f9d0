import type { Chart, ChartType, Plugin, Scale } from 'chart.js';

import type { ChartBand, ChartBands, ChartLine } from './chart-bands';
import { CHART_COLORS } from './chart-theme';

declare module 'chart.js' {
  // Options of the plugin under `options.plugins.clinicBands`. The type parameter must keep the
  // name Chart.js gives it for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    clinicBands?: Partial<ChartBands>;
  }
}

const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function drawXBand(chart: Chart, x: Scale, band: ChartBand): void {
  const { ctx, chartArea: area } = chart;
  const left = clamp(x.getPixelForValue(band.from), area.left, area.right);
  const right = clamp(x.getPixelForValue(band.to), area.left, area.right);
  if (right <= left) {
    return;
  }
  ctx.fillStyle = band.color;
  ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
  if (band.label) {
    ctx.fillStyle = CHART_COLORS.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(band.label, (left + right) / 2, area.top + 4, right - left - 4);
  }
}

function drawYBand(chart: Chart, y: Scale, band: ChartBand): void {
  const { ctx, chartArea: area } = chart;
  const top = clamp(y.getPixelForValue(band.to), area.top, area.bottom);
  const bottom = clamp(y.getPixelForValue(band.from), area.top, area.bottom);
  if (bottom <= top) {
    return;
  }
  ctx.fillStyle = band.color;
  ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
}

function drawLine(chart: Chart, scale: Scale, line: ChartLine, axis: 'x' | 'y'): void {
  const { ctx, chartArea: area } = chart;
  const at = scale.getPixelForValue(line.at);
  const min = axis === 'x' ? area.left : area.top;
  const max = axis === 'x' ? area.right : area.bottom;
  if (at < min - 0.5 || at > max + 0.5) {
    return;
  }
  ctx.strokeStyle = line.color;
  ctx.lineWidth = line.width;
  ctx.setLineDash(line.dash);
  ctx.beginPath();
  if (axis === 'x') {
    ctx.moveTo(at, area.top);
    ctx.lineTo(at, area.bottom);
  } else {
    ctx.moveTo(area.left, at);
    ctx.lineTo(area.right, at);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  if (line.label && axis === 'y') {
    ctx.fillStyle = line.color;
    ctx.textAlign = 'right';
    ctx.textBaseline = line.labelPosition === 'above' ? 'bottom' : 'top';
    ctx.fillText(line.label, area.right - 6, line.labelPosition === 'above' ? at - 3 : at + 3);
  }
}

/**
 * Draws bands and reference lines behind the data: the 24 h and 72 h windows, the response and
 * remission zones, the course baseline, and dose lines. Our own few lines instead of the
 * annotation plugin: nothing else is downloaded.
 */
export const clinicBandsPlugin: Plugin<'line', Partial<ChartBands>> = {
  id: 'clinicBands',
  beforeDatasetsDraw(chart, _args, options) {
    const x = chart.scales['x'] as Scale | undefined;
    const y = chart.scales['y'] as Scale | undefined;
    if (!x || !y) {
      return;
    }
    const { ctx, chartArea: area } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.font = LABEL_FONT;
    for (const band of options.yBands ?? []) {
      drawYBand(chart, y, band);
    }
    for (const band of options.xBands ?? []) {
      drawXBand(chart, x, band);
    }
    for (const line of options.xLines ?? []) {
      drawLine(chart, x, line, 'x');
    }
    for (const line of options.yLines ?? []) {
      drawLine(chart, y, line, 'y');
    }
    ctx.restore();
  },
};
