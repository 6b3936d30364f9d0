import { preDoseChecks, type PreDoseInput } from './pre-dose';

const START = '2026-12-03T10:00:00.000Z';
const at = (minutesBeforeStart: number): string =>
  new Date(Date.parse(START) - minutesBeforeStart * 60_000).toISOString();
const full = (minutes: number) => ({
  recordedAt: at(minutes),
  systolic: 128,
  diastolic: 82,
  moaas: 5,
});
const base: PreDoseInput = { startedAt: START, observations: [full(10)], openCriticalFlags: [] };

describe('preDoseChecks (CLINICAL.md s3 v2 "Ordered, then started")', () => {
  it.each<[string, Partial<PreDoseInput>, boolean, string[]]>([
    ['BP and MOAA/S 10 min before, no flag', {}, true, []],
    ['reading exactly at the dose start counts', { observations: [full(0)] }, true, []],
    ['reading exactly 60 min before counts', { observations: [full(60)] }, true, []],
    [
      'reading 61 min before is too old',
      { observations: [full(61)] },
      false,
      [
        'No pre-dose BP in the 60 min before the dose',
        'No pre-dose MOAA/S in the 60 min before the dose',
      ],
    ],
    [
      'reading after the dose start is not pre-dose',
      { observations: [full(-1)] },
      false,
      [
        'No pre-dose BP in the 60 min before the dose',
        'No pre-dose MOAA/S in the 60 min before the dose',
      ],
    ],
    [
      'no reading at all',
      { observations: [] },
      false,
      [
        'No pre-dose BP in the 60 min before the dose',
        'No pre-dose MOAA/S in the 60 min before the dose',
      ],
    ],
    [
      'BP without MOAA/S',
      { observations: [{ ...full(5), moaas: null }] },
      false,
      ['No pre-dose MOAA/S in the 60 min before the dose'],
    ],
    [
      'systolic without diastolic is no BP',
      { observations: [{ ...full(5), diastolic: null }] },
      false,
      ['No pre-dose BP in the 60 min before the dose'],
    ],
    [
      'BP and MOAA/S from two readings',
      {
        observations: [
          { ...full(30), moaas: null },
          { ...full(20), systolic: null, diastolic: null },
        ],
      },
      true,
      [],
    ],
    [
      'an open critical flag fails',
      { openCriticalFlags: [{ rule: 'phq9.item9_positive' }] },
      false,
      ['1 open critical flag on the patient (phq9.item9_positive)'],
    ],
    [
      'two critical flags are counted and named once each',
      {
        openCriticalFlags: [
          { rule: 'suicide_risk.high' },
          { rule: 'phq9.item9_positive' },
          { rule: 'phq9.item9_positive' },
        ],
      },
      false,
      ['3 open critical flags on the patient (phq9.item9_positive, suicide_risk.high)'],
    ],
    [
      'an extra check (issue 14 seam) that fails is reported',
      { extraChecks: [{ id: 'course.interval', ok: false, reason: 'Too soon' }] },
      false,
      ['Too soon'],
    ],
  ])('%s', (_name, change, ok, failing) => {
    const result = preDoseChecks({ ...base, ...change });
    expect(result.ok).toBe(ok);
    expect(result.failing).toEqual(failing);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.reason)).toEqual(failing);
  });

  it('names the latest reading in the window and how long before the dose it was', () => {
    const result = preDoseChecks({
      ...base,
      observations: [full(40), { ...full(12), systolic: 142, diastolic: 88, moaas: 4 }],
    });
    expect(result.checks).toEqual([
      { id: 'predose_bp', ok: true, reason: 'Pre-dose BP 142/88, 12 min before the dose' },
      { id: 'predose_moaas', ok: true, reason: 'Pre-dose MOAA/S 4, 12 min before the dose' },
      { id: 'no_critical_flag', ok: true, reason: 'No open critical flag on the patient' },
    ]);
  });
});
