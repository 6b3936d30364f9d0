import { SAFETY_FLOORS } from './safety-floors';
import {
  PSYCHIATRIST_ONLY_THRESHOLDS,
  psychiatristOnlyThresholdsNamed,
  storedThresholdOverrides,
  withoutFixedThresholds,
  withoutUnsafeThresholds,
} from './threshold-overrides';
import { validateThresholdOverrides } from './threshold-validation';
import {
  DEFAULT_THRESHOLDS,
  mergeThresholds,
  type ThresholdOverrides,
  thresholdChanges,
  thresholdsInForce,
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
    ['the strictest allowed', { bp: { severeSystolic: 150, riseSystolic: 5 }, hrTachycardia: 60 }],
    ['a shorter schedule', { scheduledObservationMinutes: [0, 40, 120] }],
    ['a schedule of the 40-min reading alone', { scheduledObservationMinutes: [40] }],
    ['a ratio inside 0-1', { tolerance: { ratio: 0.6 }, response: { responseRatio: 0.6 } }],
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
        hypotension: { systolicBelow: 110, diastolicBelow: 50 },
        bradycardiaBelow: 50,
        noPredoseAfterMinutes: 30,
      },
    ],
    [
      'the v2 thresholds at their other bounds',
      { hypotension: { systolicBelow: 90, diastolicBelow: 70 }, bradycardiaBelow: 60 },
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
      [
        'thresholds.bp.severeSystolic must be at most 180: safety floor (CLINICAL.md s4 bp.severe "systolic >= 180" (the s3 discharge ceiling))',
      ],
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
      { response: { partialReductionMin: 0 } },
      ['thresholds.response.partialReductionMin must be a number greater than 0 and less than 1'],
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
      'a hypotension systolic limit of 89 (the safety floor)',
      { hypotension: { systolicBelow: 89 } },
      [
        'thresholds.hypotension.systolicBelow must be at least 90: safety floor (CLINICAL.md s4 v2 bp.hypotension "systolic < 90" (common adult definition))',
      ],
    ],
    [
      'a hypotension systolic limit of 111',
      { hypotension: { systolicBelow: 111 } },
      ['thresholds.hypotension.systolicBelow must be a number from 70 to 110'],
    ],
    [
      'a hypotension diastolic limit of 71',
      { hypotension: { diastolicBelow: 71 } },
      ['thresholds.hypotension.diastolicBelow must be a number from 40 to 70'],
    ],
    [
      'a bradycardia limit of 49 (the safety floor)',
      { bradycardiaBelow: 49 },
      [
        'thresholds.bradycardiaBelow must be at least 50: safety floor (CLINICAL.md s4 v2 hr.bradycardia "heart rate < 50" (AHA/ACC/HRS 2018))',
      ],
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
      'no pre-dose BP after 31 min (the safety floor)',
      { noPredoseAfterMinutes: 31 },
      [
        'thresholds.noPredoseAfterMinutes must be at most 30: safety floor (CLINICAL.md s4 v2 monitoring.no_predose (default 15): raised before the 40-min reading of s3, when the BP rise over the pre-dose reading must be judged)',
      ],
    ],
    [
      'esketamine monitoring below the REMS 120 min',
      { minMonitoringMinutes: { esketamine: 60 } },
      [
        'thresholds.minMonitoringMinutes.esketamine must be at least 120: safety floor (CLINICAL.md s3, Spravato REMS: 120 min for esketamine)',
      ],
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
      'a severe systolic at the pre-dose one',
      { bp: { severeSystolic: 140 } },
      'thresholds.bp.predoseSystolic (140) must be below thresholds.bp.severeSystolic (140)',
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
      validateThresholdOverrides({ bp: { predoseSystolic: 120, severeSystolic: 130 } }),
    ).toEqual([]);
  });
});

/** Builds the nested override for a path: ('discharge.spo2Min', 89) -> { discharge: { spo2Min: 89 } }. */
function at(path: string, value: unknown): ThresholdOverrides {
  const [group, key] = path.split('.');
  return key === undefined ? { [group]: value } : { [group]: { [key]: value } };
}

describe('safety floors (API.md v2 "Accounts and administration", CLINICAL.md s1-s4)', () => {
  // [path, the least safe value allowed, a value just past it]: API.md's list first, then the
  // CLINICAL.md values that keep every alert alive.
  it.each<[string, number, number]>([
    ['minMonitoringMinutes.ketamine', 30, 29],
    ['minMonitoringMinutes.esketamine', 120, 119],
    ['discharge.moaasRequired', 5, 4],
    ['discharge.cadss6TotalMax', 4, 5],
    ['discharge.spo2Min', 90, 89],
    ['discharge.systolicBelow', 180, 181],
    ['discharge.diastolicBelow', 110, 111],
    ['monitoringOverdueMinutes', 10, 11],
    ['noPredoseAfterMinutes', 30, 31],
    ['bp.predoseSystolic', 140, 141],
    ['bp.predoseDiastolic', 90, 91],
    ['bp.severeSystolic', 180, 181],
    ['bp.severeDiastolic', 110, 111],
    ['bp.riseSystolic', 40, 41],
    ['bp.riseDiastolic', 25, 26],
    ['hrTachycardia', 120, 121],
    ['hypotension.systolicBelow', 90, 89],
    ['hypotension.diastolicBelow', 50, 49],
    ['bradycardiaBelow', 50, 49],
    ['respiratory.spo2Below', 90, 89],
    ['respiratory.rateBelow', 10, 9],
    ['sedation.moderateAtOrBelow', 3, 2],
    ['sedation.deepAtOrBelow', 1, 0],
    ['dissociation.markedTotal', 12, 13],
    ['phq9.worseningPoints', 5, 6],
    ['misuse.sessionsPer7Days', 3, 4],
    ['misuse.rollingDays', 7, 6],
    ['misuse.doseEscalationFactor', 1.5, 1.6],
    ['misuse.earlySessionRequestsPer30Days', 2, 3],
    ['misuse.earlyRequestWindowDays', 30, 29],
    ['tolerance.sessions', 3, 4],
    ['tolerance.ratio', 0.5, 0.49],
  ])('%s: %d is allowed, %d is refused naming the field', (path, floor, past) => {
    expect(validateThresholdOverrides(at(path, floor))).toEqual([]);
    const errors = validateThresholdOverrides(at(path, past));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^thresholds\\.${path.replace('.', '\\.')} must be .*: safety floor \\(.+\\)$`),
    );
  });

  it.each<[string, ThresholdOverrides, string]>([
    // the attack of issue 19, one value at a time
    [
      'no monitoring after IV ketamine',
      { minMonitoringMinutes: { ketamine: 0 } },
      'thresholds.minMonitoringMinutes.ketamine must be at least 30: safety floor (API.md v2 safety floors)',
    ],
    [
      'discharge whatever the sedation',
      { discharge: { moaasRequired: 0 } },
      'thresholds.discharge.moaasRequired must be 5: safety floor (API.md v2 safety floors; CLINICAL.md s3 "latest MOAA/S = 5")',
    ],
    [
      'discharge whatever the dissociation',
      { discharge: { cadss6TotalMax: 24 } },
      'thresholds.discharge.cadss6TotalMax must be at most 4: safety floor (API.md v2 safety floors)',
    ],
    [
      'a schedule without the 40-min reading',
      { scheduledObservationMinutes: [0, 15, 30, 60, 120] },
      'thresholds.scheduledObservationMinutes must include 40 min: safety floor (CLINICAL.md s3 "observations due at least: pre-dose, 40 min, and before discharge" (BP peaks about 40 min after dosing, s1; the REMS form asks for the 40-min BP))',
    ],
  ])('refuses %s', (_label, value, error) => {
    expect(validateThresholdOverrides(value)).toEqual([error]);
  });

  it('refuses a malformed value for its form, not for the floor', () => {
    expect(validateThresholdOverrides({ discharge: { spo2Min: '89' } })).toEqual([
      'thresholds.discharge.spo2Min must be a number from 80 to 100',
    ]);
    expect(validateThresholdOverrides({ scheduledObservationMinutes: [40, 15] })).toHaveLength(1);
    expect(validateThresholdOverrides({ scheduledObservationMinutes: [40, 15] })[0]).toMatch(
      /ascending without repeats$/,
    );
  });

  it('names every crossing of one change', () => {
    expect(
      validateThresholdOverrides({
        minMonitoringMinutes: { ketamine: 0 },
        discharge: { moaasRequired: 0, cadss6TotalMax: 24 },
      }).map((e) => e.split(' must ')[0]),
    ).toEqual([
      'thresholds.minMonitoringMinutes.ketamine',
      'thresholds.discharge.moaasRequired',
      'thresholds.discharge.cadss6TotalMax',
    ]);
  });

  it('every floor names a threshold, has a source, and the CLINICAL.md defaults respect it', () => {
    for (const [path, floor] of Object.entries(SAFETY_FLOORS)) {
      const [group, key] = path.split('.');
      const thresholds = DEFAULT_THRESHOLDS as unknown as Record<string, unknown>;
      const value =
        key === undefined ? thresholds[group] : (thresholds[group] as Record<string, unknown>)[key];
      expect([path, value === undefined]).toEqual([path, false]);
      expect(floor.source.length).toBeGreaterThan(10);
      expect([path, validateThresholdOverrides(at(path, value))]).toEqual([path, []]);
    }
  });

  it('drops stored values that cross a floor (set before the floors), keeping the rest', () => {
    const stored = {
      minMonitoringMinutes: { ketamine: 0, esketamine: 150 },
      discharge: { moaasRequired: 0, cadss6TotalMax: 24 },
      scheduledObservationMinutes: [0, 60],
      bp: { severeSystolic: 170 },
      phq9: { item9AtLeast: 3 },
    } as ThresholdOverrides;
    expect(withoutUnsafeThresholds(stored)).toEqual({
      minMonitoringMinutes: { esketamine: 150 },
      bp: { severeSystolic: 170 },
      phq9: { item9AtLeast: 3 },
    });
    expect(storedThresholdOverrides(stored)).toEqual({
      minMonitoringMinutes: { esketamine: 150 },
      bp: { severeSystolic: 170 },
    });
    const applied = mergeThresholds(storedThresholdOverrides(stored));
    expect(applied.minMonitoringMinutes).toEqual({ esketamine: 150, ketamine: 60 });
    expect(applied.discharge.moaasRequired).toBe(5);
    expect(applied.scheduledObservationMinutes).toEqual(
      DEFAULT_THRESHOLDS.scheduledObservationMinutes,
    );
  });
});

describe('psychiatrist-only thresholds (API.md v2: discharge and monitoring criteria)', () => {
  it.each<[string, unknown, string[]]>([
    ['a discharge criterion', { discharge: { spo2Min: 95 } }, ['discharge']],
    ['an empty discharge group (it still names it)', { discharge: {} }, ['discharge']],
    [
      'the minimum monitoring',
      { minMonitoringMinutes: { ketamine: 90 } },
      ['minMonitoringMinutes'],
    ],
    ['the schedule', { scheduledObservationMinutes: [0, 40] }, ['scheduledObservationMinutes']],
    ['the overdue delay', { monitoringOverdueMinutes: 5 }, ['monitoringOverdueMinutes']],
    ['the no-pre-dose delay', { noPredoseAfterMinutes: 10 }, ['noPredoseAfterMinutes']],
    [
      'alerts and discharge together',
      { bp: { severeSystolic: 170 }, discharge: { cadss6TotalMax: 2 } },
      ['discharge'],
    ],
    ['alerts only', { bp: { severeSystolic: 170 }, hrTachycardia: 110 }, []],
    ['not an object', 5, []],
  ])('%s', (_label, change, named) => {
    expect(psychiatristOnlyThresholdsNamed(change)).toEqual(named);
  });

  it('lists only threshold groups', () => {
    for (const key of PSYCHIATRIST_ONLY_THRESHOLDS) expect(DEFAULT_THRESHOLDS).toHaveProperty(key);
  });
});

describe('thresholdChanges (the audit entry of a change)', () => {
  it('lists the values in force that moved, by path, before and after', () => {
    const before = mergeThresholds({ bp: { severeSystolic: 170 } });
    const after = mergeThresholds({
      bp: { severeSystolic: 175 },
      discharge: { spo2Min: 95 },
      scheduledObservationMinutes: [0, 40, 120],
    });
    expect(thresholdChanges(before, after)).toEqual({
      before: {
        scheduledObservationMinutes: [0, 15, 30, 40, 60, 90, 120],
        'discharge.spo2Min': 94,
        'bp.severeSystolic': 170,
      },
      after: {
        scheduledObservationMinutes: [0, 40, 120],
        'discharge.spo2Min': 95,
        'bp.severeSystolic': 175,
      },
    });
  });

  it('is empty when nothing in force changed (a value set to its default)', () => {
    expect(thresholdChanges(DEFAULT_THRESHOLDS, mergeThresholds({ hrTachycardia: 120 }))).toEqual({
      before: {},
      after: {},
    });
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
