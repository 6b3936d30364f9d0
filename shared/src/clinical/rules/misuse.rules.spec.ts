import { mergeThresholds } from '../thresholds';
import {
  after,
  ago,
  DAY,
  MINUTE,
  records,
  riskEvent,
  run,
  session,
  sideEffect,
} from './testing/fixtures';
import { PROXY_RULE_NOTE, type RuleRiskEvent, type RuleSession } from './types';

const T0 = ago(30 * DAY);
/** Discharged sessions at the given offsets from T0, numbered in order. */
const sessionsAt = (offsets: number[], fields: Partial<RuleSession> = {}): RuleSession[] =>
  offsets.map((ms, index) =>
    session(`s${index + 1}`, {
      sessionNumber: index + 1,
      startedAt: after(T0, ms),
      status: 'discharged',
      ...fields,
    }),
  );

describe('misuse.session_frequency (3 sessions within any rolling 7 days)', () => {
  it.each<[string, string[], number[]]>([
    ['3 within 7 days minus 1 min', ['s1', 's2', 's3'], [0, 3 * DAY, 7 * DAY - MINUTE]],
    ['3 spanning exactly 7 days', [], [0, 3 * DAY, 7 * DAY]],
    ['2 within a day', [], [0, 12 * 60 * MINUTE]],
    ['twice weekly', [], [0, 3.5 * DAY, 7 * DAY, 10.5 * DAY]],
    [
      '4 close together: every session involved',
      ['s1', 's2', 's3', 's4'],
      [0, DAY, 2 * DAY, 3 * DAY],
    ],
    ['a later cluster only', ['s2', 's3', 's4'], [0, 10 * DAY, 12 * DAY, 14 * DAY]],
  ])('%s -> %p', (_label, triggers, offsets) => {
    const found = run(
      'misuse.session_frequency',
      records({ sessions: sessionsAt(offsets).reverse() }),
    );
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('names the sessions, the span and the limit; a patient flag shown with the latest session', () => {
    const [found] = run(
      'misuse.session_frequency',
      records({ sessions: sessionsAt([0, 2 * DAY, 6 * DAY + 90 * MINUTE]) }),
    );
    expect(found).toMatchObject({
      category: 'misuse',
      severity: 'warning',
      subjectSessionId: null,
      sessionId: 's3',
      threshold: { sessionsPer7Days: 3, rollingDays: 7 },
    });
    expect(found.message).toMatch(
      /^3 sessions within 6 d 1 h 30 min \(sessions 1, 2, 3; .* UTC to .* UTC\): 3 or more within any rolling 7 days$/,
    );
  });

  it("follows the clinic's cap and period", () => {
    const recs = records({ sessions: sessionsAt([0, 8 * DAY, 9 * DAY]) });
    expect(run('misuse.session_frequency', recs)).toEqual([]);
    expect(
      run('misuse.session_frequency', recs, mergeThresholds({ misuse: { rollingDays: 10 } })),
    ).toHaveLength(1);
    const two = run(
      'misuse.session_frequency',
      recs,
      mergeThresholds({ misuse: { sessionsPer7Days: 2 } }),
    );
    expect(two.map((c) => c.triggers)).toEqual([['s2', 's3']]);
  });
});

describe('misuse.dose_escalation (> 1.5 x the first dose, or above the usual maximum)', () => {
  type Dose = Pick<RuleSession, 'drug' | 'route' | 'doseMg' | 'doseMgPerKg'>;
  const iv = (perKg: number | null): Dose => ({
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    doseMgPerKg: perKg,
  });
  const im = (perKg: number): Dose => ({
    drug: 'ketamine',
    route: 'im',
    doseMg: 35,
    doseMgPerKg: perKg,
  });
  const esk = (mg: number): Dose => ({
    drug: 'esketamine',
    route: 'intranasal',
    doseMg: mg,
    doseMgPerKg: null,
  });
  const course = (doses: Dose[]): RuleSession[] =>
    doses.map((dose, index) =>
      session(`s${index + 1}`, {
        sessionNumber: index + 1,
        startedAt: after(T0, index * 4 * DAY),
        status: 'discharged',
        ...dose,
      }),
    );

  it.each<[string, string[], Dose[]]>([
    ['IV 0.5 then 0.75 mg/kg (1.5 x, at the usual maximum)', [], [iv(0.5), iv(0.75)]],
    ['IV 0.5 then 0.751 mg/kg', ['s3'], [iv(0.5), iv(0.6), iv(0.751)]],
    ['IM 0.5 then 0.75 mg/kg (1.5 x)', [], [im(0.5), im(0.75)]],
    ['IM 0.5 then 0.76 mg/kg (1.52 x, under the IM usual 1.0)', ['s2'], [im(0.5), im(0.76)]],
    ['IV 0.35 then 0.525 mg/kg (exactly 1.5 x)', [], [iv(0.35), iv(0.525)]],
    ['IV 0.35 then 0.526 mg/kg', ['s2'], [iv(0.35), iv(0.526)]],
    ['esketamine 56 then 84 mg (1.5 x, at the usual maximum)', [], [esk(56), esk(84)]],
    ['esketamine 56 then 112 mg', ['s3'], [esk(56), esk(84), esk(112)]],
    ['esketamine 28 then 56 mg (2 x)', ['s2'], [esk(28), esk(56)]],
    ['a first IV dose above the usual maximum', ['s1', 's2'], [iv(0.8), iv(0.8)]],
    ['a weight-based dose without a weight is not compared', [], [iv(0.4), iv(null)]],
    ['drugs are compared with their own first dose', [], [iv(0.5), esk(84), iv(0.55)]],
  ])('%s -> %p', (_label, triggers, doses) => {
    const found = run('misuse.dose_escalation', records({ sessions: course(doses) }));
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('names the dose, the ratio to the first and the usual maximum', () => {
    const [found] = run(
      'misuse.dose_escalation',
      records({ sessions: course([iv(0.5), iv(0.9)]) }),
    );
    expect(found.message).toBe(
      "Session 2 dose 0.9 mg/kg: 1.8 x the course's first ketamine dose of 0.5 mg/kg (session 1): > 1.5 x; above the usual maximum (CLINICAL.md s2) of 0.75 mg/kg for ketamine iv",
    );
    expect(found.threshold).toEqual({
      doseEscalationFactor: 1.5,
      usualMaxByDrugRoute: { 'ketamine.iv': 0.75 },
    });
    expect(found.sessionId).toBe('s2');
  });

  // CLINICAL.md s2/s4 v2: above the clinic's usual maximum (thresholds doseLimits).
  const lowered = mergeThresholds({ doseLimits: { 'ketamine.iv': { usualMax: 0.6 } } });
  it.each<[string, string[], Dose[]]>([
    ['IV 0.55 then 0.6 mg/kg: at the clinic usual maximum of 0.6', [], [iv(0.55), iv(0.6)]],
    ['IV 0.55 then 0.601 mg/kg: above it', ['s2'], [iv(0.55), iv(0.601)]],
    ['a first IV dose of 0.65 above it', ['s1'], [iv(0.65)]],
    ['IM is judged on its own (s2) limit', [], [im(0.7), im(0.7)]],
  ])("the clinic's usual maximum: %s -> %p", (_label, triggers, doses) => {
    const found = run('misuse.dose_escalation', records({ sessions: course(doses) }), lowered);
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it("names the clinic's usual maximum when it is the clinic's", () => {
    const [found] = run(
      'misuse.dose_escalation',
      records({ sessions: course([iv(0.55), iv(0.65)]) }),
      lowered,
    );
    expect(found.message).toBe(
      "Session 2 dose 0.65 mg/kg: above the clinic's usual maximum of 0.6 mg/kg for ketamine iv",
    );
    expect(found.threshold).toEqual({
      doseEscalationFactor: 1.5,
      usualMaxByDrugRoute: { 'ketamine.iv': 0.6 },
    });
  });

  it("follows the clinic's escalation factor", () => {
    const recs = records({ sessions: course([iv(0.5), iv(0.65)]) });
    expect(run('misuse.dose_escalation', recs)).toEqual([]);
    expect(
      run(
        'misuse.dose_escalation',
        recs,
        mergeThresholds({ misuse: { doseEscalationFactor: 1.2 } }),
      ),
    ).toHaveLength(1);
  });
});

describe('misuse.reported_use (critical)', () => {
  it.each<[RuleRiskEvent['type'], boolean]>([
    ['positive_uds', true],
    ['reported_nonclinic_use', true],
    ['early_session_request', false],
    ['craving', false],
    ['other', false],
  ])('%s -> fires %p', (type, fires) => {
    const found = run(
      'misuse.reported_use',
      records({ riskEvents: [riskEvent('r1', type, ago(DAY))] }),
    );
    expect(found).toHaveLength(fires ? 1 : 0);
  });

  it('lists every report as a trigger and names the latest', () => {
    const events = [
      riskEvent('r2', 'reported_nonclinic_use', ago(DAY)),
      riskEvent('r1', 'positive_uds', ago(3 * DAY)),
    ];
    const [found] = run('misuse.reported_use', records({ riskEvents: events }));
    expect(found).toMatchObject({ severity: 'critical', sessionId: null, triggers: ['r1', 'r2'] });
    expect(found.message).toMatch(
      /^Reported ketamine use outside the clinic on .* UTC; 2 reports in all$/,
    );
  });
});

describe('misuse.craving', () => {
  const S = sessionsAt([0])[0];
  const requests = (gapMs: number): RuleRiskEvent[] => [
    riskEvent('q1', 'early_session_request', after(T0, DAY)),
    riskEvent('q2', 'early_session_request', after(T0, DAY + gapMs)),
  ];

  it.each<[string, string[], Parameters<typeof records>[0]]>([
    [
      'a craving side effect',
      ['e1'],
      { sessions: [S], sideEffects: [sideEffect('e1', S, 'craving', after(T0, DAY))] },
    ],
    ['a craving risk event', ['c1'], { riskEvents: [riskEvent('c1', 'craving', after(T0, DAY))] }],
    ['one early-session request', [], { riskEvents: requests(DAY).slice(0, 1) }],
    [
      '2 requests 30 days minus 1 min apart',
      ['q1', 'q2'],
      { riskEvents: requests(30 * DAY - MINUTE) },
    ],
    [
      '2 requests exactly 30 days apart',
      [],
      {
        riskEvents: [
          riskEvent('q1', 'early_session_request', ago(31 * DAY)),
          riskEvent('q2', 'early_session_request', ago(DAY)),
        ],
      },
    ],
    [
      'another side effect',
      [],
      { sessions: [S], sideEffects: [sideEffect('e1', S, 'nausea', after(T0, DAY))] },
    ],
  ])('%s -> %p', (_label, triggers, parts) => {
    const found = run('misuse.craving', records(parts));
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('combines the signs in one flag, shown with the session of the latest side effect', () => {
    const recs = records({
      sessions: [S],
      sideEffects: [sideEffect('e1', S, 'craving', after(T0, 5 * DAY), 'severe')],
      riskEvents: [...requests(2 * DAY), riskEvent('c1', 'craving', after(T0, 2 * DAY))],
    });
    const [found] = run('misuse.craving', recs);
    expect(found.triggers).toEqual(['c1', 'e1', 'q1', 'q2']);
    expect(found.sessionId).toBe('s1');
    expect(found.message).toMatch(
      /^Craving side effect \(severe\) on .* \(session 1\); craving reported on .*; 2 requests for an earlier or extra session within 2 d \(latest .*\): 2 or more within 30 days$/,
    );
    expect(found.threshold).toEqual({
      earlySessionRequestsPer30Days: 2,
      earlyRequestWindowDays: 30,
    });
  });

  it("follows the clinic's request count and window", () => {
    const recs = records({ riskEvents: requests(40 * DAY) });
    expect(run('misuse.craving', recs)).toEqual([]);
    expect(
      run('misuse.craving', recs, mergeThresholds({ misuse: { earlyRequestWindowDays: 45 } })),
    ).toHaveLength(1);
    expect(
      run(
        'misuse.craving',
        records({ riskEvents: requests(DAY) }),
        mergeThresholds({ misuse: { earlySessionRequestsPer30Days: 3 } }),
      ),
    ).toEqual([]);
  });
});

describe('misuse.urinary_symptoms', () => {
  const S = sessionsAt([0])[0];
  it.each<[string, boolean, 'urinary_symptoms' | 'headache']>([
    ['urinary symptoms', true, 'urinary_symptoms'],
    ['a headache', false, 'headache'],
  ])('%s -> fires %p', (_label, fires, type) => {
    const found = run(
      'misuse.urinary_symptoms',
      records({ sessions: [S], sideEffects: [sideEffect('e1', S, type, after(T0, DAY))] }),
    );
    expect(found).toHaveLength(fires ? 1 : 0);
  });

  it('names the severity and the warning sign; shown with its session', () => {
    const [found] = run(
      'misuse.urinary_symptoms',
      records({
        sessions: [S],
        sideEffects: [sideEffect('e1', S, 'urinary_symptoms', after(T0, DAY), 'mild')],
      }),
    );
    expect(found).toMatchObject({ sessionId: 's1', triggers: ['e1'] });
    expect(found.message).toMatch(
      /^Urinary symptoms \(mild\) on .* UTC \(session 1\): a warning sign of ketamine cystitis$/,
    );
  });
});

it.each([
  'misuse.session_frequency',
  'misuse.dose_escalation',
  'misuse.reported_use',
  'misuse.craving',
  'misuse.urinary_symptoms',
] as const)('%s says it is a proxy, not a published checklist', (rule) => {
  const recs = records();
  expect(run(rule, recs)).toEqual([]);
  expect(PROXY_RULE_NOTE).toMatch(/not a published checklist/);
});
