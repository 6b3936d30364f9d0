/**
 * The 24-72 h response chart's data (CLINICAL.md s5), shaped by pure functions: one line per
 * session over the hours since its dose, the course baseline, the response and remission bands,
 * the 24 h and 72 h windows, and the text alternative read by screen readers.
 */
import {
  type ClinicThresholds,
  type HourWindow,
  type PatientResponseDto,
  type Phq9Dto,
  type Phq9Severity,
  type RecallPeriod,
  type ResponsePointDto,
  type ResponseSessionDto,
  changePct,
  phq9Severity,
} from '@clinic/shared';
import type { ChartDataset } from 'chart.js';

import { formatChangePct, formatHours, formatMg } from '../ui/format';
import { PHQ9_SEVERITY_LABELS, RECALL_LABELS } from '../ui/labels';
import type { ChartBands, ChartLine } from './chart-bands';
import {
  CHART_COLORS,
  PHQ9_AXIS_MAX,
  RECALL_POINT_STYLES,
  SELF_REPORT_POINT_STYLE,
} from './chart-theme';
import { inEffect } from '../ui/entered-in-error';

export type ResponseThresholds = ClinicThresholds['response'];

/** What the chart reads of a PHQ-9 (the list's Phq9Dto, or a course summary's row). */
export type ResponseChartPhq9 = Pick<
  Phq9Dto,
  'administeredAt' | 'valid' | 'total' | 'recall' | 'source' | 'enteredInError'
>;

const HOUR_MS = 3_600_000;
// Totals are whole numbers; a cut-off like 21 / 2 = 10.5 is compared with this tolerance.
const EPSILON = 1e-9;

export interface ResponseChartPoint {
  /** Hours since the dose, 0-96; the pre-dose score is drawn at 0. */
  x: number;
  /** PHQ-9 total, 0-27. */
  y: number;
  /** Hours from the dose start to the questionnaire (negative before the dose); null when the
   * pre-dose score is the course baseline. */
  hoursSinceDose: number | null;
  recall: RecallPeriod;
  /** Answered by the patient from home through the follow-up link (drawn as a triangle). */
  selfReported: boolean;
  /** The session's pre-dose score (drawn hollow at 0 h). */
  preDose: boolean;
  /** The pre-dose score is the course baseline: no PHQ-9 in the 24 h before the dose. */
  fromBaseline: boolean;
  severity: Phq9Severity;
  /** Change from the course baseline, %; null without a baseline (or a baseline of 0). */
  changePct: number | null;
}

export interface ResponseSeries {
  sessionId: string;
  sessionNumber: number;
  startedAt: string;
  doseMg: number;
  /** The latest session: drawn emphasised, the earlier ones faint. */
  latest: boolean;
  /** Sorted by hours since dose. */
  points: ResponseChartPoint[];
  preDoseTotal: number | null;
  at24h: ResponsePointDto | null;
  at72h: ResponsePointDto | null;
}

export interface ResponseChartModel {
  /** By session number, earliest first. */
  series: ResponseSeries[];
  baseline: { total: number; administeredAt: string } | null;
  /** Response: a total at or below this (baseline x responseRatio); null without a baseline. */
  responseAtOrBelow: number | null;
  responseRatio: number;
  /** Remission: a total below this. */
  remissionBelow: number;
  window24h: HourWindow;
  window72h: HourWindow;
  /** The x axis ends with the 72 h window (96 h). */
  xMax: number;
  yMax: number;
}

function byTime(a: ResponseChartPhq9, b: ResponseChartPhq9): number {
  return Date.parse(a.administeredAt) - Date.parse(b.administeredAt);
}

/** The chart's model from GET /patients/:id/response, the PHQ-9 list and the clinic thresholds. */
export function responseChartModel(
  response: PatientResponseDto,
  phq9: readonly ResponseChartPhq9[],
  thresholds: ResponseThresholds,
): ResponseChartModel {
  const baseline = response.baseline;
  const change = (total: number): number | null =>
    baseline === null ? null : changePct(total, baseline.total);
  const valid = inEffect(phq9)
    .filter((a) => a.valid && a.total !== null)
    .sort(byTime);
  const xMax = thresholds.window72h.max;

  const ordered = [...response.sessions].sort((a, b) => a.sessionNumber - b.sessionNumber);
  const series = ordered.map((session, index): ResponseSeries => {
    const after = session.points
      .filter((point) => point.hoursSinceDose >= 0 && point.hoursSinceDose <= xMax)
      .map((point): ResponseChartPoint => ({
        x: point.hoursSinceDose,
        y: point.total,
        hoursSinceDose: point.hoursSinceDose,
        recall: point.recall,
        selfReported: point.source === 'self_report',
        preDose: false,
        fromBaseline: false,
        severity: phq9Severity(point.total),
        changePct: point.changePct,
      }));
    const preDose = preDosePoint(session, valid, thresholds, change);
    return {
      sessionId: session.sessionId,
      sessionNumber: session.sessionNumber,
      startedAt: session.startedAt,
      doseMg: session.doseMg,
      latest: index === ordered.length - 1,
      points: [...(preDose ? [preDose] : []), ...after].sort((a, b) => a.x - b.x),
      preDoseTotal: session.preDoseTotal,
      at24h: session.at24h,
      at72h: session.at72h,
    };
  });

  return {
    series,
    baseline: baseline ? { total: baseline.total, administeredAt: baseline.administeredAt } : null,
    responseAtOrBelow: baseline ? baseline.total * thresholds.responseRatio : null,
    responseRatio: thresholds.responseRatio,
    remissionBelow: thresholds.remissionBelow,
    window24h: thresholds.window24h,
    window72h: thresholds.window72h,
    xMax,
    yMax: PHQ9_AXIS_MAX,
  };
}

/**
 * The session's pre-dose score (CLINICAL.md s5: the last valid PHQ-9 within 24 h before the dose,
 * else the course baseline), drawn at 0 h in the shape of its recall period.
 */
function preDosePoint(
  session: ResponseSessionDto,
  validByTime: readonly ResponseChartPhq9[],
  thresholds: ResponseThresholds,
  change: (total: number) => number | null,
): ResponseChartPoint | null {
  const total = session.preDoseTotal;
  if (total === null) {
    return null;
  }
  const start = Date.parse(session.startedAt);
  const from = start - thresholds.preDoseWindowHours * HOUR_MS;
  const before = validByTime.filter((a) => {
    const at = Date.parse(a.administeredAt);
    return at >= from && at <= start;
  });
  const assessment = before.length > 0 ? before[before.length - 1] : null;
  const measured = assessment !== null && assessment.total === total;
  return {
    x: 0,
    y: total,
    hoursSinceDose: measured ? (Date.parse(assessment.administeredAt) - start) / HOUR_MS : null,
    // The course baseline is a two-week-recall PHQ-9 by definition (CLINICAL.md s5).
    recall: measured ? assessment.recall : 'two_weeks',
    selfReported: measured && assessment.source === 'self_report',
    preDose: true,
    fromBaseline: !measured,
    severity: phq9Severity(total),
    changePct: change(total),
  };
}

/** The largest whole PHQ-9 total that counts as a response, e.g. 10 for a baseline of 21. */
export function responseCutOff(responseAtOrBelow: number): number {
  return Math.floor(responseAtOrBelow + EPSILON);
}

/** The response cut-off in words: "half the baseline" (the default), else "40% of the baseline". */
export function responseShare(ratio: number): string {
  return ratio === 0.5
    ? 'half the baseline'
    : `${String(Math.round(ratio * 100))}% of the baseline`;
}

/** Baseline, response and remission as lines and bands (shared with the course chart). */
export function scoreBands(
  baselineTotal: number | null,
  responseAtOrBelow: number | null,
  remissionBelow: number,
): Pick<ChartBands, 'yBands' | 'yLines'> {
  const yBands: ChartBands['yBands'] = [];
  const yLines: ChartLine[] = [];
  if (responseAtOrBelow !== null) {
    yBands.push({ from: 0, to: responseAtOrBelow, color: CHART_COLORS.responseBand, label: null });
  }
  yBands.push({ from: 0, to: remissionBelow, color: CHART_COLORS.remissionBand, label: null });
  if (baselineTotal !== null) {
    yLines.push({
      at: baselineTotal,
      color: CHART_COLORS.baseline,
      width: 1.5,
      dash: [6, 4],
      label: `Baseline ${String(baselineTotal)}`,
      labelPosition: 'above',
    });
  }
  if (responseAtOrBelow !== null) {
    yLines.push({
      at: responseAtOrBelow,
      color: CHART_COLORS.response,
      width: 1.5,
      dash: [4, 4],
      label: `Response ≤ ${String(responseCutOff(responseAtOrBelow))}`,
      labelPosition: 'above',
    });
  }
  yLines.push({
    at: remissionBelow,
    color: CHART_COLORS.remission,
    width: 1,
    dash: [],
    label: `Remission < ${String(remissionBelow)}`,
    labelPosition: 'below',
  });
  return { yBands, yLines };
}

/** The 24 h and 72 h windows shaded, with the baseline, response and remission bands. */
export function responseChartBands(model: ResponseChartModel): ChartBands {
  const window = (w: HourWindow, name: string): ChartBands['xBands'][number] => ({
    from: w.min,
    to: w.max,
    color: CHART_COLORS.window,
    label: `${name} window`,
  });
  return {
    xBands: [window(model.window24h, '24 h'), window(model.window72h, '72 h')],
    xLines: [],
    ...scoreBands(model.baseline?.total ?? null, model.responseAtOrBelow, model.remissionBelow),
  };
}

/** A Chart.js line dataset for one session, named by it (for toggling and tests). */
export type ResponseDataset = ChartDataset<'line', ResponseChartPoint[]> & { sessionId: string };

/**
 * One dataset per session: the latest emphasised and drawn on top, earlier ones faint; points
 * shaped by recall period, pre-dose scores hollow; sessions in `hidden` switched off.
 */
export function responseDatasets(
  model: ResponseChartModel,
  hidden: ReadonlySet<string>,
): ResponseDataset[] {
  return model.series.map((series): ResponseDataset => {
    const color = series.latest ? CHART_COLORS.latest : CHART_COLORS.earlier;
    const pointColor = series.latest ? CHART_COLORS.latest : CHART_COLORS.earlierPoint;
    return {
      type: 'line',
      sessionId: series.sessionId,
      label: `Session ${String(series.sessionNumber)}`,
      data: series.points,
      hidden: hidden.has(series.sessionId),
      borderColor: color,
      backgroundColor: pointColor,
      borderWidth: series.latest ? 3 : 1.5,
      pointStyle: series.points.map((point) =>
        point.selfReported ? SELF_REPORT_POINT_STYLE : RECALL_POINT_STYLES[point.recall],
      ),
      pointRadius: series.latest ? 5 : 3.5,
      pointHoverRadius: 8,
      pointBorderWidth: series.latest ? 2 : 1.5,
      pointBorderColor: pointColor,
      pointBackgroundColor: series.points.map((point) =>
        point.preDose ? CHART_COLORS.hollow : pointColor,
      ),
      tension: 0,
      // Pre-dose scores sit on the y axis (x = 0): let them draw past the edge, not be cut.
      clip: 8,
      // Lowest order is drawn last, on top.
      order: series.latest ? 0 : 1,
    };
  });
}

/** What the tooltip of a point says: when, the score and severity, the change, the recall. */
export function responseTooltipLines(point: ResponseChartPoint, sessionNumber: number): string[] {
  let when: string;
  if (!point.preDose) {
    when = `${formatHours(point.x)} after the dose`;
  } else if (point.hoursSinceDose === null) {
    when = 'pre-dose score (course baseline)';
  } else {
    when = `pre-dose score, ${formatHours(-point.hoursSinceDose)} before the dose`;
  }
  return [
    `Session ${String(sessionNumber)}: ${when}`,
    `PHQ-9 ${String(point.y)} (${PHQ9_SEVERITY_LABELS[point.severity].toLowerCase()})`,
    point.changePct === null
      ? 'No course baseline to compare with'
      : `${formatChangePct(point.changePct)} from baseline`,
    point.selfReported
      ? `${RECALL_LABELS[point.recall]}, answered by the patient from home`
      : RECALL_LABELS[point.recall],
  ];
}

export interface ResponseTableRow {
  sessionId: string;
  sessionNumber: number;
  startedAt: string;
  dose: string;
  preDose: string;
  at24h: string;
  at72h: string;
}

function windowRange(window: HourWindow): string {
  return `${String(window.min)}–${String(window.max)} h`;
}

function describePoint(point: ResponsePointDto | null, window: HourWindow): string {
  if (point === null) {
    return `No PHQ-9 in ${windowRange(window)}`;
  }
  const change =
    point.changePct === null ? 'no baseline' : `${formatChangePct(point.changePct)} from baseline`;
  const from = point.source === 'self_report' ? ', from home' : '';
  return `${String(point.total)} at ${formatHours(point.hoursSinceDose)} (${change}, ${RECALL_LABELS[point.recall]}${from})`;
}

/** The text alternative of the chart: each session's pre-dose, 24-h and 72-h points, newest first. */
export function responseTableRows(model: ResponseChartModel): ResponseTableRow[] {
  return [...model.series].reverse().map((series) => ({
    sessionId: series.sessionId,
    sessionNumber: series.sessionNumber,
    startedAt: series.startedAt,
    dose: formatMg(series.doseMg),
    preDose: series.preDoseTotal === null ? 'None' : String(series.preDoseTotal),
    at24h: describePoint(series.at24h, model.window24h),
    at72h: describePoint(series.at72h, model.window72h),
  }));
}

/** The chart's accessible name: what it shows and the latest session's numbers. */
export function responseChartSummary(model: ResponseChartModel): string {
  const count = model.series.length;
  const head = `Response chart: PHQ-9 total by hours since dose (0 to ${String(model.xMax)} h) for ${String(count)} ${count === 1 ? 'session' : 'sessions'}`;
  const latest = model.series.at(-1);
  if (!latest) {
    return `${head}.`;
  }
  const at = (point: ResponsePointDto | null): string =>
    point === null ? 'none' : String(point.total);
  const baseline = model.baseline ? `course baseline ${String(model.baseline.total)}; ` : '';
  return `${head}; ${baseline}latest, session ${String(latest.sessionNumber)}: pre-dose ${
    latest.preDoseTotal === null ? 'none' : String(latest.preDoseTotal)
  }, 24 h ${at(latest.at24h)}, 72 h ${at(latest.at72h)}. The table that follows lists every session.`;
}
