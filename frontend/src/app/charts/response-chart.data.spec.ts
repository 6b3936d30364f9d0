import { DEFAULT_THRESHOLDS, type Phq9Severity } from '@clinic/shared';

import { aPhq9, aPoint, aResponse, aResponseSession } from '../../testing/patient-fixtures';
import { CHART_COLORS } from './chart-theme';
import {
  type ResponseChartModel,
  type ResponseChartPoint,
  responseChartBands,
  responseChartModel,
  responseChartSummary,
  responseCutOff,
  responseDatasets,
  responseShare,
  responseTableRows,
  responseTooltipLines,
} from './response-chart.data';

const T = DEFAULT_THRESHOLDS.response;

/** Session 1 at 2026-10-01 09:00Z with a 24-h point, a 72-h point and one after the chart. */
function twoSessionResponse() {
  return aResponse({
    baseline: { assessmentId: 'baseline', total: 20, administeredAt: '2026-09-28T09:00:00.000Z' },
    sessions: [
      // Given newest first on purpose: the model orders by session number.
      aResponseSession({
        sessionId: 's2',
        sessionNumber: 2,
        startedAt: '2026-10-05T09:00:00.000Z',
        preDoseTotal: 14,
        points: [aPoint({ hoursSinceDose: 70, total: 9, changePct: -55 })],
        at72h: aPoint({ hoursSinceDose: 70, total: 9, changePct: -55 }),
      }),
      aResponseSession({
        sessionId: 's1',
        sessionNumber: 1,
        startedAt: '2026-10-01T09:00:00.000Z',
        preDoseTotal: 20,
        points: [
          aPoint({ hoursSinceDose: 73.5, total: 12, changePct: -40 }),
          aPoint({ hoursSinceDose: 23.5, total: 10, changePct: -50, recall: 'two_weeks' }),
        ],
        at24h: aPoint({ hoursSinceDose: 23.5, total: 10, changePct: -50, recall: 'two_weeks' }),
        at72h: aPoint({ hoursSinceDose: 73.5, total: 12, changePct: -40 }),
      }),
    ],
  });
}

const PHQ9 = [
  aPhq9({ id: 'baseline', administeredAt: '2026-09-28T09:00:00.000Z', total: 20 }),
  // 2 h before session 2, 24-hour recall: session 2's pre-dose score.
  aPhq9({ administeredAt: '2026-10-05T07:00:00.000Z', total: 14, recall: '24_hours' }),
];

function model(): ResponseChartModel {
  return responseChartModel(twoSessionResponse(), PHQ9, T);
}

describe('responseChartModel', () => {
  it('has one line per session, by session number, the latest last and marked', () => {
    const { series } = model();

    expect(series.map((s) => [s.sessionNumber, s.latest])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('draws the axes of CLINICAL.md s5: 0-96 h since dose, PHQ-9 0-27', () => {
    expect([model().xMax, model().yMax]).toEqual([96, 27]);
  });

  it('sorts each session’s points by hours since dose, the pre-dose score first at 0 h', () => {
    expect(model().series[0].points.map((p) => [p.x, p.y, p.preDose])).toEqual([
      [0, 20, true],
      [23.5, 10, false],
      [73.5, 12, false],
    ]);
  });

  it('draws the pre-dose score in the shape of its recall period, with its real time', () => {
    const [first, second] = model().series;

    // Session 1: no PHQ-9 in the 24 h before, so the course baseline (a two-week recall).
    expect(first.points[0]).toMatchObject({
      recall: 'two_weeks',
      fromBaseline: true,
      hoursSinceDose: null,
      changePct: 0,
    });
    // Session 2: the 24-hour-recall PHQ-9 of 2 h before the dose.
    expect(second.points[0]).toMatchObject({
      y: 14,
      recall: '24_hours',
      fromBaseline: false,
      hoursSinceDose: -2,
      changePct: -30,
    });
  });

  it('has no pre-dose point without a pre-dose score', () => {
    const response = aResponse({
      baseline: null,
      sessions: [aResponseSession({ preDoseTotal: null, points: [aPoint({ changePct: null })] })],
    });

    const [series] = responseChartModel(response, [], T).series;

    expect(series.points.map((p) => p.preDose)).toEqual([false]);
  });

  it('leaves out points outside 0-96 h', () => {
    const response = aResponse({
      sessions: [
        aResponseSession({
          preDoseTotal: null,
          points: [
            aPoint({ hoursSinceDose: -1 }),
            aPoint({ hoursSinceDose: 96 }),
            aPoint({ hoursSinceDose: 96.5 }),
          ],
        }),
      ],
    });

    expect(responseChartModel(response, [], T).series[0].points.map((p) => p.x)).toEqual([96]);
  });

  it('labels each point with its PHQ-9 severity (Kroenke 2001)', () => {
    const totals: [number, Phq9Severity][] = [
      [0, 'minimal'],
      [4, 'minimal'],
      [5, 'mild'],
      [9, 'mild'],
      [10, 'moderate'],
      [15, 'moderately_severe'],
      [20, 'severe'],
      [27, 'severe'],
    ];
    const response = aResponse({
      sessions: [
        aResponseSession({
          preDoseTotal: null,
          points: totals.map(([total], index) => aPoint({ total, hoursSinceDose: index * 10 })),
        }),
      ],
    });

    const points = responseChartModel(response, [], T).series[0].points;

    expect(points.map((p) => [p.y, p.severity])).toEqual(totals);
  });
});

describe('responseChartBands', () => {
  it.each([
    // baseline, response line (baseline / 2), label, remission
    [20, 10, 'Response ≤ 10'],
    [21, 10.5, 'Response ≤ 10'],
    [27, 13.5, 'Response ≤ 13'],
    [16, 8, 'Response ≤ 8'],
    [9, 4.5, 'Response ≤ 4'],
  ])(
    'a baseline of %i gives a response band up to %d (%s) and remission below 5',
    (baseline, line, label) => {
      const response = aResponse({
        baseline: { assessmentId: 'b', total: baseline, administeredAt: '2026-09-28T09:00:00Z' },
        sessions: [aResponseSession()],
      });

      const bands = responseChartBands(responseChartModel(response, [], T));

      expect(bands.yBands.map((b) => [b.from, b.to])).toEqual([
        [0, line],
        [0, 5],
      ]);
      expect(bands.yLines.map((l) => [l.at, l.label])).toEqual([
        [baseline, `Baseline ${String(baseline)}`],
        [line, label],
        [5, 'Remission < 5'],
      ]);
    },
  );

  it('shades the 24 h (12-36 h) and 72 h (48-96 h) windows', () => {
    expect(responseChartBands(model()).xBands.map((b) => [b.from, b.to, b.label])).toEqual([
      [12, 36, '24 h window'],
      [48, 96, '72 h window'],
    ]);
  });

  it('follows the clinic’s thresholds', () => {
    const clinic = {
      ...T,
      window24h: { min: 18, max: 30, target: 24 },
      responseRatio: 0.4,
      remissionBelow: 6,
    };

    const bands = responseChartBands(responseChartModel(twoSessionResponse(), PHQ9, clinic));

    expect(bands.xBands[0]).toMatchObject({ from: 18, to: 30 });
    expect(bands.yLines.map((l) => [l.at, l.label])).toEqual([
      [20, 'Baseline 20'],
      [8, 'Response ≤ 8'],
      [6, 'Remission < 6'],
    ]);
  });

  it('without a course baseline draws remission only (response cannot be judged)', () => {
    const response = aResponse({ baseline: null, sessions: [aResponseSession()] });

    const bands = responseChartBands(responseChartModel(response, [], T));

    expect(bands.yBands.map((b) => [b.from, b.to])).toEqual([[0, 5]]);
    expect(bands.yLines.map((l) => l.label)).toEqual(['Remission < 5']);
  });
});

describe('responseShare', () => {
  it.each([
    [0.5, 'half the baseline'],
    [0.4, '40% of the baseline'],
  ])('%d -> %s', (ratio, words) => {
    expect(responseShare(ratio)).toBe(words);
  });
});

describe('responseCutOff', () => {
  it.each([
    [10, 10],
    [10.5, 10],
    [13.5, 13],
    [4.5, 4],
    [0, 0],
  ])('%d -> %d', (line, cutOff) => {
    expect(responseCutOff(line)).toBe(cutOff);
  });
});

describe('responseDatasets', () => {
  it('has one dataset per session, the latest emphasised and on top, earlier ones faint', () => {
    const datasets = responseDatasets(model(), new Set());

    expect(
      datasets.map((d) => [d.sessionId, d.label, d.borderColor, d.borderWidth, d.order]),
    ).toEqual([
      ['s1', 'Session 1', CHART_COLORS.earlier, 1.5, 1],
      ['s2', 'Session 2', CHART_COLORS.latest, 3, 0],
    ]);
  });

  it('draws two-week-recall points as diamonds and 24-hour-recall points as circles', () => {
    const [first, second] = responseDatasets(model(), new Set());

    // Session 1: baseline (two weeks), 23.5 h (two weeks), 73.5 h (24 hours).
    expect(first.pointStyle).toEqual(['rectRot', 'rectRot', 'circle']);
    expect(second.pointStyle).toEqual(['circle', 'circle']);
  });

  it('draws pre-dose scores hollow', () => {
    const [first] = responseDatasets(model(), new Set());

    expect(first.pointBackgroundColor).toEqual([
      CHART_COLORS.hollow,
      CHART_COLORS.earlierPoint,
      CHART_COLORS.earlierPoint,
    ]);
  });

  it('hides the sessions switched off', () => {
    const datasets = responseDatasets(model(), new Set(['s1']));

    expect(datasets.map((d) => d.hidden)).toEqual([true, false]);
  });

  it('passes the points as {x, y} objects (Chart.js parsing off)', () => {
    const [first] = responseDatasets(model(), new Set());

    expect(first.data.map(({ x, y }) => ({ x, y }))).toEqual([
      { x: 0, y: 20 },
      { x: 23.5, y: 10 },
      { x: 73.5, y: 12 },
    ]);
  });
});

describe('self-reported points (answered from home through the follow-up link)', () => {
  function selfReported(): ResponseChartModel {
    const home = aPoint({ hoursSinceDose: 22, total: 8, changePct: -60, source: 'self_report' });
    return responseChartModel(
      aResponse({
        baseline: {
          assessmentId: 'baseline',
          total: 20,
          administeredAt: '2026-09-28T09:00:00.000Z',
        },
        sessions: [
          aResponseSession({
            sessionId: 's1',
            startedAt: '2026-10-01T09:00:00.000Z',
            preDoseTotal: 20,
            points: [home, aPoint({ hoursSinceDose: 70, total: 9, changePct: -55 })],
            at24h: home,
          }),
        ],
      }),
      PHQ9,
      T,
    );
  }

  it('marks them in the model and draws them as triangles, staff entries by recall period', () => {
    const m = selfReported();
    expect(m.series[0].points.map((p) => [p.x, p.selfReported])).toEqual([
      [0, false],
      [22, true],
      [70, false],
    ]);
    expect(responseDatasets(m, new Set())[0].pointStyle).toEqual(['rectRot', 'triangle', 'circle']);
  });

  it('says so in the tooltip and in the table', () => {
    const m = selfReported();
    const point = m.series[0].points[1];
    expect(responseTooltipLines(point, 1).at(-1)).toBe(
      '24-hour recall (modified), answered by the patient from home',
    );
    expect(responseTableRows(m)[0].at24h).toBe(
      '8 at 22 h (−60% from baseline, 24-hour recall (modified), from home)',
    );
  });
});

describe('responseTooltipLines', () => {
  const point = (overrides: Partial<ResponseChartPoint>): ResponseChartPoint => ({
    x: 20.7,
    y: 14,
    hoursSinceDose: 20.7,
    recall: '24_hours',
    selfReported: false,
    preDose: false,
    fromBaseline: false,
    severity: 'moderate',
    changePct: -33.3,
    ...overrides,
  });

  it.each([
    [
      point({}),
      [
        'Session 10: 20.7 h after the dose',
        'PHQ-9 14 (moderate)',
        '−33.3% from baseline',
        '24-hour recall (modified)',
      ],
    ],
    [
      point({
        x: 0,
        y: 16,
        preDose: true,
        hoursSinceDose: -1.5,
        severity: 'moderately_severe',
        changePct: -20,
        recall: 'two_weeks',
      }),
      [
        'Session 10: pre-dose score, 1.5 h before the dose',
        'PHQ-9 16 (moderately severe)',
        '−20% from baseline',
        'Two-week recall',
      ],
    ],
    [
      point({
        x: 0,
        y: 21,
        preDose: true,
        fromBaseline: true,
        hoursSinceDose: null,
        severity: 'severe',
        changePct: 0,
        recall: 'two_weeks',
      }),
      [
        'Session 10: pre-dose score (course baseline)',
        'PHQ-9 21 (severe)',
        '0% from baseline',
        'Two-week recall',
      ],
    ],
    [
      point({ y: 25, severity: 'severe', changePct: 25 }),
      [
        'Session 10: 20.7 h after the dose',
        'PHQ-9 25 (severe)',
        '+25% from baseline',
        '24-hour recall (modified)',
      ],
    ],
    [
      point({ changePct: null }),
      [
        'Session 10: 20.7 h after the dose',
        'PHQ-9 14 (moderate)',
        'No course baseline to compare with',
        '24-hour recall (modified)',
      ],
    ],
  ])('%#: says the score, severity and change from baseline', (p, lines) => {
    expect(responseTooltipLines(p, 10)).toEqual(lines);
  });
});

describe('responseTableRows (the text alternative)', () => {
  it('lists each session’s pre-dose, 24-h and 72-h points, newest first', () => {
    expect(responseTableRows(model())).toEqual([
      {
        sessionId: 's2',
        sessionNumber: 2,
        startedAt: '2026-10-05T09:00:00.000Z',
        dose: '35 mg',
        preDose: '14',
        at24h: 'No PHQ-9 in 12–36 h',
        at72h: '9 at 70 h (−55% from baseline, 24-hour recall (modified))',
      },
      {
        sessionId: 's1',
        sessionNumber: 1,
        startedAt: '2026-10-01T09:00:00.000Z',
        dose: '35 mg',
        preDose: '20',
        at24h: '10 at 23.5 h (−50% from baseline, Two-week recall)',
        at72h: '12 at 73.5 h (−40% from baseline, 24-hour recall (modified))',
      },
    ]);
  });
});

describe('responseChartSummary', () => {
  it('names the chart and the latest session’s numbers', () => {
    expect(responseChartSummary(model())).toBe(
      'Response chart: PHQ-9 total by hours since dose (0 to 96 h) for 2 sessions; course baseline 20; latest, session 2: pre-dose 14, 24 h none, 72 h 9. The table that follows lists every session.',
    );
  });
});
