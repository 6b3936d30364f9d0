import { mergeThresholds } from '../thresholds';
import { after, ago, DAY, HOUR, MINUTE, phq, records, run, session } from './testing/fixtures';
import type { PatientRecords, RulePhq9, RuleSession } from './types';

const T0 = ago(40 * DAY);

describe('tolerance.diminishing_response (last 3 sessions with a 24-h point)', () => {
  interface Point {
    /** 24-h improvement over the pre-dose score; null: no 24-h point. */
    improvement: number | null;
    /** Pre-dose PHQ-9 total; null: none within 24 h (the course baseline stands in, if any). */
    preDose?: number | null;
    dose?: Partial<RuleSession>;
  }
  /** Sessions 4 days apart; a pre-dose PHQ-9 an hour before each and a 24-h PHQ-9 after it. */
  const course = (points: Point[], baseline: number | null = 20): PatientRecords => {
    const sessions: RuleSession[] = [];
    const phq9: RulePhq9[] = [];
    if (baseline !== null) {
      phq9.push(phq('base', after(T0, -2 * DAY), baseline, { recall: 'two_weeks' }));
    }
    points.forEach(({ improvement, preDose = 20, dose = {} }, index) => {
      const s = session(`s${index + 1}`, {
        sessionNumber: index + 1,
        startedAt: after(T0, index * 4 * DAY),
        status: 'discharged',
        ...dose,
      });
      sessions.push(s);
      if (preDose !== null) phq9.push(phq(`pre${index + 1}`, after(s.startedAt, -HOUR), preDose));
      const from = preDose ?? baseline ?? 0;
      if (improvement !== null) {
        phq9.push(phq(`h24-${index + 1}`, after(s.startedAt, 24 * HOUR), from - improvement));
      }
    });
    return records({ sessions, phq9 });
  };
  const perKg = (doseMgPerKg: number): Partial<RuleSession> => ({ doseMgPerKg });
  const points = (...improvements: (number | null)[]): Point[] =>
    improvements.map((improvement) => ({ improvement }));

  it.each<[string, string[], Point[]]>([
    ['10 -> 7 -> 4 points (4 < 50% of 10)', ['s1', 's2', 's3'], points(10, 7, 4)],
    ['10 -> 7 -> 5 points (5 is 50%)', [], points(10, 7, 5)],
    ['10 -> 4 -> 4 points (not falling at each step)', [], points(10, 4, 4)],
    ['10 -> 3 -> 4 points (rising at the last step)', [], points(10, 3, 4)],
    ['a session without a 24-h point is skipped', ['s1', 's3', 's4'], points(10, null, 7, 4)],
    ['only the last 3 count', ['s2', 's3', 's4'], points(2, 10, 7, 4)],
    ['only 2 sessions with a 24-h point', [], points(10, null, 4)],
    ['no improvement to diminish (0 -> -1 -> -2)', [], points(0, -1, -2)],
    [
      'a lower dose at the latest session',
      [],
      [
        { improvement: 10, dose: perKg(0.5) },
        { improvement: 7, dose: perKg(0.5) },
        { improvement: 4, dose: perKg(0.45) },
      ],
    ],
    [
      'a higher dose at the latest session',
      ['s1', 's2', 's3'],
      [
        { improvement: 10, dose: perKg(0.5) },
        { improvement: 7, dose: perKg(0.4) },
        { improvement: 4, dose: perKg(0.6) },
      ],
    ],
    [
      'a switch from ketamine to esketamine: doses not comparable',
      [],
      [
        { improvement: 10 },
        { improvement: 7 },
        {
          improvement: 4,
          dose: { drug: 'esketamine', route: 'intranasal', doseMg: 84, doseMgPerKg: null },
        },
      ],
    ],
    [
      'pre-dose scores from the course baseline',
      ['s1', 's2', 's3'],
      [
        { improvement: 10, preDose: null },
        { improvement: 7, preDose: null },
        { improvement: 4, preDose: null },
      ],
    ],
  ])('%s -> %p', (_label, triggers, series) => {
    const found = run('tolerance.diminishing_response', course(series));
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('needs a pre-dose score on every session of the series', () => {
    const series: Point[] = [
      { improvement: 10 },
      { improvement: 7, preDose: null },
      { improvement: 4 },
    ];
    expect(run('tolerance.diminishing_response', course(series, null))).toEqual([]);
    expect(run('tolerance.diminishing_response', course(series, 20))).toHaveLength(1);
  });

  it('names the improvements, the sessions and the doses', () => {
    const [found] = run('tolerance.diminishing_response', course(points(10, 7, 4)));
    expect(found).toMatchObject({
      category: 'tolerance',
      severity: 'warning',
      subjectSessionId: null,
      sessionId: 's3',
      threshold: { sessions: 3, ratio: 0.5 },
    });
    expect(found.message).toBe(
      '24-h PHQ-9 improvement over the pre-dose score fell 10 -> 7 -> 4 points over sessions 1, 2, 3 (latest < 50% of the first) at 0.5 -> 0.5 mg/kg',
    );
    expect(found.evidence).toMatchObject({
      sessions: [
        {
          id: 's1',
          preDoseTotal: 20,
          improvement: 10,
          at24h: { assessmentId: 'h24-1', total: 10 },
        },
        { id: 's2', preDoseTotal: 20, improvement: 7 },
        { id: 's3', preDoseTotal: 20, improvement: 4 },
      ],
    });
  });

  it("follows the clinic's ratio and series length", () => {
    const t = mergeThresholds({ tolerance: { ratio: 0.3 } });
    expect(run('tolerance.diminishing_response', course(points(10, 7, 4)), t)).toEqual([]);
    expect(run('tolerance.diminishing_response', course(points(10, 7, 2)), t)).toHaveLength(1);
    const four = mergeThresholds({ tolerance: { sessions: 4 } });
    expect(run('tolerance.diminishing_response', course(points(10, 7, 4)), four)).toEqual([]);
    expect(
      run('tolerance.diminishing_response', course(points(12, 10, 7, 4)), four)[0].triggers,
    ).toEqual(['s1', 's2', 's3', 's4']);
  });
});

describe('nonresponse.after_induction (6 sessions and no PHQ-9 at <= 50% of the baseline)', () => {
  /** `count` sessions 3 days apart, a baseline of 18 before them, and PHQ-9 totals after session 1. */
  const course = (count: number, totals: (number | null)[], baseline: number | null = 18) => {
    const sessions = Array.from({ length: count }, (_, index) =>
      session(`s${index + 1}`, {
        sessionNumber: index + 1,
        startedAt: after(T0, index * 3 * DAY),
        status: 'discharged',
      }),
    );
    const phq9 = totals.map((total, index) =>
      phq(`a${index + 1}`, after(T0, 24 * HOUR + index * 3 * DAY), total),
    );
    if (baseline !== null) {
      phq9.push(phq('base', after(T0, -DAY), baseline, { recall: 'two_weeks' }));
    }
    return records({ sessions, phq9 });
  };

  it.each<[string, string[], PatientRecords]>([
    ['5 sessions, no response', [], course(5, [14, 12, 12, 11, 10])],
    ['6 sessions, no response', ['s6'], course(6, [14, 12, 12, 11, 10])],
    ['7 sessions: still the 6th session', ['s6'], course(7, [14, 12])],
    ['6 sessions, a total of 9 (50% of 18)', [], course(6, [14, 9, 12])],
    ['6 sessions, a total of 10', ['s6'], course(6, [14, 10, 12])],
    ['an invalid PHQ-9 does not count', ['s6'], course(6, [14, null])],
    ['no baseline', [], course(6, [14, 12], null)],
    ['a remission below 50% is a response (baseline 9, total 4)', [], course(6, [8, 4], 9)],
    // CLINICAL.md s5 v2: a remission is not a response unless it is also <= 50% of the baseline
    [
      'a remission above 50% is not a response (baseline 6, total 4 > 3)',
      ['s6'],
      course(6, [5, 4], 6),
    ],
    ['a remission at 50% is a response (baseline 6, total 3)', [], course(6, [5, 3], 6)],
  ])('%s -> %p', (_label, triggers, recs) => {
    const found = run('nonresponse.after_induction', recs);
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('is info, names the limit and the lowest total, shown with the Nth session', () => {
    const [found] = run('nonresponse.after_induction', course(6, [14, 10, 12]));
    expect(found).toMatchObject({
      category: 'response',
      severity: 'info',
      subjectSessionId: null,
      sessionId: 's6',
      threshold: { nonresponseAfterSessions: 6, responseRatio: 0.5 },
      evidence: {
        sessionsGiven: 6,
        baseline: { id: 'base', total: 18 },
        lowest: { id: 'a2', total: 10 },
      },
    });
    expect(found.message).toBe(
      '6 sessions given and no PHQ-9 has reached response (total <= 9, 50% of the course baseline of 18); lowest since: 10',
    );
  });

  it("follows the clinic's session count and response ratio", () => {
    expect(
      run(
        'nonresponse.after_induction',
        course(4, [14]),
        mergeThresholds({ nonresponseAfterSessions: 4 }),
      )[0].triggers,
    ).toEqual(['s4']);
    const recs = course(6, [14, 10]);
    expect(run('nonresponse.after_induction', recs)).toHaveLength(1);
    expect(
      run(
        'nonresponse.after_induction',
        recs,
        mergeThresholds({ response: { responseRatio: 0.6 } }),
      ),
    ).toEqual([]);
  });
});

describe('followup.missed (24-h window 12-36 h, 72-h window 48-96 h, once closed)', () => {
  /** A discharged session started `ms` before NOW, with PHQ-9s at the given hours after it. */
  const followUp = (ms: number, atHours: number[] = [], valid = true) => {
    const s = session('s1', { startedAt: ago(ms), status: 'discharged' });
    const phq9 = atHours.map((h, index) =>
      phq(`f${index + 1}`, after(s.startedAt, h * HOUR), valid ? 8 : null),
    );
    return records({ sessions: [s], phq9 });
  };

  it.each<[string, string[], PatientRecords]>([
    ['36 h after: the 24-h window is still open', [], followUp(36 * HOUR)],
    ['36 h 1 min after: the 24-h window closed empty', ['24h:s1'], followUp(36 * HOUR + MINUTE)],
    ['a PHQ-9 at 12 h counts', [], followUp(40 * HOUR, [12])],
    ['a PHQ-9 at 11 h 59 min does not', ['24h:s1'], followUp(40 * HOUR, [12 - 1 / 60])],
    ['a PHQ-9 at 36 h counts', [], followUp(40 * HOUR, [36])],
    ['a PHQ-9 at 36 h 1 min does not', ['24h:s1'], followUp(40 * HOUR, [36 + 1 / 60])],
    ['an invalid PHQ-9 counts', [], followUp(40 * HOUR, [20], false)],
    ['96 h: the 72-h window is still open', ['24h:s1'], followUp(96 * HOUR)],
    ['96 h 1 min: both windows missed', ['24h:s1', '72h:s1'], followUp(96 * HOUR + MINUTE)],
    ['only the 72-h window missed', ['72h:s1'], followUp(100 * HOUR, [24])],
    ['a PHQ-9 at 48 h fills the 72-h window', ['24h:s1'], followUp(100 * HOUR, [48])],
    [
      'the 24-h window closed exactly 14 days ago',
      ['24h:s1'],
      followUp(14 * DAY + 36 * HOUR, [60]),
    ],
    ['the 24-h window closed 14 days 1 min ago', [], followUp(14 * DAY + 36 * HOUR + MINUTE, [60])],
    ['both windows closed long ago', [], followUp(30 * DAY)],
  ])('%s -> %p', (_label, triggers, recs) => {
    const found = run('followup.missed', recs);
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('names the missed windows and the session; subject = the session', () => {
    const recs = followUp(100 * HOUR);
    const [found] = run('followup.missed', recs);
    expect(found).toMatchObject({
      category: 'follow-up',
      severity: 'warning',
      subjectSessionId: 's1',
      sessionId: 's1',
      threshold: {
        window24h: { min: 12, max: 36, target: 24 },
        window72h: { min: 48, max: 96, target: 72 },
        lookbackDays: 14,
      },
      evidence: {
        windows: [
          { window: '24h', from: after(recs.sessions[0].startedAt, 12 * HOUR) },
          { window: '72h', to: after(recs.sessions[0].startedAt, 96 * HOUR) },
        ],
      },
    });
    expect(found.message).toMatch(
      /^No PHQ-9 in the 24-h window \(12-36 h\) or the 72-h window \(48-96 h\) after session 1 \(.* UTC\)$/,
    );
  });

  it('one candidate per session', () => {
    const s1 = session('s1', { sessionNumber: 1, startedAt: ago(8 * DAY), status: 'discharged' });
    const s2 = session('s2', { sessionNumber: 2, startedAt: ago(5 * DAY), status: 'discharged' });
    const found = run(
      'followup.missed',
      records({ sessions: [s2, s1], phq9: [phq('x', after(s1.startedAt, 24 * HOUR), 9)] }),
    );
    expect(found.map((c) => [c.subjectSessionId, c.triggers])).toEqual([
      ['s1', ['72h:s1']],
      ['s2', ['24h:s2', '72h:s2']],
    ]);
  });

  it("follows the clinic's windows and look-back", () => {
    const recs = followUp(31 * HOUR);
    expect(run('followup.missed', recs)).toEqual([]);
    const narrow = mergeThresholds({ response: { window24h: { min: 18, max: 30 } } });
    expect(run('followup.missed', recs, narrow)[0].triggers).toEqual(['24h:s1']);
    const old = followUp(20 * DAY);
    expect(run('followup.missed', old)).toEqual([]);
    expect(
      run('followup.missed', old, mergeThresholds({ followup: { lookbackDays: 30 } }))[0].triggers,
    ).toEqual(['24h:s1', '72h:s1']);
  });
});
