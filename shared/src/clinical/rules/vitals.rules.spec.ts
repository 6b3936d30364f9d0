import { DEFAULT_THRESHOLDS, mergeThresholds, type ThresholdOverrides } from '../thresholds';
import { cadss, HOUR, NOW, obs, records, run, session } from './testing/fixtures';
import type { RuleId, RuleObservation } from './types';

const S = session('s1', { startedAt: new Date(NOW.getTime() - HOUR).toISOString() });
const PRE = obs(S, -5, { systolic: 130, diastolic: 80, moaas: 5, spo2: 98 });

/** The rule's candidates for a session with the usual pre-dose reading and one reading at 40 min. */
const at40 = (rule: RuleId, fields: Partial<RuleObservation>, t = DEFAULT_THRESHOLDS) =>
  run(rule, records({ sessions: [S], observations: [PRE, obs(S, 40, fields)] }), t);

describe('session rules on one reading, just below and at each threshold (CLINICAL.md s4)', () => {
  it.each<[RuleId, string, boolean, Partial<RuleObservation>]>([
    ['sedation.moderate', 'MOAA/S 4', false, { moaas: 4 }],
    ['sedation.moderate', 'MOAA/S 3', true, { moaas: 3 }],
    ['sedation.moderate', 'MOAA/S 1 (deep is moderate too)', true, { moaas: 1 }],
    ['sedation.deep', 'MOAA/S 2', false, { moaas: 2 }],
    ['sedation.deep', 'MOAA/S 1', true, { moaas: 1 }],
    ['sedation.deep', 'MOAA/S 0', true, { moaas: 0 }],
    ['dissociation.marked', 'CADSS-6 total 11', false, cadss([2, 2, 2, 2, 2, 1])],
    ['dissociation.marked', 'CADSS-6 total 12', true, cadss([2, 2, 2, 2, 2, 2])],
    ['dissociation.marked', 'an item at 3 (total 8)', false, cadss([3, 1, 1, 1, 1, 1])],
    ['dissociation.marked', 'an item at 4 (total 4)', true, cadss([0, 0, 4, 0, 0, 0])],
    ['dissociation.marked', 'a total of 12 without items', true, { cadss6Total: 12 }],
    ['bp.severe', 'BP 179/100', false, { systolic: 179, diastolic: 100 }],
    ['bp.severe', 'BP 180/100', true, { systolic: 180, diastolic: 100 }],
    ['bp.severe', 'BP 170/109', false, { systolic: 170, diastolic: 109 }],
    ['bp.severe', 'BP 170/110', true, { systolic: 170, diastolic: 110 }],
    ['bp.rise', 'rise 39/24 over 130/80', false, { systolic: 169, diastolic: 104 }],
    ['bp.rise', 'rise 40/10 over 130/80', true, { systolic: 170, diastolic: 90 }],
    ['bp.rise', 'rise 20/25 over 130/80', true, { systolic: 150, diastolic: 105 }],
    ['hr.tachycardia', 'heart rate 120', false, { heartRate: 120 }],
    ['hr.tachycardia', 'heart rate 121', true, { heartRate: 121 }],
    ['respiratory.depression', 'SpO2 92', false, { spo2: 92, respiratoryRate: 14 }],
    ['respiratory.depression', 'SpO2 91', true, { spo2: 91, respiratoryRate: 14 }],
    ['respiratory.depression', 'respiratory rate 10', false, { spo2: 97, respiratoryRate: 10 }],
    ['respiratory.depression', 'respiratory rate 9', true, { spo2: 97, respiratoryRate: 9 }],
    ['respiratory.depression', 'nothing measured', false, { moaas: 5 }],
    ['bp.hypotension', 'BP 90/60', false, { systolic: 90, diastolic: 60 }],
    ['bp.hypotension', 'BP 89/60', true, { systolic: 89, diastolic: 60 }],
    ['bp.hypotension', 'BP 110/50', false, { systolic: 110, diastolic: 50 }],
    ['bp.hypotension', 'BP 110/49', true, { systolic: 110, diastolic: 49 }],
    ['bp.hypotension', 'systolic 85 alone', true, { systolic: 85 }],
    ['bp.hypotension', 'no BP measured', false, { heartRate: 70 }],
    ['hr.bradycardia', 'heart rate 50', false, { heartRate: 50 }],
    ['hr.bradycardia', 'heart rate 49', true, { heartRate: 49 }],
    ['hr.bradycardia', 'no heart rate measured', false, { systolic: 120, diastolic: 80 }],
  ])('%s: %s -> fires %p', (rule, _label, fires, fields) => {
    const found = at40(rule, fields);
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires) {
      expect(found[0]).toMatchObject({
        rule,
        subjectSessionId: 's1',
        sessionId: 's1',
        triggers: ['s1@40'],
      });
    }
  });
});

describe('bp.predose_elevated', () => {
  it.each<[number, number, boolean]>([
    [140, 90, false],
    [141, 90, true],
    [140, 91, true],
  ])('pre-dose %i/%i -> fires %p', (systolic, diastolic, fires) => {
    const pre = obs(S, -5, { systolic, diastolic });
    const found = run('bp.predose_elevated', records({ sessions: [S], observations: [pre] }));
    expect(found.map((c) => c.triggers)).toEqual(fires ? [['s1@-5']] : []);
  });

  it('judges the last reading with a BP at or before the dose start', () => {
    const observations = [
      obs(S, -30, { systolic: 150, diastolic: 95 }),
      obs(S, -2, { systolic: 132, diastolic: 84 }),
      obs(S, -1, { moaas: 5 }),
      obs(S, 40, { systolic: 170, diastolic: 100 }),
    ];
    expect(run('bp.predose_elevated', records({ sessions: [S], observations }))).toEqual([]);
    observations[1] = obs(S, 0, { systolic: 150, diastolic: 84 });
    expect(run('bp.predose_elevated', records({ sessions: [S], observations }))).toEqual([
      expect.objectContaining({
        message: 'Pre-dose BP 150/84 at 0 min: systolic > 140',
        threshold: { predoseSystolic: 140, predoseDiastolic: 90 },
        triggers: ['s1@0'],
      }),
    ]);
  });

  it('names both limits when both are exceeded', () => {
    const pre = obs(S, -5, { systolic: 150, diastolic: 95 });
    const [found] = run('bp.predose_elevated', records({ sessions: [S], observations: [pre] }));
    expect(found.message).toBe(
      'Pre-dose BP 150/95 5 min before the dose: systolic > 140 and diastolic > 90',
    );
    expect(found.evidence).toEqual({
      observations: [{ id: 's1@-5', minutesSinceDose: -5, systolic: 150, diastolic: 95 }],
    });
  });
});

describe('without a pre-dose BP', () => {
  const observations = [
    obs(S, -5, { moaas: 5, spo2: 98 }), // pre-dose, but no BP
    obs(S, 40, { systolic: 200, diastolic: 120 }),
  ];
  it.each<[RuleId, number]>([
    ['bp.rise', 0],
    ['bp.predose_elevated', 0],
    ['bp.severe', 1],
  ])('%s gives %i candidates', (rule, count) => {
    expect(run(rule, records({ sessions: [S], observations }))).toHaveLength(count);
  });
});

describe('messages, evidence, thresholds and triggers', () => {
  it('bp.severe names the reading and the limit crossed', () => {
    const reading = obs(S, 40, { systolic: 186, diastolic: 104 });
    const [found] = run('bp.severe', records({ sessions: [S], observations: [PRE, reading] }));
    expect(found).toEqual({
      rule: 'bp.severe',
      category: 'hemodynamic',
      severity: 'critical',
      subjectSessionId: 's1',
      sessionId: 's1',
      message: 'BP 186/104 at 40 min: systolic >= 180',
      evidence: {
        observations: [{ id: 's1@40', minutesSinceDose: 40, systolic: 186, diastolic: 104 }],
      },
      threshold: { severeSystolic: 180, severeDiastolic: 110 },
      triggers: ['s1@40'],
    });
  });

  it('sedation.moderate names the lowest MOAA/S (earliest of equals) and counts the readings', () => {
    const observations = [
      PRE,
      obs(S, 20, { moaas: 3 }),
      obs(S, 35, { moaas: 2 }),
      obs(S, 45, { moaas: 2 }),
      obs(S, 60, { moaas: 5 }),
    ];
    const [found] = run('sedation.moderate', records({ sessions: [S], observations }));
    expect(found.message).toBe('MOAA/S 2 at 35 min (moderate sedation: <= 3); 3 readings in all');
    expect(found.triggers).toEqual(['s1@20', 's1@35', 's1@45']);
    expect(found.threshold).toEqual({ moderateAtOrBelow: 3 });
    expect(found.severity).toBe('warning');
  });

  it('sedation.deep is critical and names its own limit', () => {
    const [found] = at40('sedation.deep', { moaas: 1 });
    expect(found).toMatchObject({
      severity: 'critical',
      message: 'MOAA/S 1 at 40 min (deep sedation: <= 1)',
      threshold: { deepAtOrBelow: 1 },
    });
  });

  it('bp.rise compares post-dose readings with the pre-dose one', () => {
    const observations = [
      obs(S, -20, { systolic: 175, diastolic: 106 }), // pre-dose: neither the baseline nor a rise
      PRE,
      obs(S, 20, { systolic: 150, diastolic: 90 }), // 20/10: no
      obs(S, 40, { systolic: 172, diastolic: 100 }), // 42/20: yes
      obs(S, 60, { systolic: 160, diastolic: 106 }), // 30/26: yes
    ];
    const [found] = run('bp.rise', records({ sessions: [S], observations }));
    expect(found.message).toBe(
      'BP 172/100 at 40 min, 42/20 over the pre-dose 130/80: systolic rise >= 40; 2 readings in all',
    );
    expect(found.triggers).toEqual(['s1@40', 's1@60']);
    expect(found.threshold).toEqual({ riseSystolic: 40, riseDiastolic: 25 });
    expect(found.evidence).toMatchObject({
      preDose: { id: 's1@-5', systolic: 130, diastolic: 80 },
      observations: [
        { id: 's1@40', riseSystolic: 42, riseDiastolic: 20 },
        { id: 's1@60', riseSystolic: 30, riseDiastolic: 26 },
      ],
    });
  });

  it('dissociation.marked names the total and the items at the limit', () => {
    const [found] = at40('dissociation.marked', cadss([4, 2, 2, 2, 2, 4]));
    expect(found.message).toBe(
      'CADSS-6 total 16 at 40 min: total >= 12; item 1 of 6 = 4, item 6 of 6 = 4 (any item >= 4)',
    );
    expect(found.threshold).toEqual({ markedTotal: 12, markedItem: 4 });
  });

  it('respiratory.depression names both measures when both are low', () => {
    const [found] = at40('respiratory.depression', { spo2: 88, respiratoryRate: 8 });
    expect(found.message).toBe(
      'SpO2 88% and respiratory rate 8/min at 40 min: SpO2 < 92 and respiratory rate < 10',
    );
    expect(found.threshold).toEqual({ spo2Below: 92, rateBelow: 10 });
  });

  it('hr.tachycardia names the fastest heart rate', () => {
    const observations = [obs(S, 20, { heartRate: 125 }), obs(S, 40, { heartRate: 140 })];
    const [found] = run('hr.tachycardia', records({ sessions: [S], observations }));
    expect(found.message).toBe('Heart rate 140/min at 40 min: > 120; 2 readings in all');
  });
});

describe("a clinic's thresholds change what fires", () => {
  it.each<[RuleId, Partial<RuleObservation>, ThresholdOverrides, Record<string, number>]>([
    [
      'bp.severe',
      { systolic: 175, diastolic: 95 },
      { bp: { severeSystolic: 170 } },
      { severeSystolic: 170 },
    ],
    [
      'sedation.moderate',
      { moaas: 4 },
      { sedation: { moderateAtOrBelow: 4 } },
      { moderateAtOrBelow: 4 },
    ],
    ['hr.tachycardia', { heartRate: 111 }, { hrTachycardia: 110 }, { hrTachycardia: 110 }],
    ['respiratory.depression', { spo2: 93 }, { respiratory: { spo2Below: 94 } }, { spo2Below: 94 }],
    [
      'dissociation.marked',
      cadss([2, 2, 2, 2, 2, 0]),
      { dissociation: { markedTotal: 10 } },
      { markedTotal: 10 },
    ],
    [
      'bp.rise',
      { systolic: 160, diastolic: 85 },
      { bp: { riseSystolic: 30 } },
      { riseSystolic: 30 },
    ],
  ])('%s fires on %p with the clinic setting %p', (rule, fields, overrides, named) => {
    expect(at40(rule, fields)).toHaveLength(0);
    const found = at40(rule, fields, mergeThresholds(overrides));
    expect(found).toHaveLength(1);
    expect(found[0].threshold).toMatchObject(named);
  });

  it('a higher limit silences a reading', () => {
    expect(at40('bp.severe', { systolic: 185, diastolic: 95 })).toHaveLength(1);
    const t = mergeThresholds({ bp: { severeSystolic: 190 } });
    expect(at40('bp.severe', { systolic: 185, diastolic: 95 }, t)).toHaveLength(0);
  });
});

describe('one candidate per session', () => {
  it('keeps the sessions apart and orders them by dose start', () => {
    const later = session('s0', { sessionNumber: 2, startedAt: NOW.toISOString() });
    const observations = [obs(later, 10, { heartRate: 130 }), obs(S, 40, { heartRate: 125 })];
    const found = run('hr.tachycardia', records({ sessions: [later, S], observations }));
    expect(found.map((c) => [c.subjectSessionId, c.triggers])).toEqual([
      ['s1', ['s1@40']],
      ['s0', ['s0@10']],
    ]);
  });

  it('ignores observations of sessions it does not know', () => {
    const stray = { ...obs(S, 40, { heartRate: 150 }), sessionId: 'other' };
    expect(run('hr.tachycardia', records({ sessions: [S], observations: [stray] }))).toEqual([]);
  });
});

describe('bp.hypotension (systolic < 90 or diastolic < 50, CLINICAL.md s4 v2)', () => {
  it('names the lowest reading and the limits crossed, counts the readings; every low reading is a trigger', () => {
    const found = run(
      'bp.hypotension',
      records({
        sessions: [S],
        observations: [
          PRE,
          obs(S, 30, { systolic: 95, diastolic: 48 }),
          obs(S, 40, { systolic: 84, diastolic: 46 }),
          obs(S, 60, { systolic: 118, diastolic: 72 }),
        ],
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'bp.hypotension',
      category: 'hemodynamic',
      severity: 'warning',
      message: 'BP 84/46 at 40 min: systolic < 90 and diastolic < 50; 2 readings in all',
      threshold: { systolicBelow: 90, diastolicBelow: 50 },
      triggers: ['s1@30', 's1@40'],
    });
    expect(found[0].evidence).toEqual({
      observations: [
        { id: 's1@30', minutesSinceDose: 30, systolic: 95, diastolic: 48 },
        { id: 's1@40', minutesSinceDose: 40, systolic: 84, diastolic: 46 },
      ],
    });
  });

  it('a low pre-dose reading counts too', () => {
    const low = obs(S, -5, { systolic: 86, diastolic: 55 });
    const [found] = run('bp.hypotension', records({ sessions: [S], observations: [low] }));
    expect(found.message).toBe('BP 86/55 5 min before the dose: systolic < 90');
  });

  it("follows the clinic's limits", () => {
    const t = mergeThresholds({ hypotension: { systolicBelow: 100, diastolicBelow: 60 } });
    expect(at40('bp.hypotension', { systolic: 99, diastolic: 70 }, t)).toHaveLength(1);
    expect(at40('bp.hypotension', { systolic: 100, diastolic: 59 }, t)).toHaveLength(1);
    expect(at40('bp.hypotension', { systolic: 100, diastolic: 60 }, t)).toEqual([]);
  });

  it('a low reading entered in error (absent from the records) raises nothing', () => {
    const low = obs(S, 30, { systolic: 82, diastolic: 50 });
    const normal = obs(S, 40, { systolic: 120, diastolic: 75 });
    const withLow = records({ sessions: [S], observations: [PRE, low, normal] });
    expect(run('bp.hypotension', withLow)).toHaveLength(1);
    const amended = records({ sessions: [S], observations: [PRE, normal] });
    expect(run('bp.hypotension', amended)).toEqual([]);
  });
});

describe('hr.bradycardia (heart rate < 50, AHA/ACC/HRS 2018)', () => {
  it('names the slowest heart rate and the limit; every slow reading is a trigger', () => {
    const [found] = run(
      'hr.bradycardia',
      records({
        sessions: [S],
        observations: [PRE, obs(S, 15, { heartRate: 48 }), obs(S, 30, { heartRate: 44 })],
      }),
    );
    expect(found).toMatchObject({
      rule: 'hr.bradycardia',
      category: 'hemodynamic',
      severity: 'warning',
      message: 'Heart rate 44/min at 30 min: < 50; 2 readings in all',
      threshold: { bradycardiaBelow: 50 },
      triggers: ['s1@15', 's1@30'],
    });
  });

  it("follows the clinic's limit", () => {
    const t = mergeThresholds({ bradycardiaBelow: 40 });
    expect(at40('hr.bradycardia', { heartRate: 40 }, t)).toEqual([]);
    expect(at40('hr.bradycardia', { heartRate: 39 }, t)).toHaveLength(1);
  });
});
