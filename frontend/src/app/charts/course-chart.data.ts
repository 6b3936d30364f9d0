/**
 * The course chart's data: PHQ-9 totals over calendar time with one marker per dose, the course
 * baseline and the response and remission bands (CLINICAL.md s5), shaped by pure functions.
 */
import {
  type Drug,
  type Phq9Dto,
  type Phq9Severity,
  type RecallPeriod,
  type Route,
  type SessionSummaryDto,
  changePct,
  phq9Severity,
} from '@clinic/shared';
import type { ChartDataset, ScriptableContext } from 'chart.js';

import { formatChangePct, formatMg, formatMgPerKg } from '../ui/format';
import { DRUG_LABELS, PHQ9_SEVERITY_LABELS, RECALL_LABELS, ROUTE_LABELS } from '../ui/labels';
import type { ChartBands } from './chart-bands';
import { CHART_COLORS, PHQ9_AXIS_MAX, RECALL_POINT_STYLES } from './chart-theme';
import { type ResponseThresholds, scoreBands } from './response-chart.data';
import { inEffect } from '../ui/entered-in-error';

const DAY_MS = 86_400_000;
const NOON_MS = DAY_MS / 2;

export interface CoursePoint {
  /** Epoch milliseconds of the questionnaire. */
  x: number;
  y: number;
  administeredAt: string;
  recall: RecallPeriod;
  severity: Phq9Severity;
  changePct: number | null;
  prorated: boolean;
  item9Positive: boolean;
}

export interface DoseMarker {
  /** Epoch milliseconds of the dose start. */
  x: number;
  /** Drawn along the top of the chart. */
  y: number;
  sessionNumber: number;
  startedAt: string;
  drug: Drug;
  route: Route;
  doseMg: number;
  doseMgPerKg: number | null;
}

export interface CourseChartModel {
  /** Valid PHQ-9s, oldest first. */
  points: CoursePoint[];
  /** One per session, oldest first. */
  doses: DoseMarker[];
  baselineTotal: number | null;
  responseAtOrBelow: number | null;
  remissionBelow: number;
  xMin: number;
  xMax: number;
  /** Tick positions on the time axis (noon UTC of days, so the date reads the same in any zone
   * from UTC-11 to UTC+11). */
  ticks: number[];
  /** Questionnaires not drawn: invalid (too many missing items), so never scored. */
  invalidCount: number;
  yMax: number;
}

/** A whole number of days between ticks, so that at most `maxTicks` fit. */
const TICK_STEP_DAYS = [1, 2, 7, 14, 28, 56, 91, 182, 364];

/** Evenly spaced ticks at noon UTC between `min` and `max` (epoch ms). */
export function calendarTicks(min: number, max: number, maxTicks = 7): number[] {
  if (!(max > min)) {
    return [];
  }
  const spanDays = (max - min) / DAY_MS;
  const stepDays =
    TICK_STEP_DAYS.find((days) => spanDays / days <= maxTicks - 1) ?? TICK_STEP_DAYS.at(-1) ?? 364;
  const step = stepDays * DAY_MS;
  const first = Math.ceil((min - NOON_MS) / DAY_MS) * DAY_MS + NOON_MS;
  const ticks: number[] = [];
  for (let tick = first; tick <= max; tick += step) {
    ticks.push(tick);
  }
  return ticks;
}

/** The model; null when there is nothing to draw (no valid PHQ-9 and no session). */
export function courseChartModel(
  phq9: readonly Phq9Dto[],
  sessions: readonly SessionSummaryDto[],
  baselineTotal: number | null,
  thresholds: ResponseThresholds,
): CourseChartModel | null {
  // Records entered in error are not drawn (nor counted as invalid): they stay in the history only.
  const drawn = inEffect(phq9);
  const valid = drawn.filter((a): a is Phq9Dto & { total: number } => a.valid && a.total !== null);
  const points = valid
    .map((a): CoursePoint => ({
      x: Date.parse(a.administeredAt),
      y: a.total,
      administeredAt: a.administeredAt,
      recall: a.recall,
      severity: phq9Severity(a.total),
      changePct: baselineTotal === null ? null : changePct(a.total, baselineTotal),
      prorated: a.prorated,
      item9Positive: a.item9Positive,
    }))
    .sort((a, b) => a.x - b.x);
  const doses = inEffect(sessions)
    .map((s): DoseMarker => ({
      x: Date.parse(s.startedAt),
      y: PHQ9_AXIS_MAX,
      sessionNumber: s.sessionNumber,
      startedAt: s.startedAt,
      drug: s.drug,
      route: s.route,
      doseMg: s.doseMg,
      doseMgPerKg: s.doseMgPerKg,
    }))
    .sort((a, b) => a.x - b.x);
  const times = [...points.map((p) => p.x), ...doses.map((d) => d.x)];
  if (times.length === 0) {
    return null;
  }
  const earliest = Math.min(...times);
  const latest = Math.max(...times);
  const pad = Math.max(DAY_MS, (latest - earliest) * 0.03);
  const xMin = earliest - pad;
  const xMax = latest + pad;
  return {
    points,
    doses,
    baselineTotal,
    responseAtOrBelow: baselineTotal === null ? null : baselineTotal * thresholds.responseRatio,
    remissionBelow: thresholds.remissionBelow,
    xMin,
    xMax,
    ticks: calendarTicks(xMin, xMax),
    invalidCount: drawn.length - valid.length,
    yMax: PHQ9_AXIS_MAX,
  };
}

/** The baseline, response and remission bands, and a faint line at each dose. */
export function courseChartBands(model: CourseChartModel): ChartBands {
  return {
    xBands: [],
    xLines: model.doses.map((dose) => ({
      at: dose.x,
      color: CHART_COLORS.doseLine,
      width: 1,
      dash: [],
      label: null,
      labelPosition: 'above',
    })),
    ...scoreBands(model.baselineTotal, model.responseAtOrBelow, model.remissionBelow),
  };
}

export type CourseDataset = ChartDataset<'line', (CoursePoint | DoseMarker)[]>;

function isCoursePoint(raw: unknown): raw is CoursePoint {
  return typeof raw === 'object' && raw !== null && 'recall' in raw;
}

/** The point's shape by recall period; read from the point itself, so it survives decimation. */
export function coursePointStyle(
  context: Pick<ScriptableContext<'line'>, 'raw'>,
): 'circle' | 'rectRot' {
  return isCoursePoint(context.raw) ? RECALL_POINT_STYLES[context.raw.recall] : 'circle';
}

/** Two datasets: the PHQ-9 line, and the dose markers (triangles along the top, no line). */
export function courseDatasets(model: CourseChartModel): [CourseDataset, CourseDataset] {
  return [
    {
      type: 'line',
      label: 'PHQ-9 total',
      data: model.points,
      borderColor: CHART_COLORS.course,
      backgroundColor: CHART_COLORS.course,
      borderWidth: 2,
      pointStyle: coursePointStyle,
      pointRadius: 4,
      pointHoverRadius: 7,
      tension: 0,
      order: 1,
    },
    {
      type: 'line',
      label: 'Doses',
      data: model.doses,
      showLine: false,
      borderColor: CHART_COLORS.dose,
      backgroundColor: CHART_COLORS.dose,
      pointStyle: 'triangle',
      pointRotation: 180,
      // The markers sit on the top edge: let them draw over it.
      clip: false,
      pointRadius: 6,
      pointHoverRadius: 8,
      order: 0,
    },
  ];
}

/** Tooltip of a PHQ-9 point or a dose marker; `formatDateTime` shows the clinic's local time. */
export function courseTooltipLines(
  raw: CoursePoint | DoseMarker,
  formatDateTime: (iso: string) => string,
): string[] {
  if (isCoursePoint(raw)) {
    return [
      formatDateTime(raw.administeredAt),
      `PHQ-9 ${String(raw.y)} (${PHQ9_SEVERITY_LABELS[raw.severity].toLowerCase()})${raw.prorated ? ', prorated' : ''}`,
      raw.changePct === null
        ? 'No course baseline to compare with'
        : `${formatChangePct(raw.changePct)} from baseline`,
      RECALL_LABELS[raw.recall],
      ...(raw.item9Positive ? ['Item 9 positive: same-day clinician review'] : []),
    ];
  }
  const perKg = raw.doseMgPerKg === null ? '' : ` (${formatMgPerKg(raw.doseMgPerKg)})`;
  return [
    `Session ${String(raw.sessionNumber)}: dose`,
    formatDateTime(raw.startedAt),
    `${DRUG_LABELS[raw.drug]} ${ROUTE_LABELS[raw.route]} ${formatMg(raw.doseMg)}${perKg}`,
  ];
}

/** The chart's accessible name. */
export function courseChartSummary(
  model: CourseChartModel,
  formatDate: (at: number) => string,
): string {
  const latest = model.points.at(-1);
  const scores = `${String(model.points.length)} PHQ-9 ${model.points.length === 1 ? 'score' : 'scores'}`;
  const doses = `${String(model.doses.length)} ${model.doses.length === 1 ? 'dose' : 'doses'}`;
  const range = `${formatDate(model.xMin)} to ${formatDate(model.xMax)}`;
  const last = latest
    ? ` Latest PHQ-9 ${String(latest.y)} (${PHQ9_SEVERITY_LABELS[latest.severity].toLowerCase()}).`
    : '';
  return `Course chart: ${scores} and ${doses} from ${range}.${last} The PHQ-9 history table lists every score.`;
}
