import {
  type MonitoringObservation,
  UNKNOWN_INFUSION_REASON,
  dischargeReadiness,
  readyAtOf,
  minimumMonitoringEnd,
  nonTimeCriteria,
  preDoseReading,
} from './discharge';
import { DEFAULT_THRESHOLDS, mergeThresholds } from './thresholds';

const START = '2026-03-02T10:00:00.000Z';
/** ISO time `minutes` after the dose start. */
const t = (minutes: number): string => new Date(Date.parse(START) + minutes * 60_000).toISOString();

const obs = (
  minutes: number,
  fields: Partial<MonitoringObservation> = {},
): MonitoringObservation => ({
  id: `o${minutes}`,
  recordedAt: t(minutes),
  systolic: null,
  diastolic: null,
  spo2: null,
  moaas: null,
  cadss6Total: null,
  ...fields,
});

/** An observation meeting every discharge criterion. */
const fine = (
  minutes: number,
  fields: Partial<MonitoringObservation> = {},
): MonitoringObservation =>
  obs(minutes, { systolic: 135, diastolic: 85, spo2: 97, moaas: 5, cadss6Total: 0, ...fields });

const PRE = obs(-5, { systolic: 130, diastolic: 80, moaas: 5, spo2: 98 });

describe('preDoseReading', () => {
  it('is the last observation with a BP at or before the dose start', () => {
    const list = [
      obs(15, { systolic: 150, diastolic: 90 }),
      obs(0, { systolic: 132, diastolic: 82 }),
      obs(-10, { systolic: 130, diastolic: 80 }),
      obs(-2, { moaas: 5 }),
    ];
    expect(preDoseReading(list, START)?.id).toBe('o0');
  });

  it('skips readings without both BP values', () => {
    const list = [
      obs(-10, { systolic: 128, diastolic: 78 }),
      obs(-3, { systolic: 140, diastolic: null }),
    ];
    expect(preDoseReading(list, START)?.id).toBe('o-10');
  });

  it('is null without a reading before the dose', () => {
    expect(preDoseReading([obs(1, { systolic: 130, diastolic: 80 })], START)).toBeNull();
    expect(preDoseReading([], START)).toBeNull();
  });
});

describe('minimumMonitoringEnd', () => {
  it.each([
    ['esketamine: 120 min after the dose start', { drug: 'esketamine', route: 'intranasal' }, 120],
    [
      'esketamine ignores an infusion length',
      { drug: 'esketamine', route: 'intranasal', infusionMinutes: 40 },
      120,
    ],
    [
      'IV ketamine: 60 min after a 40-min infusion',
      { drug: 'ketamine', route: 'iv', infusionMinutes: 40 },
      100,
    ],
    [
      'IM ketamine: 60 min after the injection',
      { drug: 'ketamine', route: 'im', infusionMinutes: null },
      60,
    ],
    ['IV ketamine, 1-min infusion', { drug: 'ketamine', route: 'iv', infusionMinutes: 1 }, 61],
    ['IM ketamine without infusion length', { drug: 'ketamine', route: 'im' }, 60],
    // s2 v2: IV ketamine requires the infusion length; without it the end is not guessed
    ['IV ketamine without infusion length: unknown', { drug: 'ketamine', route: 'iv' }, null],
    [
      'IV ketamine with a null infusion length: unknown',
      { drug: 'ketamine', route: 'iv', infusionMinutes: null },
      null,
    ],
  ] as const)('%s', (_label, session, minutes) => {
    expect(minimumMonitoringEnd({ ...session, startedAt: START })?.toISOString() ?? null).toBe(
      minutes === null ? null : t(minutes),
    );
  });

  it('reads the clinic thresholds', () => {
    const thresholds = mergeThresholds({ minMonitoringMinutes: { esketamine: 150, ketamine: 90 } });
    expect(
      minimumMonitoringEnd(
        { drug: 'esketamine', route: 'intranasal', startedAt: START },
        thresholds,
      )?.toISOString(),
    ).toBe(t(150));
    expect(
      minimumMonitoringEnd(
        { drug: 'ketamine', route: 'iv', startedAt: new Date(START), infusionMinutes: 40 },
        thresholds,
      )?.toISOString(),
    ).toBe(t(130));
  });
});

describe('nonTimeCriteria', () => {
  it.each<[string, MonitoringObservation[], string[]]>([
    ['all criteria met', [PRE, fine(60)], []],
    [
      'nothing recorded since the dose',
      [PRE],
      [
        'no MOAA/S recorded since the dose',
        'no CADSS-6 recorded since the dose',
        'no BP recorded since the dose',
        'no SpO2 recorded since the dose',
      ],
    ],
    ['MOAA/S 4', [PRE, fine(60, { moaas: 4 })], ['latest MOAA/S is 4 (must be 5)']],
    ['MOAA/S 3 then 5', [PRE, fine(30, { moaas: 3 }), obs(60, { moaas: 5 })], []],
    ['MOAA/S 5 then 4', [PRE, fine(30), obs(60, { moaas: 4 })], ['latest MOAA/S is 4 (must be 5)']],
    [
      'latest value kept when a later reading lacks it',
      [PRE, fine(60), obs(90, { systolic: 140, diastolic: 85 })],
      [],
    ],
    [
      'CADSS-6 total 3',
      [PRE, fine(60, { cadss6Total: 3 })],
      ['latest CADSS-6 total is 3 (must be 0)'],
    ],
    ['CADSS-6 8 then 0', [PRE, fine(40, { cadss6Total: 8 }), obs(100, { cadss6Total: 0 })], []],
    [
      'BP 182/100 (rise 32/20 is below the limit)',
      [obs(-5, { systolic: 150, diastolic: 80 }), fine(60, { systolic: 182, diastolic: 100 })],
      ['BP 182/100 is not below 180/110'],
    ],
    [
      'BP 150/110',
      [obs(-5, { systolic: 140, diastolic: 90 }), fine(60, { systolic: 150, diastolic: 110 })],
      ['BP 150/110 is not below 180/110'],
    ],
    [
      'BP 179/109, rise 29/19',
      [obs(-5, { systolic: 150, diastolic: 90 }), fine(60, { systolic: 179, diastolic: 109 })],
      [],
    ],
    [
      'systolic rise of exactly 40',
      [PRE, fine(60, { systolic: 170, diastolic: 95 })],
      ['BP 170/95 has risen 40/15 over the pre-dose 130/80 (rise must stay below 40/25)'],
    ],
    [
      'diastolic rise of exactly 25',
      [PRE, fine(60, { systolic: 150, diastolic: 105 })],
      ['BP 150/105 has risen 20/25 over the pre-dose 130/80 (rise must stay below 40/25)'],
    ],
    ['rise of 39/24', [PRE, fine(60, { systolic: 169, diastolic: 104 })], []],
    [
      'no pre-dose reading: the rise is not judged',
      [fine(60, { systolic: 170, diastolic: 95 })],
      [],
    ],
    [
      'severe and risen',
      [PRE, fine(60, { systolic: 185, diastolic: 112 })],
      [
        'BP 185/112 is not below 180/110',
        'BP 185/112 has risen 55/32 over the pre-dose 130/80 (rise must stay below 40/25)',
      ],
    ],
    ['SpO2 93', [PRE, fine(60, { spo2: 93 })], ['latest SpO2 is 93% (must be at least 94%)']],
    ['SpO2 94', [PRE, fine(60, { spo2: 94 })], []],
    [
      'pre-dose values do not count as post-dose',
      [
        obs(-5, { systolic: 130, diastolic: 80, moaas: 5, spo2: 98, cadss6Total: 0 }),
        obs(30, { systolic: 135, diastolic: 85 }),
      ],
      [
        'no MOAA/S recorded since the dose',
        'no CADSS-6 recorded since the dose',
        'no SpO2 recorded since the dose',
      ],
    ],
    // s3 v2: a reading at exactly startedAt is the pre-dose reading
    [
      'an observation at the dose start is the pre-dose reading, not post-dose',
      [fine(0)],
      [
        'no MOAA/S recorded since the dose',
        'no CADSS-6 recorded since the dose',
        'no BP recorded since the dose',
        'no SpO2 recorded since the dose',
      ],
    ],
    ['an observation 1 min after the dose start is post-dose', [fine(1)], []],
  ])('%s', (_label, list, reasons) => {
    expect(nonTimeCriteria(list, START)).toEqual(reasons);
  });

  it('reads the clinic thresholds', () => {
    const thresholds = mergeThresholds({ discharge: { cadss6TotalMax: 2, spo2Min: 92 } });
    expect(
      nonTimeCriteria([PRE, fine(60, { cadss6Total: 2, spo2: 92 })], START, thresholds),
    ).toEqual([]);
    expect(nonTimeCriteria([PRE, fine(60, { cadss6Total: 3 })], START, thresholds)).toEqual([
      'latest CADSS-6 total is 3 (must be at most 2)',
    ]);
  });
});

describe('dischargeReadiness', () => {
  const esketamine = { drug: 'esketamine', route: 'intranasal', startedAt: START } as const;
  const course = [
    PRE,
    obs(15, { systolic: 150, diastolic: 90, moaas: 4, spo2: 96 }),
    obs(40, { systolic: 160, diastolic: 95, moaas: 3, cadss6Total: 9, spo2: 95 }),
    fine(60, { moaas: 4, cadss6Total: 2 }),
    fine(90),
    fine(120),
  ];

  it.each<[string, number, boolean, string[], string | null]>([
    [
      '47 min: sedated, dissociated, not long enough',
      47,
      false,
      [
        'minimum monitoring of 120 min not reached (47 min so far)',
        'latest MOAA/S is 3 (must be 5)',
        'latest CADSS-6 total is 9 (must be 0)',
      ],
      null,
    ],
    [
      '100 min: criteria met since 90 min',
      100,
      false,
      ['minimum monitoring of 120 min not reached (100 min so far)'],
      t(90),
    ],
    [
      '119 min 59 s',
      119 + 59 / 60,
      false,
      ['minimum monitoring of 120 min not reached (119 min so far)'],
      t(90),
    ],
    ['exactly 120 min', 120, true, [], t(90)],
  ])('esketamine at %s', (_label, minutes, ready, reasons, readyAt) => {
    expect(
      dischargeReadiness({
        session: esketamine,
        observations: course,
        openCriticalFlags: 0,
        now: t(minutes),
      }),
    ).toEqual({
      ready,
      reasons,
      readyAt,
      monitoringEndsAt: t(120),
    });
  });

  it('ignores observations recorded after now', () => {
    const result = dischargeReadiness({
      session: esketamine,
      observations: course,
      openCriticalFlags: 0,
      now: t(70),
    });
    expect(result.readyAt).toBeNull();
    expect(result.reasons).toContain('latest MOAA/S is 4 (must be 5)');
  });

  it.each([
    [1, '1 open critical flag on the session'],
    [2, '2 open critical flags on the session'],
  ])('%i open critical flag(s) block discharge', (count, reason) => {
    const result = dischargeReadiness({
      session: esketamine,
      observations: course,
      openCriticalFlags: count,
      now: t(130),
    });
    expect(result.ready).toBe(false);
    expect(result.reasons).toEqual([reason]);
    // s3 v2: no open critical flag is one of the non-time criteria, so readyAt is null
    expect(result.readyAt).toBeNull();
  });

  it('IV ketamine without its infusion length is never ready on time (s2 v2)', () => {
    const result = dischargeReadiness({
      session: { drug: 'ketamine', route: 'iv', startedAt: START, infusionMinutes: null },
      observations: [PRE, fine(30), fine(45)],
      openCriticalFlags: 0,
      now: t(600),
    });
    expect(result.ready).toBe(false);
    expect(result.reasons).toEqual([UNKNOWN_INFUSION_REASON]);
    expect(result.monitoringEndsAt).toBeNull();
    // readyAt is about the non-time criteria only: still recorded
    expect(result.readyAt).toBe(t(30));
  });

  it.each<[string, number | null, number, boolean, string[]]>([
    [
      'IV ketamine 40-min infusion at 99 min',
      40,
      99,
      false,
      [
        'minimum monitoring of 60 min after the 40 min infusion not reached (99 min since the dose, 100 min needed)',
      ],
    ],
    ['IV ketamine 40-min infusion at 100 min', 40, 100, true, []],
    [
      'IM ketamine at 59 min',
      null,
      59,
      false,
      ['minimum monitoring of 60 min not reached (59 min so far)'],
    ],
    ['IM ketamine at 60 min', null, 60, true, []],
  ])('%s', (_label, infusionMinutes, minutes, ready, reasons) => {
    const result = dischargeReadiness({
      session: {
        drug: 'ketamine',
        route: infusionMinutes === null ? 'im' : 'iv',
        startedAt: START,
        infusionMinutes,
      },
      observations: [PRE, fine(30, { moaas: 4 }), fine(45)],
      openCriticalFlags: 0,
      now: t(minutes),
    });
    expect(result.ready).toBe(ready);
    expect(result.reasons).toEqual(reasons);
    expect(result.readyAt).toBe(t(45));
    expect(result.monitoringEndsAt).toBe(t((infusionMinutes ?? 0) + 60));
  });

  it('readyAt restarts when a criterion fails again after it held', () => {
    const observations = [
      PRE,
      fine(30),
      fine(60, { systolic: 182, diastolic: 100 }),
      fine(90),
      fine(120),
    ];
    const result = dischargeReadiness({
      session: esketamine,
      observations,
      openCriticalFlags: 0,
      now: t(125),
    });
    expect(result).toEqual({ ready: true, reasons: [], readyAt: t(90), monitoringEndsAt: t(120) });
  });

  it('readyAt is null while a criterion fails, even after enough time', () => {
    const observations = [PRE, fine(30), fine(120, { spo2: 90 })];
    const result = dischargeReadiness({
      session: esketamine,
      observations,
      openCriticalFlags: 0,
      now: t(125),
    });
    expect(result).toEqual({
      ready: false,
      reasons: ['latest SpO2 is 90% (must be at least 94%)'],
      readyAt: null,
      monitoringEndsAt: t(120),
    });
  });

  it('judges observations given in any order, recorded as Dates', () => {
    const observations = [fine(90), PRE, obs(40, { moaas: 3, cadss6Total: 5 }), fine(20)].map(
      (o) => ({
        ...o,
        recordedAt: new Date(o.recordedAt),
      }),
    );
    const result = dischargeReadiness({
      session: esketamine,
      observations,
      openCriticalFlags: 0,
      now: new Date(t(121)),
    });
    expect(result).toEqual({ ready: true, reasons: [], readyAt: t(90), monitoringEndsAt: t(120) });
  });

  it('uses the clinic thresholds when given', () => {
    const thresholds = mergeThresholds({ minMonitoringMinutes: { esketamine: 90 } });
    const result = dischargeReadiness({
      session: esketamine,
      observations: course,
      openCriticalFlags: 0,
      now: t(95),
      thresholds,
    });
    expect(result.ready).toBe(true);
    expect(result.monitoringEndsAt).toBe(t(90));
    expect(DEFAULT_THRESHOLDS.minMonitoringMinutes.esketamine).toBe(120);
  });
});

describe('readyAt (CLINICAL.md s3 v2): start of the latest unbroken stretch', () => {
  const esk = { drug: 'esketamine', route: 'intranasal', startedAt: START } as const;
  const at = (minutes: number | null): string | null => (minutes === null ? null : t(minutes));

  it.each<[string, MonitoringObservation[], number, number | null]>([
    ['holds from the first post-dose reading', [PRE, fine(15), fine(40)], 60, 15],
    ['only a pre-dose reading: null', [PRE], 60, null],
    // a reading at exactly startedAt is the pre-dose reading: the stretch starts at the next one
    ['a fine reading at exactly startedAt is ignored', [fine(0), fine(15)], 60, 15],
    ['a fine reading at exactly startedAt alone: null', [fine(0)], 60, null],
    [
      'held, failed (MOAA/S 3), held again: the later stretch',
      [PRE, fine(15), fine(40, { moaas: 3 }), fine(60)],
      70,
      60,
    ],
    [
      'held, failed (BP 180/100 at the limit), held again',
      [PRE, fine(15), fine(40, { systolic: 180, diastolic: 100 }), fine(60)],
      70,
      60,
    ],
    [
      'held, then BP 179/109 just below the limit: unbroken',
      [
        obs(-5, { systolic: 150, diastolic: 90 }),
        fine(15),
        fine(40, { systolic: 179, diastolic: 109 }),
      ],
      70,
      15,
    ],
    ['failing now: null', [PRE, fine(15), fine(40, { cadss6Total: 1 })], 70, null],
    ['SpO2 93 then 94: from the 94', [PRE, fine(15, { spo2: 93 }), fine(30, { spo2: 94 })], 40, 30],
    ['a reading after now is not judged', [PRE, fine(15), fine(40, { moaas: 3 })], 30, 15],
    [
      'a partial reading keeps the latest of each measurement',
      [PRE, fine(15), obs(20, { spo2: 97 })],
      30,
      15,
    ],
    [
      'a rise over the pre-dose reading breaks it',
      [PRE, fine(15), fine(40, { systolic: 170, diastolic: 100 }), fine(60)],
      70,
      60,
    ],
  ])('%s', (_label, observations, now, expected) => {
    expect(readyAtOf({ startedAt: START, observations, openCriticalFlags: 0, until: t(now) })).toBe(
      at(expected),
    );
    expect(
      dischargeReadiness({ session: esk, observations, openCriticalFlags: 0, now: t(now) }).readyAt,
    ).toBe(at(expected));
  });

  it.each<[string, number, number[], number | null]>([
    ['an open critical flag: null', 1, [], null],
    ['a critical flag resolved before the stretch: no effect', 0, [10], 15],
    ['a critical flag resolved within the stretch: from its resolution', 0, [50], 50],
    ['the latest resolution counts', 0, [25, 50], 50],
    ['a resolution after now is not yet known', 0, [90], 15],
  ])('%s', (_label, open, resolvedAt, expected) => {
    const result = dischargeReadiness({
      session: esk,
      observations: [PRE, fine(15), fine(40)],
      openCriticalFlags: open,
      criticalFlagsResolvedAt: resolvedAt.map(t),
      now: t(60),
    });
    expect(result.readyAt).toBe(at(expected));
  });

  it.each<[string, number, MonitoringObservation[], number[], number | null]>([
    [
      'discharged at 90: a later failing reading does not move it',
      90,
      [PRE, fine(15), fine(100, { moaas: 3 })],
      [],
      15,
    ],
    [
      'discharged at 90: a later reading does not start it',
      90,
      [PRE, fine(15, { moaas: 4 }), fine(100)],
      [],
      null,
    ],
    ['discharged at 90: a later flag resolution does not move it', 90, [PRE, fine(15)], [120], 15],
    [
      'discharged at 90 while failing: null stays null',
      90,
      [PRE, fine(80, { cadss6Total: 2 })],
      [],
      null,
    ],
  ])('frozen at discharge: %s', (_label, dischargedAt, observations, resolvedAt, expected) => {
    const result = dischargeReadiness({
      session: { ...esk, dischargedAt: t(dischargedAt) },
      observations,
      openCriticalFlags: 0,
      criticalFlagsResolvedAt: resolvedAt.map(t),
      now: t(200),
    });
    expect(result.readyAt).toBe(at(expected));
  });
});
