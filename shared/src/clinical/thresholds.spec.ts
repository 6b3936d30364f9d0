import {
  DEFAULT_THRESHOLDS,
  mergeThresholds,
  type ThresholdOverrides,
  thresholdsInForce,
  validateThresholdOverrides,
  withoutFixedThresholds,
} from './thresholds';

describe('DEFAULT_THRESHOLDS (CLINICAL.md s3-s5)', () => {
  it.each<[string, unknown]>([
    ['scheduledObservationMinutes', [0, 15, 30, 40, 60, 90, 120]],
    ['minMonitoringMinutes', { esketamine: 120, ketamine: 60 }],
    [
      'discharge',
      { moaasRequired: 5, cadss6TotalMax: 0, systolicBelow: 180, diastolicBelow: 110, spo2Min: 94 },
    ],
    [
      'bp',
      {
        predoseSystolic: 140,
        predoseDiastolic: 90,
        severeSystolic: 180,
        severeDiastolic: 110,
        riseSystolic: 40,
        riseDiastolic: 25,
      },
    ],
    ['hrTachycardia', 120],
    ['hypotension', { systolicBelow: 90, diastolicBelow: 50 }],
    ['bradycardiaBelow', 50],
    ['respiratory', { spo2Below: 92, rateBelow: 10 }],
    ['sedation', { moderateAtOrBelow: 3, deepAtOrBelow: 1 }],
    ['dissociation', { markedTotal: 12, markedItem: 4 }],
    ['monitoringOverdueMinutes', 10],
    ['noPredoseAfterMinutes', 15],
    ['phq9', { maxMissingItems: 2, worseningPoints: 5 }],
    [
      'misuse',
      {
        sessionsPer7Days: 3,
        rollingDays: 7,
        doseEscalationFactor: 1.5,
        earlySessionRequestsPer30Days: 2,
        earlyRequestWindowDays: 30,
      },
    ],
    ['tolerance', { sessions: 3, ratio: 0.5 }],
    ['nonresponseAfterSessions', 6],
    ['followup', { lookbackDays: 14 }],
    [
      'response',
      {
        baselineWindowDays: 30,
        preDoseWindowHours: 24,
        window24h: { min: 12, max: 36, target: 24 },
        window72h: { min: 48, max: 96, target: 72 },
        responseRatio: 0.5,
        partialReductionMin: 0.25,
        remissionBelow: 5,
      },
    ],
  ])('%s', (key, expected) => {
    expect((DEFAULT_THRESHOLDS as unknown as Record<string, unknown>)[key]).toEqual(expected);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_THRESHOLDS.response.window24h)).toBe(true);
    expect(() => {
      (DEFAULT_THRESHOLDS.bp as { severeSystolic: number }).severeSystolic = 200;
    }).toThrow(TypeError);
  });
});

describe('mergeThresholds', () => {
  it('applies nested overrides and keeps the other defaults', () => {
    const merged = mergeThresholds({
      bp: { severeSystolic: 170 },
      response: { window24h: { min: 18 } },
      scheduledObservationMinutes: [0, 40, 120],
    });
    expect(merged.bp).toEqual({ ...DEFAULT_THRESHOLDS.bp, severeSystolic: 170 });
    expect(merged.response.window24h).toEqual({ min: 18, max: 36, target: 24 });
    expect(merged.scheduledObservationMinutes).toEqual([0, 40, 120]);
    expect(merged.minMonitoringMinutes).toEqual(DEFAULT_THRESHOLDS.minMonitoringMinutes);
    expect(DEFAULT_THRESHOLDS.bp.severeSystolic).toBe(180);
  });

  it('returns a mutable copy without overrides', () => {
    const merged = mergeThresholds(undefined);
    expect(merged).toEqual(DEFAULT_THRESHOLDS);
    merged.hrTachycardia = 130;
    merged.scheduledObservationMinutes.push(150);
    expect(DEFAULT_THRESHOLDS.hrTachycardia).toBe(120);
    expect(DEFAULT_THRESHOLDS.scheduledObservationMinutes).toHaveLength(7);
  });

  it('ignores keys that are not thresholds', () => {
    const merged = mergeThresholds({ unknownRule: 1 } as never);
    expect(merged).not.toHaveProperty('unknownRule');
  });
});

describe('item 9 cut-off (CLINICAL.md s4 v2: fixed at 1)', () => {
  it('is not a clinic threshold, but GET shows it as 1', () => {
    expect(DEFAULT_THRESHOLDS.phq9).not.toHaveProperty('item9AtLeast');
    const stored = {
      phq9: { item9AtLeast: 3, worseningPoints: 6 },
    } as unknown as ThresholdOverrides;
    const shown = thresholdsInForce(mergeThresholds(stored));
    expect(shown.phq9).toEqual({ maxMissingItems: 2, worseningPoints: 6, item9AtLeast: 1 });
  });

  it.each<[string, unknown, unknown]>([
    ['nothing stored', null, {}],
    ['only item 9 stored', { phq9: { item9AtLeast: 2 } }, {}],
    [
      'item 9 beside other changes',
      { phq9: { item9AtLeast: 2, worseningPoints: 6 }, bradycardiaBelow: 45 },
      { phq9: { worseningPoints: 6 }, bradycardiaBelow: 45 },
    ],
  ])('a stored override is dropped: %s', (_label, stored, expected) => {
    expect(withoutFixedThresholds(stored as ThresholdOverrides)).toEqual(expected);
  });
});

describe('validateThresholdOverrides', () => {
  it.each<[string, unknown]>([
    ['no change', {}],
    ['every default', DEFAULT_THRESHOLDS],
    ['a severe systolic of 170', { bp: { severeSystolic: 170 } }],
    [
      'the lowest and highest allowed',
      { bp: { severeSystolic: 260, riseSystolic: 5 }, hrTachycardia: 60 },
    ],
    ['a shorter schedule', { scheduledObservationMinutes: [0, 40, 120] }],
    ['a ratio inside 0-1', { tolerance: { ratio: 0.4 }, response: { responseRatio: 0.6 } }],
    ['a longer esketamine monitoring time', { minMonitoringMinutes: { esketamine: 150 } }],
    ['a moved 24-h window', { response: { window24h: { min: 18, target: 24, max: 30 } } }],
    ['no missing PHQ-9 items allowed', { phq9: { maxMissingItems: 0 } }],
    [
      'new fields',
      {
        followup: { lookbackDays: 30 },
        misuse: { rollingDays: 10, earlyRequestWindowDays: 60 },
      },
    ],
    [
      'the v2 thresholds at their bounds',
      {
        hypotension: { systolicBelow: 110, diastolicBelow: 40 },
        bradycardiaBelow: 35,
        noPredoseAfterMinutes: 60,
      },
    ],
    [
      'the v2 thresholds at their other bounds',
      { hypotension: { systolicBelow: 70, diastolicBelow: 69 }, bradycardiaBelow: 60 },
    ],
  ])('accepts %s', (_label, value) => {
    expect(validateThresholdOverrides(value)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 5, ['thresholds must be an object']],
    ['an array', [], ['thresholds must be an object']],
    ['null', null, ['thresholds must be an object']],
    ['an unknown key', { nonsense: 1 }, ['thresholds.nonsense is not a threshold']],
    ['an unknown nested key', { bp: { severe: 170 } }, ['thresholds.bp.severe is not a threshold']],
    ['a number for a group', { bp: 170 }, ['thresholds.bp must be an object']],
    [
      'a group for a number',
      { hrTachycardia: { value: 130 } },
      ['thresholds.hrTachycardia must be a number from 60 to 250'],
    ],
    [
      'a systolic of 5000',
      { bp: { severeSystolic: 5000 } },
      ['thresholds.bp.severeSystolic must be a number from 100 to 260'],
    ],
    [
      'a systolic of 99',
      { bp: { predoseSystolic: 99 } },
      ['thresholds.bp.predoseSystolic must be a number from 100 to 260'],
    ],
    [
      'a string',
      { bp: { severeSystolic: '170' } },
      ['thresholds.bp.severeSystolic must be a number from 100 to 260'],
    ],
    ['null', { hrTachycardia: null }, ['thresholds.hrTachycardia must be a number from 60 to 250']],
    [
      'NaN',
      { hrTachycardia: Number.NaN },
      ['thresholds.hrTachycardia must be a number from 60 to 250'],
    ],
    [
      'Infinity',
      { monitoringOverdueMinutes: Infinity },
      ['thresholds.monitoringOverdueMinutes must be a number from 1 to 240'],
    ],
    [
      'a fraction of a MOAA/S',
      { sedation: { moderateAtOrBelow: 2.5 } },
      ['thresholds.sedation.moderateAtOrBelow must be an integer from 0 to 4'],
    ],
    [
      'a MOAA/S of 5 for sedation',
      { sedation: { moderateAtOrBelow: 5 } },
      ['thresholds.sedation.moderateAtOrBelow must be an integer from 0 to 4'],
    ],
    [
      'a ratio of 0',
      { tolerance: { ratio: 0 } },
      ['thresholds.tolerance.ratio must be a number greater than 0 and less than 1'],
    ],
    [
      'a ratio of 1',
      { response: { responseRatio: 1 } },
      ['thresholds.response.responseRatio must be a number greater than 0 and less than 1'],
    ],
    ...[0, 1, 2].map((value): [string, unknown, string[]] => [
      `item 9 at ${value} (v2: fixed, whatever the value)`,
      { phq9: { item9AtLeast: value } },
      [
        'thresholds.phq9.item9AtLeast is fixed at 1 and cannot be changed: any item 9 answer >= 1 ' +
          'needs same-day clinician review (CLINICAL.md s4 v2)',
      ],
    ]),
    [
      'a hypotension systolic limit of 69',
      { hypotension: { systolicBelow: 69 } },
      ['thresholds.hypotension.systolicBelow must be a number from 70 to 110'],
    ],
    [
      'a hypotension systolic limit of 111',
      { hypotension: { systolicBelow: 111 } },
      ['thresholds.hypotension.systolicBelow must be a number from 70 to 110'],
    ],
    [
      'a hypotension diastolic limit of 39',
      { hypotension: { diastolicBelow: 39 } },
      ['thresholds.hypotension.diastolicBelow must be a number from 40 to 70'],
    ],
    [
      'a hypotension diastolic limit not below the systolic one',
      { hypotension: { systolicBelow: 70, diastolicBelow: 70 } },
      [
        'thresholds.hypotension.diastolicBelow (70) must be below thresholds.hypotension.systolicBelow (70)',
      ],
    ],
    [
      'a bradycardia limit of 34',
      { bradycardiaBelow: 34 },
      ['thresholds.bradycardiaBelow must be a number from 35 to 60'],
    ],
    [
      'a bradycardia limit of 61',
      { bradycardiaBelow: 61 },
      ['thresholds.bradycardiaBelow must be a number from 35 to 60'],
    ],
    [
      'a bradycardia limit not below the tachycardia one',
      { bradycardiaBelow: 60, hrTachycardia: 60 },
      ['thresholds.bradycardiaBelow (60) must be below thresholds.hrTachycardia (60)'],
    ],
    [
      'no pre-dose BP after 4 min',
      { noPredoseAfterMinutes: 4 },
      ['thresholds.noPredoseAfterMinutes must be an integer from 5 to 60'],
    ],
    [
      'no pre-dose BP after 61 min',
      { noPredoseAfterMinutes: 61 },
      ['thresholds.noPredoseAfterMinutes must be an integer from 5 to 60'],
    ],
    [
      'esketamine monitoring below the REMS 120 min',
      { minMonitoringMinutes: { esketamine: 60 } },
      ['thresholds.minMonitoringMinutes.esketamine must be a number from 120 to 1440'],
    ],
    [
      'a look-back of 0 days',
      { followup: { lookbackDays: 0 } },
      ['thresholds.followup.lookbackDays must be an integer from 1 to 365'],
    ],
    [
      'two errors',
      { bp: { severeSystolic: 0, severeDiastolic: 0 } },
      [
        'thresholds.bp.severeSystolic must be a number from 100 to 260',
        'thresholds.bp.severeDiastolic must be a number from 60 to 160',
      ],
    ],
  ])('rejects %s', (_label, value, errors) => {
    expect(validateThresholdOverrides(value)).toEqual(errors);
  });

  const SCHEDULE_ERROR =
    'thresholds.scheduledObservationMinutes must be a non-empty list of whole minutes from 0 to 720, ascending without repeats';
  it.each<[string, unknown]>([
    ['empty', []],
    ['repeated', [0, 15, 15]],
    ['descending', [15, 0]],
    ['past 720', [0, 721]],
    ['negative', [-5, 0]],
    ['fractional', [0, 7.5]],
    ['not a list', 15],
  ])('rejects a schedule that is %s', (_label, schedule) => {
    expect(validateThresholdOverrides({ scheduledObservationMinutes: schedule })).toEqual([
      SCHEDULE_ERROR,
    ]);
  });

  it.each<[string, ThresholdOverrides, string]>([
    [
      'deep sedation above moderate',
      { sedation: { deepAtOrBelow: 4 } },
      'thresholds.sedation.deepAtOrBelow (4) must not be above thresholds.sedation.moderateAtOrBelow (3)',
    ],
    [
      'a pre-dose systolic at the severe one',
      { bp: { predoseSystolic: 180 } },
      'thresholds.bp.predoseSystolic (180) must be below thresholds.bp.severeSystolic (180)',
    ],
    [
      'a severe diastolic at the pre-dose one',
      { bp: { severeDiastolic: 90 } },
      'thresholds.bp.predoseDiastolic (90) must be below thresholds.bp.severeDiastolic (90)',
    ],
    [
      'a 24-h window starting after its target',
      { response: { window24h: { min: 30 } } },
      'thresholds.response.window24h.min (30) must be below thresholds.response.window24h.target (24)',
    ],
    [
      'a 72-h window ending before its target',
      { response: { window72h: { max: 70 } } },
      'thresholds.response.window72h.target (72) must be below thresholds.response.window72h.max (70)',
    ],
    [
      'a partial reduction reaching a response',
      { response: { partialReductionMin: 0.5 } },
      'thresholds.response.partialReductionMin (0.5) must be below the reduction of a response (1 - thresholds.response.responseRatio = 0.5)',
    ],
  ])('rejects %s (checked on the merged result)', (_label, value, error) => {
    expect(validateThresholdOverrides(value)).toEqual([error]);
  });

  it('judges cross-field rules on the change merged over the defaults', () => {
    expect(validateThresholdOverrides({ sedation: { deepAtOrBelow: 2 } })).toEqual([]);
    expect(
      validateThresholdOverrides({ sedation: { deepAtOrBelow: 4, moderateAtOrBelow: 4 } }),
    ).toEqual([]);
    expect(
      validateThresholdOverrides({ bp: { predoseSystolic: 180, severeSystolic: 190 } }),
    ).toEqual([]);
  });
});

describe('doseLimits (CLINICAL.md s2 v2): a clinic may lower them, never raise them', () => {
  it('defaults to the s2 table (mg/kg; esketamine in mg)', () => {
    expect(DEFAULT_THRESHOLDS.doseLimits).toEqual({
      'ketamine.iv': { usualMax: 0.75, sanityMax: 1 },
      'ketamine.im': { usualMax: 1, sanityMax: 2 },
      // s2 has no usual flag for oral/sublingual: the usual maximum is the sanity maximum
      'ketamine.oral': { usualMax: 7, sanityMax: 7 },
      'ketamine.sublingual': { usualMax: 7, sanityMax: 7 },
      'esketamine.intranasal': { usualMax: 84, sanityMax: 112 },
    });
  });

  it.each<[string, ThresholdOverrides]>([
    ['IV ketamine lowered', { doseLimits: { 'ketamine.iv': { usualMax: 0.5, sanityMax: 0.8 } } }],
    [
      'IV ketamine at the s2 values',
      { doseLimits: { 'ketamine.iv': { usualMax: 0.75, sanityMax: 1 } } },
    ],
    ['only one field', { doseLimits: { 'ketamine.im': { sanityMax: 1.5 } } }],
    [
      'usual equal to sanity',
      { doseLimits: { 'esketamine.intranasal': { usualMax: 84, sanityMax: 84 } } },
    ],
    ['oral usual lowered', { doseLimits: { 'ketamine.oral': { usualMax: 3 } } }],
  ])('accepts %s', (_label, value) => {
    expect(validateThresholdOverrides(value)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      'an IV sanity maximum just above s2',
      { doseLimits: { 'ketamine.iv': { sanityMax: 1.01 } } },
      'thresholds.doseLimits.ketamine.iv.sanityMax must be a number from 0.01 to 1',
    ],
    [
      'an IV usual maximum above s2',
      { doseLimits: { 'ketamine.iv': { usualMax: 0.8 } } },
      'thresholds.doseLimits.ketamine.iv.usualMax must be a number from 0.01 to 0.75',
    ],
    [
      'an esketamine sanity maximum of 140 mg',
      { doseLimits: { 'esketamine.intranasal': { sanityMax: 140 } } },
      'thresholds.doseLimits.esketamine.intranasal.sanityMax must be a number from 28 to 112',
    ],
    [
      'an oral usual maximum above the s2 maximum',
      { doseLimits: { 'ketamine.oral': { usualMax: 8 } } },
      'thresholds.doseLimits.ketamine.oral.usualMax must be a number from 0.01 to 7',
    ],
    [
      'a zero sanity maximum',
      { doseLimits: { 'ketamine.im': { sanityMax: 0 } } },
      'thresholds.doseLimits.ketamine.im.sanityMax must be a number from 0.01 to 2',
    ],
    [
      'the v1 key spelling',
      { doseLimits: { 'ketamine:iv': { sanityMax: 5 } } },
      'thresholds.doseLimits.ketamine:iv is not a threshold',
    ],
    [
      'a route without limits',
      { doseLimits: { 'ketamine.intranasal': { sanityMax: 5 } } },
      'thresholds.doseLimits.ketamine.intranasal is not a threshold',
    ],
    [
      'a null usual maximum',
      { doseLimits: { 'ketamine.iv': { usualMax: null } } },
      'thresholds.doseLimits.ketamine.iv.usualMax must be a number from 0.01 to 0.75',
    ],
    [
      'a usual maximum above the sanity maximum',
      { doseLimits: { 'ketamine.iv': { usualMax: 0.7, sanityMax: 0.6 } } },
      'thresholds.doseLimits.ketamine.iv.usualMax (0.7) must not be above thresholds.doseLimits.ketamine.iv.sanityMax (0.6)',
    ],
    [
      'a sanity maximum lowered below the default usual maximum',
      { doseLimits: { 'ketamine.iv': { sanityMax: 0.7 } } },
      'thresholds.doseLimits.ketamine.iv.usualMax (0.75) must not be above thresholds.doseLimits.ketamine.iv.sanityMax (0.7)',
    ],
  ])('rejects %s', (_label, value, error) => {
    expect(validateThresholdOverrides(value)).toEqual([error]);
  });

  it('merges a clinic change over the s2 defaults of the other rows', () => {
    const t = mergeThresholds({ doseLimits: { 'ketamine.iv': { sanityMax: 0.9 } } });
    expect(t.doseLimits['ketamine.iv']).toEqual({ usualMax: 0.75, sanityMax: 0.9 });
    expect(t.doseLimits['esketamine.intranasal']).toEqual({ usualMax: 84, sanityMax: 112 });
  });
});
