import type { RecallPeriod } from '../api/enums';
import {
  courseOutcomeUnits,
  OUTCOME_MIN_BASELINE,
  followUpCompletion,
  hadChanceToReach,
  median,
  outcomeBaselineCounts,
  medianDaysToFirstResponse,
  outcomesBySessionNumber,
  patientOutcome,
  per100,
  rate,
} from './outcomes';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (days: number, hours = 0) => new Date(T0 + days * DAY + hours * 3_600_000).toISOString();
const NOW = at(120);

/** A course: baseline 20 two days before session 1, sessions every 3-4 days, 24-h PHQ-9s with the given totals. */
function course(id: string, totals: (number | null)[], baseline: number | null = 20) {
  const sessions = totals.map((_, i) => ({
    id: `${id}-s${i + 1}`,
    sessionNumber: i + 1,
    startedAt: at(i * 4),
  }));
  const assessments = [
    ...(baseline === null
      ? []
      : [
          {
            id: `${id}-b`,
            administeredAt: at(-2),
            total: baseline,
            valid: true,
            recall: 'two_weeks' as const,
          },
        ]),
    ...totals.flatMap((total, i) =>
      total === null
        ? []
        : [
            {
              id: `${id}-a${i + 1}`,
              administeredAt: at(i * 4, 24),
              total,
              valid: true,
              recall: '24_hours' as const,
            },
          ],
    ),
  ];
  return { id, sessions, assessments };
}

describe('rate and median', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 5, 0],
    [3, 0, null],
  ])('%d / %d = %p %', (n, d, pct) => {
    expect(rate(n, d)).toEqual({ numerator: n, denominator: d, pct });
  });
  it.each([
    [[], null],
    [[3], 3],
    [[4, 2, 9], 4],
    [[1, 2, 3, 4], 2.5],
  ])('median of %p is %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('patientOutcome', () => {
  it('categorises the best PHQ-9 after each session against the course baseline', () => {
    // baseline 20: 16 none (20% reduction), 14 partial (30%), 10 response (50%), 4 remission
    const o = patientOutcome(course('p', [16, 14, 10, 4]), NOW);
    expect(o.bySession.slice(0, 5)).toEqual(['none', 'partial', 'response', 'remission', null]);
    expect(o.firstResponseSession).toBe(3);
    expect(o.daysToFirstResponse).toBe(9); // session 3 on day 8, its 24-h PHQ-9 on day 9
    expect(o.dropout).toBe(false);
  });

  it('has no category without a baseline, and counts a short quiet course as a dropout', () => {
    const o = patientOutcome(course('q', [10, 9], null), NOW);
    expect(o.bySession.slice(0, 3)).toEqual(['no_baseline', 'no_baseline', null]);
    expect(o.firstResponseSession).toBeNull();
    expect(o.dropout).toBe(true); // 2 sessions, last one ~116 days ago
    expect(patientOutcome(course('r', [10, 9]), at(10)).dropout).toBe(false); // last session 6 days ago
  });

  it('ignores invalid questionnaires', () => {
    const c = course('v', [16]);
    c.assessments.push({
      id: 'bad',
      administeredAt: at(0, 30),
      total: 2,
      valid: false,
      recall: '24_hours',
    });
    expect(patientOutcome(c, NOW).bySession[0]).toBe('none');
  });
});

describe('outcomesBySessionNumber', () => {
  it('gives intention-to-treat and completer rates with numerators and denominators', () => {
    const outcomes = [
      patientOutcome(course('a', [10, 4, 4]), NOW), // response at 1, remission at 2-3
      patientOutcome(course('b', [18, 12]), NOW), // none, partial
      patientOutcome(course('c', [9]), NOW), // response at 1, then stopped
      patientOutcome(course('d', [20, 20, 20, 20]), NOW), // none
    ];
    const rows = outcomesBySessionNumber(outcomes);
    expect(rows[0]).toEqual({
      sessionNumber: 1,
      responseItt: { numerator: 2, denominator: 4, pct: 50 },
      remissionItt: { numerator: 0, denominator: 4, pct: 0 },
      responseCompleters: { numerator: 2, denominator: 4, pct: 50 },
      remissionCompleters: { numerator: 0, denominator: 4, pct: 0 },
      notYetReached: 0,
    });
    expect(rows[1]).toMatchObject({
      responseItt: { numerator: 1, denominator: 4, pct: 25 },
      remissionItt: { numerator: 1, denominator: 4, pct: 25 },
      responseCompleters: { numerator: 1, denominator: 3, pct: 33.3 },
    });
    expect(rows[3]).toMatchObject({ responseCompleters: { numerator: 0, denominator: 1, pct: 0 } });
    expect(rows[11]).toMatchObject({
      responseCompleters: { numerator: 0, denominator: 0, pct: null },
    });
  });
});

describe('intention to treat over the courses that had the chance to reach the session (issue 20)', () => {
  // Sessions every 4 days from day 0: a course of n sessions had its last on day 4(n-1).
  const of = (id: string, totals: number[], now: string) => patientOutcome(course(id, totals), now);

  it.each<[string, number, boolean]>([
    // label, day "now" (course of 3 sessions: last on day 8), stopped
    ['a session 1 day ago: going on', 9, false],
    ['last session exactly 28 days ago: going on', 36, false],
    ['last session 28 days and an hour ago: stopped', 36.05, true],
    ['last session 100 days ago: stopped', 108, true],
  ])('%s', (_label, day, stopped) => {
    const o = of('x', [18, 16, 14], new Date(T0 + day * DAY).toISOString());
    expect(o.stopped).toBe(stopped);
    expect(hadChanceToReach(o, 3)).toBe(true);
    expect(hadChanceToReach(o, 4)).toBe(stopped);
  });

  it.each<[number, number, number, number, number]>([
    // k, ITT numerator, ITT denominator, completers denominator, not yet reached
    [1, 2, 4, 4, 0], // everyone had session 1
    [2, 1, 3, 3, 1], // "new" (1 session, 2 days ago) has not had the chance yet
    [3, 2, 3, 2, 1], // "quit" stopped after 2 sessions: counted, as not responding
    [4, 1, 2, 1, 2], // "going" (3 sessions, last 4 days ago) has not reached 4 yet
    [5, 0, 2, 0, 2], // "long" responded up to 4; "quit" and "long" stopped: neither responds at 5
    [11, 0, 2, 0, 2], // never 0 % over patients who could not yet have had session 11
  ])('session %d: ITT %d / %d, completers of %d, %d not yet reached', (k, num, den, comp, nyr) => {
    const now = at(300);
    const recent = (id: string, totals: number[], firstDay: number) => {
      const c = course(id, totals);
      const shift = (iso: string) => new Date(Date.parse(iso) + firstDay * DAY).toISOString();
      return patientOutcome(
        {
          ...c,
          sessions: c.sessions.map((s) => ({ ...s, startedAt: shift(s.startedAt) })),
          assessments: c.assessments.map((a) => ({
            ...a,
            administeredAt: shift(a.administeredAt),
          })),
        },
        now,
      );
    };
    const outcomes = [
      of('long', [10, 9, 8, 7], now), // responded after 1-4, stopped long ago
      of('quit', [20, 20], now), // no response, stopped after 2
      recent('new', [8], 298), // one session 2 days ago: responded after it
      recent('going', [20, 18, 10], 288), // sessions on days 288, 292, 296: response after 3
    ];
    const row = outcomesBySessionNumber(outcomes)[k - 1];
    expect(row.responseItt).toMatchObject({ numerator: num, denominator: den });
    expect(row.responseCompleters.denominator).toBe(comp);
    expect(row.notYetReached).toBe(nyr);
  });
});

describe('CLINICAL.md s5/s6 v2: response only at <= 50% of the baseline; rates over baselines >= 10', () => {
  it('takes its cut-off of 10 from Kroenke 2001 (moderate depression)', () => {
    expect(OUTCOME_MIN_BASELINE).toBe(10);
  });

  it.each<[string, number | null, number[], string, boolean, boolean, number | null]>([
    // label, baseline, 24-h totals, group, response at 1, remission at 1, first response session
    ['6 -> 4: remission, not response; below 10', 6, [4], 'baseline_below_10', false, true, null],
    ['6 -> 3: remission and response; below 10', 6, [3], 'baseline_below_10', true, true, 1],
    ['9 -> 4: below 10 (just below the cut-off)', 9, [4], 'baseline_below_10', true, true, 1],
    ['10 -> 5: response, counted (at the cut-off)', 10, [5], 'counted', true, false, 1],
    ['10 -> 6: partial, counted', 10, [6], 'counted', false, false, null],
    ['0 -> 0: remission, never a response', 0, [0], 'baseline_below_10', false, true, null],
    ['no baseline', null, [3], 'no_baseline', false, false, null],
  ])('%s', (_label, baseline, totals, group, response, remission, first) => {
    const o = patientOutcome(course('x', totals, baseline), NOW);
    expect(o.baselineGroup).toBe(group);
    expect(o.baselineTotal).toBe(baseline);
    expect(o.firstResponseSession).toBe(first);
    expect(o.reachedBySession[0]).toEqual(baseline === null ? null : { response, remission });
  });

  it('leaves baselines below 10 and missing ones out of every rate, and counts them apart', () => {
    const outcomes = [
      patientOutcome(course('a', [10]), NOW), // baseline 20: response
      patientOutcome(course('b', [4], 12), NOW), // baseline 12: response and remission
      patientOutcome(course('c', [14], 10), NOW), // baseline 10: none
      patientOutcome(course('d', [4], 6), NOW), // baseline 6: remission only, not counted
      patientOutcome(course('e', [2], 9), NOW), // baseline 9: not counted
      patientOutcome(course('f', [1], null), NOW), // no baseline: not counted
    ];
    expect(outcomeBaselineCounts(outcomes)).toEqual({
      counted: 3,
      baselineBelow10: 2,
      noBaseline: 1,
    });
    const [first] = outcomesBySessionNumber(outcomes);
    expect(first).toEqual({
      sessionNumber: 1,
      responseItt: { numerator: 2, denominator: 3, pct: 66.7 },
      remissionItt: { numerator: 1, denominator: 3, pct: 33.3 },
      responseCompleters: { numerator: 2, denominator: 3, pct: 66.7 },
      remissionCompleters: { numerator: 1, denominator: 3, pct: 33.3 },
      notYetReached: 0,
    });
    // the median time to first response takes counted responders only (a and b: 1 day each)
    expect(medianDaysToFirstResponse(outcomes)).toBe(1);
  });
});

describe('per100', () => {
  it('counts per 100 sessions, most frequent first', () => {
    expect(
      per100(
        new Map([
          ['nausea (mild)', 3],
          ['headache (mild)', 7],
        ]),
        50,
      ),
    ).toEqual([
      { key: 'headache (mild)', count: 7, per100Sessions: 14 },
      { key: 'nausea (mild)', count: 3, per100Sessions: 6 },
    ]);
    expect(per100(new Map([['x', 1]]), 0)).toEqual([{ key: 'x', count: 1, per100Sessions: null }]);
  });
});

describe('the best PHQ-9 after a session', () => {
  it('on a tie of totals is the earliest one (days to first response count from it)', () => {
    const c = course('t', [10]);
    c.assessments.push({
      id: 't-later',
      administeredAt: at(0, 30),
      total: 10,
      valid: true,
      recall: '24_hours',
    });
    c.assessments.push({
      id: 't-earlier',
      administeredAt: at(0, 20),
      total: 10,
      valid: true,
      recall: '24_hours',
    });
    const o = patientOutcome(c, NOW);
    expect(o.firstResponseSession).toBe(1);
    expect(o.msToFirstResponse).toBe(20 * 3_600_000);
    expect(o.daysToFirstResponse).toBe(0.8);
  });
});

describe('medianDaysToFirstResponse', () => {
  it('takes the median of the exact times, then rounds to one decimal', () => {
    // 1.04 d and 1.05 d: exact median 1.045 d -> 1.0 (rounding each first: 1.0 and 1.1 -> 1.05 -> 1.1).
    const outcome = (ms: number | null) => ({
      baselineTotal: 20,
      baselineGroup: 'counted' as const,
      bySession: [],
      reachedBySession: [],
      firstResponseSession: ms === null ? null : 1,
      daysToFirstResponse: null,
      msToFirstResponse: ms,
      dropout: false,
      stopped: false,
    });
    expect(medianDaysToFirstResponse([outcome(1.04 * DAY), outcome(1.05 * DAY)])).toBe(1);
    expect(medianDaysToFirstResponse([outcome(4 * DAY), outcome(DAY), outcome(null)])).toBe(2.5);
    expect(medianDaysToFirstResponse([outcome(null)])).toBeNull();
  });
});

describe('followUpCompletion', () => {
  const window = { min: 48, max: 96 };
  const sessions = [{ startedAt: at(0) }, { startedAt: at(10) }, { startedAt: at(119) }];
  const phq9 = (administeredAt: string, valid = true) => ({
    id: administeredAt,
    administeredAt,
    total: valid ? 5 : null,
    valid,
    recall: '24_hours' as const,
  });

  it('counts closed windows only, edges included, valid PHQ-9s only', () => {
    expect(
      followUpCompletion(sessions, [phq9(at(0, 96)), phq9(at(10, 47), true)], window, NOW),
    ).toEqual({ numerator: 1, denominator: 2, pct: 50 });
    expect(followUpCompletion(sessions, [phq9(at(0, 60), false)], window, NOW)).toEqual({
      numerator: 0,
      denominator: 2,
      pct: 0,
    });
  });
});

describe('courseOutcomeUnits: the cohort unit is the treatment course (CLINICAL.md s6 v2)', () => {
  const phq = (id: string, days: number, total: number, recall: RecallPeriod = '24_hours') => ({
    id,
    administeredAt: at(days),
    total,
    valid: true,
    recall,
  });
  // Initial course A: baseline 20 (day -2), sessions days 0 and 4, 24-h PHQ-9s 14, 9.
  // Re-induction B (started day 60): baseline 16 (day 58), sessions 60, 63, 66, PHQ-9s 8, 12, 3.
  const records = {
    courses: [
      { id: 'A', startedAt: at(-3) },
      { id: 'B', startedAt: at(59) },
    ],
    sessions: [
      { id: 'a1', sessionNumber: 1, startedAt: at(0), courseId: 'A' },
      { id: 'a2', sessionNumber: 2, startedAt: at(4), courseId: 'A' },
      { id: 'b1', sessionNumber: 3, startedAt: at(60), courseId: 'B' },
      { id: 'b2', sessionNumber: 4, startedAt: at(63), courseId: 'B' },
      { id: 'b3', sessionNumber: 5, startedAt: at(66), courseId: 'B' },
    ],
    assessments: [
      phq('a0', -2, 20, 'two_weeks'),
      phq('a1', 1, 14),
      phq('a2', 5, 9),
      phq('b0', 58, 16, 'two_weeks'),
      phq('b1', 61, 8),
      phq('b2', 64, 12),
      phq('b3', 67, 3),
    ],
  };
  const units = courseOutcomeUnits(records);

  it('makes one unit per course, sessions numbered within it, PHQ-9s of its span', () => {
    expect(
      units.map((u) => [
        u.id,
        u.sessions.map((s) => `${s.id}:${s.sessionNumber}`).join(' '),
        u.assessments.map((a) => a.id).join(' '),
      ]),
    ).toEqual([
      // A's PHQ-9s end where B starts (day 59): B's baseline (day 58) is also A's follow-up;
      // B's begin 30 days before its first session, so A's are not B's
      ['A', 'a1:1 a2:2', 'a0 a1 a2 b0'],
      ['B', 'b1:1 b2:2 b3:3', 'b0 b1 b2 b3'],
    ]);
  });

  it.each<[string, number, (string | null)[], number | null]>([
    // [course, baseline, category after k = 1..3, first response k]
    ['A', 20, ['partial', 'response', null], 2], // 9 <= 10
    ['B', 16, ['response', 'partial', 'remission'], 1], // its own baseline 16 (not 20): 8 <= 8
  ])('course %s: baseline %i, categories %j, first response %s', (id, baseline, cats, first) => {
    const unit = units.find((u) => u.id === id);
    if (unit === undefined) throw new Error(`no unit ${id}`);
    const o = patientOutcome(unit, NOW);
    expect(o.baselineTotal).toBe(baseline);
    expect(o.bySession.slice(0, 3)).toEqual(cats);
    expect(o.firstResponseSession).toBe(first);
  });

  it('leaves out a course without a given session', () => {
    const withEmpty = courseOutcomeUnits({
      ...records,
      courses: [...records.courses, { id: 'C', startedAt: at(100) }],
    });
    expect(withEmpty.map((u) => u.id)).toEqual(['A', 'B']);
  });

  it('gives the v1 unit for one course per patient (every session and PHQ-9)', () => {
    const one = courseOutcomeUnits({
      courses: [{ id: 'L', startedAt: at(0) }],
      sessions: records.sessions.map((s) => ({ ...s, courseId: 'L' })),
      assessments: records.assessments,
    });
    expect(patientOutcome(one[0], NOW)).toEqual(
      patientOutcome(
        { id: 'p', sessions: records.sessions, assessments: records.assessments },
        NOW,
      ),
    );
  });
});
