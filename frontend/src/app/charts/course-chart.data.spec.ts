import { DEFAULT_THRESHOLDS } from '@clinic/shared';

import { aPhq9, aSession } from '../../testing/patient-fixtures';
import { CHART_COLORS } from './chart-theme';
import {
  type CoursePoint,
  type DoseMarker,
  calendarTicks,
  courseChartBands,
  courseChartModel,
  courseChartSummary,
  courseDatasets,
  coursePointStyle,
  courseTooltipLines,
} from './course-chart.data';

const T = DEFAULT_THRESHOLDS.response;
const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

const PHQ9 = [
  // Newest first, as the API lists them.
  aPhq9({ administeredAt: '2026-10-04T09:00:00.000Z', total: 8, recall: '24_hours' }),
  aPhq9({
    administeredAt: '2026-10-03T09:00:00.000Z',
    total: null,
    severity: null,
    valid: false,
    items: [1, null, null, null, 1, 1, 1, 1, 0],
  }),
  aPhq9({ administeredAt: '2026-10-02T09:00:00.000Z', total: 10, recall: '24_hours' }),
  aPhq9({ administeredAt: '2026-09-28T09:00:00.000Z', total: 20, recall: 'two_weeks' }),
];
const SESSIONS = [
  aSession({
    sessionNumber: 2,
    startedAt: '2026-10-03T12:00:00.000Z',
    doseMg: 40,
    doseMgPerKg: 0.571,
  }),
  aSession({ sessionNumber: 1, startedAt: '2026-10-01T09:00:00.000Z' }),
];

describe('courseChartModel', () => {
  const model = courseChartModel(PHQ9, SESSIONS, 20, T);

  it('draws every valid PHQ-9 by date, oldest first, and counts the invalid ones left out', () => {
    expect(model?.points.map((p) => [p.administeredAt.slice(0, 10), p.y, p.recall])).toEqual([
      ['2026-09-28', 20, 'two_weeks'],
      ['2026-10-02', 10, '24_hours'],
      ['2026-10-04', 8, '24_hours'],
    ]);
    expect(model?.invalidCount).toBe(1);
  });

  it('leaves out the PHQ-9s and sessions entered in error (neither drawn nor counted as invalid)', () => {
    const mark = {
      at: '2026-10-05T09:00:00.000Z',
      by: 'u1',
      byName: 'Nora',
      reason: 'Wrong chart',
    };
    const marked = courseChartModel(
      [
        { ...PHQ9[0], enteredInError: mark },
        { ...PHQ9[1], enteredInError: mark },
        ...PHQ9.slice(2),
      ],
      [{ ...SESSIONS[0], enteredInError: mark }, ...SESSIONS.slice(1)],
      20,
      T,
    );
    expect(marked?.points.map((p) => p.y)).toEqual([20, 10]);
    expect(marked?.invalidCount).toBe(0);
    expect(marked?.doses.map((d) => d.sessionNumber)).toEqual([1]);
  });

  it('has one dose marker per session, along the top (y = 27), oldest first', () => {
    expect(model?.doses.map((d) => [d.sessionNumber, d.x, d.y])).toEqual([
      [1, at('2026-10-01T09:00:00.000Z'), 27],
      [2, at('2026-10-03T12:00:00.000Z'), 27],
    ]);
  });

  it('gives each point its change from the course baseline (CLINICAL.md s5)', () => {
    expect(model?.points.map((p) => p.changePct)).toEqual([0, -50, -60]);
  });

  it('spans the course with at least a day either side', () => {
    expect(model?.xMin).toBe(at('2026-09-27T09:00:00.000Z'));
    expect(model?.xMax).toBe(at('2026-10-05T09:00:00.000Z'));
  });

  it('is null when there is nothing to draw', () => {
    expect(courseChartModel([], [], null, T)).toBeNull();
  });

  it('without a baseline has no change and no response band', () => {
    const noBaseline = courseChartModel(PHQ9, SESSIONS, null, T);

    expect(noBaseline?.points.map((p) => p.changePct)).toEqual([null, null, null]);
    expect(noBaseline?.responseAtOrBelow).toBeNull();
  });
});

describe('calendarTicks', () => {
  it.each([
    // span (days), step (days): at most 7 ticks
    [3, 1],
    [6, 1],
    [10, 2],
    [30, 7],
    [60, 14],
    [120, 28],
    [300, 56],
  ])('a course of %i days gets a tick every %i days, at noon UTC', (span, step) => {
    const min = at('2026-10-01T09:00:00.000Z');
    const ticks = calendarTicks(min, min + span * DAY);

    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[0]).toBe(at('2026-10-01T12:00:00.000Z'));
    expect(ticks.slice(1).map((tick, i) => (tick - ticks[i]) / DAY)).toEqual(
      Array.from({ length: ticks.length - 1 }, () => step),
    );
    expect(ticks.every((tick) => new Date(tick).getUTCHours() === 12)).toBe(true);
  });

  it('has no ticks for an empty range', () => {
    expect(calendarTicks(5, 5)).toEqual([]);
  });
});

describe('courseChartBands', () => {
  it('draws the baseline, response (baseline / 2) and remission (5) lines and a line at each dose', () => {
    const model = courseChartModel(PHQ9, SESSIONS, 20, T);
    if (!model) throw new Error('no model');

    const bands = courseChartBands(model);

    expect(bands.yLines.map((l) => [l.at, l.label])).toEqual([
      [20, 'Baseline 20'],
      [10, 'Response ≤ 10'],
      [5, 'Remission < 5'],
    ]);
    expect(bands.yBands.map((b) => [b.from, b.to])).toEqual([
      [0, 10],
      [0, 5],
    ]);
    expect(bands.xLines.map((l) => l.at)).toEqual(model.doses.map((d) => d.x));
    expect(bands.xBands).toEqual([]);
  });
});

describe('courseDatasets', () => {
  const model = courseChartModel(PHQ9, SESSIONS, 20, T);
  if (!model) throw new Error('no model');
  const [phq9, doses] = courseDatasets(model);

  it('draws the PHQ-9 line and the doses as markers without a line', () => {
    expect([phq9.label, phq9.data.length, phq9.showLine]).toEqual(['PHQ-9 total', 3, undefined]);
    expect([doses.label, doses.data.length, doses.showLine, doses.pointStyle]).toEqual([
      'Doses',
      2,
      false,
      'triangle',
    ]);
    expect(doses.borderColor).toBe(CHART_COLORS.dose);
  });

  it('shapes each point by recall from the point itself (so decimation keeps the shape)', () => {
    expect(model.points.map((raw) => coursePointStyle({ raw }))).toEqual([
      'rectRot',
      'circle',
      'circle',
    ]);
    expect(coursePointStyle({ raw: undefined })).toBe('circle');
  });
});

describe('courseTooltipLines', () => {
  const iso = (value: string): string => value.slice(0, 16).replace('T', ' ');

  it.each<[CoursePoint | DoseMarker, string[]]>([
    [
      {
        x: 0,
        y: 10,
        administeredAt: '2026-10-02T09:00:00.000Z',
        recall: '24_hours',
        severity: 'moderate',
        changePct: -50,
        prorated: false,
        item9Positive: false,
      },
      [
        '2026-10-02 09:00',
        'PHQ-9 10 (moderate)',
        '−50% from baseline',
        '24-hour recall (modified)',
      ],
    ],
    [
      {
        x: 0,
        y: 16,
        administeredAt: '2026-10-02T09:00:00.000Z',
        recall: 'two_weeks',
        severity: 'moderately_severe',
        changePct: null,
        prorated: true,
        item9Positive: true,
      },
      [
        '2026-10-02 09:00',
        'PHQ-9 16 (moderately severe), prorated',
        'No course baseline to compare with',
        'Two-week recall',
        'Item 9 positive: same-day clinician review',
      ],
    ],
    [
      {
        x: 0,
        y: 27,
        sessionNumber: 2,
        startedAt: '2026-10-03T12:00:00.000Z',
        drug: 'ketamine',
        route: 'iv',
        doseMg: 40,
        doseMgPerKg: 0.571,
      },
      ['Session 2: dose', '2026-10-03 12:00', 'Ketamine IV 40 mg (0.571 mg/kg)'],
    ],
    [
      {
        x: 0,
        y: 27,
        sessionNumber: 3,
        startedAt: '2026-10-06T12:00:00.000Z',
        drug: 'esketamine',
        route: 'intranasal',
        doseMg: 56,
        doseMgPerKg: null,
      },
      ['Session 3: dose', '2026-10-06 12:00', 'Esketamine Intranasal 56 mg'],
    ],
  ])('%#', (raw, lines) => {
    expect(courseTooltipLines(raw, iso)).toEqual(lines);
  });
});

describe('courseChartSummary', () => {
  it('says what the chart holds', () => {
    const model = courseChartModel(PHQ9, SESSIONS, 20, T);
    if (!model) throw new Error('no model');

    expect(courseChartSummary(model, (ms) => new Date(ms).toISOString().slice(0, 10))).toBe(
      'Course chart: 3 PHQ-9 scores and 2 doses from 2026-09-27 to 2026-10-05. Latest PHQ-9 8 (mild). The PHQ-9 history table lists every score.',
    );
  });
});
