import { DEFAULT_THRESHOLDS, mergeThresholds } from './thresholds';

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
    ['respiratory', { spo2Below: 92, rateBelow: 10 }],
    ['sedation', { moderateAtOrBelow: 3, deepAtOrBelow: 1 }],
    ['dissociation', { markedTotal: 12, markedItem: 4 }],
    ['monitoringOverdueMinutes', 10],
    ['phq9', { maxMissingItems: 2, worseningPoints: 5 }],
    [
      'misuse',
      { sessionsPer7Days: 3, doseEscalationFactor: 1.5, earlySessionRequestsPer30Days: 2 },
    ],
    ['tolerance', { sessions: 3, ratio: 0.5 }],
    ['nonresponseAfterSessions', 6],
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
