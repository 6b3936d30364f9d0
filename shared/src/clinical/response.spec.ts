import type { RecallPeriod } from '../api/enums';
import {
  type ResponseAssessmentInput,
  type ResponseSessionInput,
  attributeToSession,
  changePct,
  doseAttribution,
  computeCourseResponse,
  computeResponse,
  courseBaseline,
  courseBaselineOf,
  courseRecords,
  isRemission,
  isResponse,
  responseCategory,
} from './response';
import { mergeThresholds } from './thresholds';

const HOUR = 3_600_000;
const iso = (s: string): string => new Date(s).toISOString();
const plusHours = (from: string, hours: number): string =>
  new Date(Date.parse(from) + hours * HOUR).toISOString();

const session = (
  id: string,
  sessionNumber: number,
  startedAt: string,
  doseMg = 40,
): ResponseSessionInput => ({
  id,
  sessionNumber,
  startedAt,
  doseMg,
});
const phq = (
  id: string,
  administeredAt: string,
  total: number | null,
  recall: RecallPeriod = '24_hours',
  valid = total !== null,
): ResponseAssessmentInput => ({ id, administeredAt, total, valid, recall });

describe('changePct (1 decimal)', () => {
  it.each([
    [8, 20, -60],
    [20, 20, 0],
    [24, 20, 20],
    [3, 16, -81.3], // -81.25: halves away from zero
    [13, 16, -18.8], // -18.75
    [1, 6, -83.3],
    [10, 3, 233.3],
    [0, 12, -100],
    [5, 0, null],
    [0, 0, null],
  ])('total %i against baseline %i -> %p', (total, baseline, pct) => {
    expect(changePct(total, baseline)).toBe(pct);
  });
});

describe('responseCategory (CLINICAL.md s5)', () => {
  it.each([
    [4, 20, 'remission'],
    [0, 20, 'remission'],
    [5, 20, 'response'], // not remission: 5 is not < 5
    [10, 20, 'response'], // exactly 50%
    [11, 20, 'partial'], // 45% reduction
    [15, 20, 'partial'], // exactly 25% reduction
    [16, 20, 'none'], // 20% reduction
    [20, 20, 'none'],
    [25, 20, 'none'],
    [5, 10, 'response'],
    [5, 7, 'partial'], // 28.6% reduction
    [6, 7, 'none'], // 14.3% reduction
    [3, 3, 'remission'],
    [6, 0, 'none'],
  ])('total %i against baseline %i -> %s', (total, baseline, category) => {
    expect(responseCategory(total, baseline)).toBe(category);
  });

  it('reads the clinic thresholds', () => {
    const stricter = mergeThresholds({ response: { responseRatio: 0.3 } });
    expect(responseCategory(6, 20, stricter)).toBe('response'); // 6 <= 0.3 x 20
    expect(responseCategory(7, 20, stricter)).toBe('partial');
    const remission = mergeThresholds({ response: { remissionBelow: 8 } });
    expect(responseCategory(7, 20, remission)).toBe('remission');
    expect(responseCategory(8, 20, remission)).toBe('response');
    const partial = mergeThresholds({ response: { partialReductionMin: 0.3 } });
    expect(responseCategory(15, 20, partial)).toBe('none');
    expect(responseCategory(14, 20, partial)).toBe('partial');
  });
});

describe('response v2 (CLINICAL.md s5): total <= 50% of the baseline, nothing else', () => {
  it.each<[string, number, number, string, boolean, boolean]>([
    // label, baseline, total, status category, response, remission
    ['6 -> 4: remission, not response', 6, 4, 'remission', false, true],
    ['6 -> 3: remission and response (3 <= 3)', 6, 3, 'remission', true, true],
    ['6 -> 5: none (16.7% reduction)', 6, 5, 'none', false, false],
    [
      '10 -> 5: response (exactly 50%), not remission (5 is not < 5)',
      10,
      5,
      'response',
      true,
      false,
    ],
    ['10 -> 4: remission and response', 10, 4, 'remission', true, true],
    ['10 -> 6: partial (40% reduction)', 10, 6, 'partial', false, false],
    ['10 -> 7: partial (30% reduction)', 10, 7, 'partial', false, false],
    ['10 -> 8: none (20% reduction)', 10, 8, 'none', false, false],
    ['21 -> 10: response (10 <= 10.5)', 21, 10, 'response', true, false],
    ['21 -> 11: partial (11 > 10.5)', 21, 11, 'partial', false, false],
    ['0 -> 0: remission; no response from a baseline of 0', 0, 0, 'remission', false, true],
    ['0 -> 6: none', 0, 6, 'none', false, false],
  ])('%s', (_label, baseline, total, category, response, remission) => {
    expect(responseCategory(total, baseline)).toBe(category);
    expect(isResponse(total, baseline)).toBe(response);
    expect(isRemission(total)).toBe(remission);
  });

  it("reads the clinic's response ratio", () => {
    const stricter = mergeThresholds({ response: { responseRatio: 0.3 } });
    expect(isResponse(6, 20, stricter)).toBe(true);
    expect(isResponse(7, 20, stricter)).toBe(false);
  });
});

describe('courseBaseline', () => {
  const first = '2026-03-02T10:00:00.000Z';
  const sessions = [session('s2', 2, '2026-03-05T10:00:00.000Z'), session('s1', 1, first)];

  it.each<[string, ResponseAssessmentInput[], string | null]>([
    [
      'the last valid two-week PHQ-9 before the first session',
      [
        phq('a', '2026-02-10T09:00:00Z', 18, 'two_weeks'),
        phq('b', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
      ],
      'b',
    ],
    ['one exactly 30 days before', [phq('a', plusHours(first, -30 * 24), 18, 'two_weeks')], 'a'],
    [
      'none older than 30 days',
      [phq('a', plusHours(first, -30 * 24 - 1 / 60), 18, 'two_weeks')],
      null,
    ],
    ['one at the dose start', [phq('a', first, 18, 'two_weeks')], 'a'],
    [
      'not one after the first session',
      [
        phq('a', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
        phq('b', plusHours(first, 1), 15, 'two_weeks'),
      ],
      'a',
    ],
    [
      'not a 24-hour recall one',
      [
        phq('a', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
        phq('b', '2026-03-01T09:00:00Z', 15, '24_hours'),
      ],
      'a',
    ],
    [
      'not an invalid one',
      [
        phq('a', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
        phq('b', '2026-03-01T09:00:00Z', null, 'two_weeks'),
      ],
      'a',
    ],
    [
      'not one marked invalid even with a total',
      [
        phq('a', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
        phq('b', '2026-03-01T09:00:00Z', 12, 'two_weeks', false),
      ],
      'a',
    ],
    ['none at all', [], null],
  ])('%s', (_label, assessments, id) => {
    expect(courseBaseline(sessions, assessments)?.id ?? null).toBe(id);
  });

  it('without sessions: the latest valid two-week PHQ-9', () => {
    const assessments = [
      phq('a', '2025-01-01T09:00:00Z', 18, 'two_weeks'),
      phq('b', '2026-02-27T09:00:00Z', 20, 'two_weeks'),
      phq('c', '2026-03-01T09:00:00Z', 10, '24_hours'),
      phq('d', '2026-03-01T10:00:00Z', null, 'two_weeks'),
    ];
    expect(courseBaseline([], assessments)?.id).toBe('b');
  });

  it('reads the clinic window', () => {
    const assessments = [phq('a', '2026-02-20T09:00:00Z', 18, 'two_weeks')];
    expect(
      courseBaseline(
        sessions,
        assessments,
        mergeThresholds({ response: { baselineWindowDays: 7 } }),
      ),
    ).toBeNull();
  });
});

describe('attributeToSession', () => {
  const sessions = [
    session('s2', 2, '2026-03-05T10:00:00.000Z'),
    session('s1', 1, '2026-03-02T10:00:00.000Z'),
  ];
  it.each([
    ['2026-03-03T10:00:00Z', 's1'],
    ['2026-03-05T10:00:00Z', 's1'], // at the start of session 2: strictly before is session 1
    ['2026-03-05T10:00:01Z', 's2'],
    ['2026-03-02T10:00:00Z', null],
    ['2026-02-01T10:00:00Z', null],
  ])('%s -> %p', (at, id) => {
    expect(attributeToSession(at, sessions)?.id ?? null).toBe(id);
  });
});

describe('computeResponse: a worked course', () => {
  const S1 = '2026-03-02T10:00:00.000Z';
  const S2 = '2026-03-05T10:00:00.000Z';
  const S3 = '2026-03-09T10:00:00.000Z';
  const sessions = [session('s3', 3, S3, 45), session('s1', 1, S1), session('s2', 2, S2)];
  const assessments = [
    phq('old', '2026-01-20T09:00:00Z', 22, 'two_weeks'), // 41 days before: not the baseline
    phq('base', '2026-02-27T09:00:00Z', 20, 'two_weeks'), // course baseline
    phq('bad', plusHours(S1, 24), 1, '24_hours', false), // invalid: ignored although at exactly 24 h
    phq('a1', plusHours(S1, 12), 12),
    phq('a3', plusHours(S1, 25), 9), // 1 h from 24 h, tie with a2: the earlier wins
    phq('a2', plusHours(S1, 23), 8),
    phq('a4', plusHours(S1, 70), 10), // also 2 h before session 2: its pre-dose score
    phq('a5', plusHours(S2, 24), 6),
    phq('a6', plusHours(S2, 36), 7),
    phq('a7', plusHours(S2, 72), 7, 'two_weeks'),
    phq('a8', plusHours(S2, 74), 5), // 22 h before session 3: its pre-dose score
    phq('a9', plusHours(S3, 12), 4), // lowest total: best change -80%
    phq('a10', plusHours(S3, 96), 6), // last hour of the 72-h window
    phq('a11', plusHours(S3, 96.01), 9), // beyond 96 h: not a point, but the latest PHQ-9
  ];
  const result = computeResponse(sessions, assessments);

  it('finds the baseline within 30 days', () => {
    expect(result.baseline).toEqual({
      assessmentId: 'base',
      total: 20,
      administeredAt: iso('2026-02-27T09:00:00Z'),
    });
  });

  it('status is the latest PHQ-9 (9 of 20: response), best change the lowest (-80%)', () => {
    expect(result.status).toBe('response');
    expect(result.bestChangePct).toBe(-80);
  });

  it('lists sessions by session number with their pre-dose score', () => {
    expect(
      result.sessions.map((s) => [
        s.sessionId,
        s.sessionNumber,
        s.startedAt,
        s.doseMg,
        s.preDoseTotal,
      ]),
    ).toEqual([
      ['s1', 1, S1, 40, 20], // nothing within 24 h before: the course baseline
      ['s2', 2, S2, 40, 10],
      ['s3', 3, S3, 45, 5],
    ]);
  });

  it.each([
    [
      's1',
      [
        ['a1', 12, 12, -40],
        ['a2', 23, 8, -60],
        ['a3', 25, 9, -55],
        ['a4', 70, 10, -50],
      ],
    ],
    [
      's2',
      [
        ['a5', 24, 6, -70],
        ['a6', 36, 7, -65],
        ['a7', 72, 7, -65],
        ['a8', 74, 5, -75],
      ],
    ],
    [
      's3',
      [
        ['a9', 12, 4, -80],
        ['a10', 96, 6, -70],
      ],
    ],
  ])('points of %s: [id, hours, total, change %]', (sessionId, expected) => {
    const dto = result.sessions.find((s) => s.sessionId === sessionId);
    expect(
      dto?.points.map((p) => [p.assessmentId, p.hoursSinceDose, p.total, p.changePct]),
    ).toEqual(expected);
  });

  it.each([
    ['s1', 'a2', 'a4'], // 23 h and 25 h tie: the earlier; 70 h the only one in 48-96 h
    ['s2', 'a5', 'a7'], // exactly 24 h and exactly 72 h
    ['s3', 'a9', 'a10'], // 12 h and 96 h: window edges are inside
  ])('%s: 24-h point %s, 72-h point %s', (sessionId, at24h, at72h) => {
    const dto = result.sessions.find((s) => s.sessionId === sessionId);
    expect(dto?.at24h?.assessmentId).toBe(at24h);
    expect(dto?.at72h?.assessmentId).toBe(at72h);
  });

  it('keeps the recall period of each point', () => {
    const s2 = result.sessions[1];
    expect(s2.at72h).toEqual({
      assessmentId: 'a7',
      hoursSinceDose: 72,
      total: 7,
      changePct: -65,
      recall: 'two_weeks',
      source: 'clinic',
    });
    expect(s2.at24h?.recall).toBe('24_hours');
  });
});

describe('computeResponse: edge cases', () => {
  const S = '2026-03-02T10:00:00.000Z';
  const one = [session('s1', 1, S)];
  const base = phq('base', '2026-03-01T10:00:00Z', 20, 'two_weeks');

  it.each<[string, number[], string | null, string | null]>([
    ['nearest, not earliest, in the 72-h window', [60, 80], null, 'h80'],
    ['tie in the 72-h window: the earlier', [66, 78], null, 'h66'],
    ['just outside both windows', [11.99, 36.01, 47.99], null, null],
    ['nearest to 24 h among three', [13, 30, 35], 'h30', null],
    ['a 36-h point belongs to the 24-h window only', [36], 'h36', null],
  ])('%s', (_label, hours, at24h, at72h) => {
    const assessments = [base, ...hours.map((h) => phq(`h${h}`, plusHours(S, h), 10))];
    const dto = computeResponse(one, assessments).sessions[0];
    expect(dto.at24h?.assessmentId ?? null).toBe(at24h);
    expect(dto.at72h?.assessmentId ?? null).toBe(at72h);
    expect(dto.points.map((p) => p.hoursSinceDose)).toEqual(hours);
  });

  it('pre-dose score: a PHQ-9 exactly 24 h before the start counts, one a minute earlier does not', () => {
    const atEdge = computeResponse(one, [base, phq('p', plusHours(S, -24), 14)]).sessions[0];
    expect(atEdge.preDoseTotal).toBe(14);
    const tooEarly = computeResponse(one, [base, phq('p', plusHours(S, -24 - 1 / 60), 14)])
      .sessions[0];
    expect(tooEarly.preDoseTotal).toBe(20);
  });

  it('pre-dose score: one at the exact start counts; an invalid one does not', () => {
    expect(
      computeResponse(one, [base, phq('p', S, 17, 'two_weeks')]).sessions[0].preDoseTotal,
    ).toBe(17);
    expect(
      computeResponse(one, [base, phq('p', S, 17, 'two_weeks', false)]).sessions[0].preDoseTotal,
    ).toBe(20);
  });

  it('a baseline older than 30 days is ignored: no_baseline, no change, no pre-dose score', () => {
    const result = computeResponse(one, [
      phq('old', '2026-01-20T10:00:00Z', 20, 'two_weeks'),
      phq('a', plusHours(S, 24), 6),
    ]);
    expect(result.baseline).toBeNull();
    expect(result.status).toBe('no_baseline');
    expect(result.bestChangePct).toBeNull();
    expect(result.sessions[0].preDoseTotal).toBeNull();
    expect(result.sessions[0].at24h).toEqual({
      assessmentId: 'a',
      hoursSinceDose: 24,
      total: 6,
      changePct: null,
      recall: '24_hours',
      source: 'clinic',
    });
  });

  it('when the latest PHQ-9 is the baseline, status is its category against itself', () => {
    expect(computeResponse(one, [base])).toMatchObject({ status: 'none', bestChangePct: null });
    expect(computeResponse(one, [phq('low', '2026-03-01T10:00:00Z', 3, 'two_weeks')]).status).toBe(
      'remission',
    );
  });

  it.each([
    [16, 'none', -20],
    [15, 'partial', -25],
    [10, 'response', -50],
    [4, 'remission', -80],
    [24, 'none', 20],
  ])('latest total %i of baseline 20 -> %s, best change %p', (total, status, pct) => {
    const result = computeResponse(one, [base, phq('a', plusHours(S, 24), total)]);
    expect(result.status).toBe(status);
    expect(result.bestChangePct).toBe(pct);
  });

  it('status follows the latest PHQ-9 even after a better one', () => {
    const result = computeResponse(one, [
      base,
      phq('a', plusHours(S, 24), 4),
      phq('b', plusHours(S, 72), 18),
    ]);
    expect(result.status).toBe('none');
    expect(result.bestChangePct).toBe(-80);
  });

  it('a baseline of 0: no change percentages', () => {
    const result = computeResponse(one, [
      phq('zero', '2026-03-01T10:00:00Z', 0, 'two_weeks'),
      phq('a', plusHours(S, 24), 6),
    ]);
    expect(result.bestChangePct).toBeNull();
    expect(result.sessions[0].points[0].changePct).toBeNull();
    expect(result.status).toBe('none');
  });

  it('without sessions: baseline and status only', () => {
    const result = computeResponse(
      [],
      [base, phq('later', '2026-03-10T10:00:00Z', 8, 'two_weeks')],
    );
    expect(result).toEqual({
      baseline: { assessmentId: 'later', total: 8, administeredAt: iso('2026-03-10T10:00:00Z') },
      status: 'none',
      bestChangePct: null,
      sessions: [],
    });
  });

  it('without any PHQ-9: no_baseline and empty sessions', () => {
    const result = computeResponse(one, []);
    expect(result.status).toBe('no_baseline');
    expect(result.sessions[0]).toMatchObject({
      preDoseTotal: null,
      at24h: null,
      at72h: null,
      points: [],
    });
  });
});

describe('doseAttribution: the session a PHQ-9 counts its hours from', () => {
  const sessions = [
    session('s5', 5, '2026-11-28T10:00:00.000Z'),
    session('s6', 6, '2026-12-01T11:00:00.000Z'),
  ];
  it.each<[string, string, [string, number] | null]>([
    ['before session 6 started: 72.1 h after session 5', '2026-12-01T10:06:00Z', ['s5', 72.1]],
    ['at the start of session 6: still session 5', '2026-12-01T11:00:00Z', ['s5', 73]],
    ['24 h after session 6', '2026-12-02T11:00:00Z', ['s6', 24]],
    ['before any session', '2026-11-01T10:00:00Z', null],
  ])('%s', (_label, at, expected) => {
    const found = doseAttribution(at, sessions);
    expect(found === null ? null : [found.session.id, found.hoursSinceDose]).toEqual(expected);
  });
});

describe('per-course response (CLINICAL.md s5 v2: everything per treatment course)', () => {
  type CourseSession = ResponseSessionInput & { courseId: string };
  const inCourse = (courseId: string, id: string, n: number, startedAt: string): CourseSession => ({
    ...session(id, n, startedAt),
    courseId,
  });
  // Course a: January 2025; course b (re-induction): created 10 Jan 2026, first session 20 Jan 2026.
  const courses = [
    { id: 'b', startedAt: iso('2026-01-10T09:00:00Z') },
    { id: 'a', startedAt: iso('2025-01-02T09:00:00Z') },
  ];
  const sessions = [
    inCourse('a', 'a1', 1, iso('2025-01-06T09:00:00Z')),
    inCourse('a', 'a2', 2, iso('2025-01-08T09:00:00Z')),
    inCourse('b', 'b1', 3, iso('2026-01-20T09:00:00Z')),
    inCourse('b', 'b2', 4, iso('2026-01-22T09:00:00Z')),
  ];
  const phq9 = [
    phq('old', '2024-11-20T09:00:00Z', 25, 'two_weeks'), // more than 30 days before a1: no course
    phq('a-base', '2025-01-03T09:00:00Z', 22, 'two_weeks'),
    phq('a-24', '2025-01-07T09:00:00Z', 9),
    phq('between', '2025-06-01T09:00:00Z', 12, 'two_weeks'), // after a, long before b: a only
    phq('b-base', '2026-01-05T09:00:00Z', 18, 'two_weeks'), // before b was created: a and b
    phq('b-screen', '2026-01-15T09:00:00Z', 17, 'two_weeks'), // after b was created: b only
    phq('b-24', '2026-01-21T09:00:00Z', 10),
  ];
  const input = { courses, sessions, phq9 };

  it.each<[string, string[], string[], string | null]>([
    ['a', ['a1', 'a2'], ['a-base', 'a-24', 'between', 'b-base'], '2026-01-10T09:00:00.000Z'],
    ['b', ['b1', 'b2'], ['b-base', 'b-screen', 'b-24'], null],
  ])(
    'course %s: its sessions and the PHQ-9s from 30 days before its first session until the next course',
    (id, sessionIds, phq9Ids, until) => {
      const records = courseRecords(input, id);
      expect(records?.sessions.map((s) => s.id)).toEqual(sessionIds);
      expect(records?.phq9.map((a) => a.id)).toEqual(phq9Ids);
      expect(records?.until).toBe(until);
    },
  );

  it('a course not among the courses: null', () => {
    expect(courseRecords(input, 'x')).toBeNull();
    expect(computeCourseResponse(input, 'x')).toBeNull();
  });

  it.each<[string, string | null]>([
    ['a', 'a-base'],
    // The re-induction's own baseline: the last two-week PHQ-9 within 30 days before its first session.
    ['b', 'b-screen'],
  ])('course %s baseline -> %s', (id, baselineId) => {
    expect(courseBaselineOf(input, id)?.id ?? null).toBe(baselineId);
  });

  it('a course before its first session: the latest two-week PHQ-9 since 30 days before its start', () => {
    const planned = { courses, sessions: sessions.filter((s) => s.courseId === 'a'), phq9 };
    expect(courseBaselineOf(planned, 'b')?.id).toBe('b-screen');
    expect(courseRecords(planned, 'b')?.from).toBe('2025-12-11T09:00:00.000Z');
  });

  it('a re-induction a year later starts again from its own baseline', () => {
    const b = computeCourseResponse(input, 'b');
    expect(b).toMatchObject({
      courseId: 'b',
      baseline: { assessmentId: 'b-screen', total: 17 },
      status: 'partial', // 10 against 17: 41% reduction (against the first course's 22: 55%)
      bestChangePct: -41.2,
    });
    expect(
      b?.sessions.map((s) => [s.sessionId, s.preDoseTotal, s.at24h?.assessmentId ?? null]),
    ).toEqual([
      ['b1', 17, 'b-24'],
      ['b2', 10, null], // b-24 is within the 24 h before b2: its pre-dose score
    ]);
    const a = computeCourseResponse(input, 'a');
    expect(a).toMatchObject({
      baseline: { assessmentId: 'a-base', total: 22 },
      // The latest PHQ-9 of course a is b-base (18): the patient relapsed between the courses.
      status: 'none',
      bestChangePct: -59.1,
    });
  });

  it('without courses (v1): computeResponse over every session as before', () => {
    const all = computeResponse(sessions, phq9);
    expect(all.baseline?.assessmentId).toBe('a-base');
  });
});
