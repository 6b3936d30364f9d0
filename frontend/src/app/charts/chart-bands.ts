/**
 * Shaded bands and reference lines drawn behind a chart's data by the `clinicBands` plugin
 * (bands.plugin.ts). Plain data, so the pure chart-data functions produce and test them.
 */
export interface ChartBand {
  from: number;
  to: number;
  color: string;
  /** Written inside the band, at its top; null for none. */
  label: string | null;
}

export interface ChartLine {
  at: number;
  color: string;
  width: number;
  /** Canvas line dash, e.g. [6, 4]; empty for a solid line. */
  dash: number[];
  label: string | null;
  /** Where the label sits relative to a horizontal line. */
  labelPosition: 'above' | 'below';
}

export interface ChartBands {
  /** Vertical bands over a range of x (e.g. the 24 h window, 12-36 h). */
  xBands: ChartBand[];
  /** Horizontal bands over a range of y (e.g. the response zone, 0 to baseline / 2). */
  yBands: ChartBand[];
  /** Vertical lines (e.g. doses on the course chart). */
  xLines: ChartLine[];
  /** Horizontal lines (baseline, response, remission). */
  yLines: ChartLine[];
}
