import {
  CADSS6_ITEM_COUNT,
  OBSERVATION_EMPTY_MESSAGE,
  PLAUSIBLE_RANGES,
  cadss6Total,
  validateObservationMeasurements,
  validateWeightKg,
} from './ranges';

describe('PLAUSIBLE_RANGES (CLINICAL.md s1)', () => {
  it.each([
    ['systolic', 50, 300],
    ['diastolic', 20, 200],
    ['heartRate', 20, 250],
    ['spo2', 50, 100],
    ['respiratoryRate', 2, 60],
    ['weightKg', 20, 400],
    ['moaas', 0, 5],
    ['cadssItem', 0, 4],
  ] as const)('%s is %i-%i', (field, min, max) => {
    expect(PLAUSIBLE_RANGES[field]).toEqual({ min, max });
  });
});

describe('cadss6Total', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0], 0],
    [[1, 2, 0, 3, 0, 1], 7],
    [[4, 4, 4, 4, 4, 4], 24],
  ])('%j -> %i', (items, total) => {
    expect(CADSS6_ITEM_COUNT).toBe(6);
    expect(cadss6Total(items)).toBe(total);
  });

  it.each([[[0, 0, 0, 0, 0]], [[0, 0, 0, 0, 0, 5]], [[0, 0, 0, 0, 0, 1.5]]])(
    'refuses %j',
    (items) => {
      expect(() => cadss6Total(items)).toThrow(RangeError);
    },
  );
});

describe('validateObservationMeasurements', () => {
  const bp = { systolic: 120, diastolic: 80 };
  it.each([
    ['a BP', bp, []],
    ['only MOAA/S', { moaas: 5 }, []],
    ['only CADSS-6', { cadss6: [0, 1, 0, 0, 2, 0] }, []],
    [
      'everything at the edges',
      { systolic: 300, diastolic: 200, heartRate: 250, spo2: 100, respiratoryRate: 60, moaas: 0 },
      [],
    ],
    [
      'everything at the lower edges',
      { systolic: 50, diastolic: 20, heartRate: 20, spo2: 50, respiratoryRate: 2, moaas: 5 },
      [],
    ],
    ['nothing', {}, [OBSERVATION_EMPTY_MESSAGE]],
    [
      'only nulls',
      { systolic: null, diastolic: null, spo2: undefined },
      [OBSERVATION_EMPTY_MESSAGE],
    ],
    [
      'systolic 49',
      { systolic: 49, diastolic: 30 },
      ['systolic must be an integer from 50 to 300'],
    ],
    [
      'systolic 301',
      { systolic: 301, diastolic: 80 },
      ['systolic must be an integer from 50 to 300'],
    ],
    [
      'systolic 120.5',
      { systolic: 120.5, diastolic: 80 },
      ['systolic must be an integer from 50 to 300'],
    ],
    [
      'systolic "120"',
      { systolic: '120', diastolic: 80 },
      ['systolic must be an integer from 50 to 300'],
    ],
    [
      'diastolic 19',
      { systolic: 120, diastolic: 19 },
      ['diastolic must be an integer from 20 to 200'],
    ],
    [
      'diastolic 201',
      { systolic: 250, diastolic: 201 },
      ['diastolic must be an integer from 20 to 200'],
    ],
    [
      'diastolic = systolic',
      { systolic: 120, diastolic: 120 },
      ['diastolic must be lower than systolic'],
    ],
    [
      'diastolic > systolic',
      { systolic: 90, diastolic: 100 },
      ['diastolic must be lower than systolic'],
    ],
    ['diastolic one below systolic', { systolic: 100, diastolic: 99 }, []],
    ['systolic alone', { systolic: 120 }, ['systolic and diastolic must be recorded together']],
    [
      'diastolic alone',
      { diastolic: 80, moaas: 5 },
      ['systolic and diastolic must be recorded together'],
    ],
    ['heart rate 19', { heartRate: 19 }, ['heartRate must be an integer from 20 to 250']],
    ['heart rate 251', { heartRate: 251 }, ['heartRate must be an integer from 20 to 250']],
    ['heart rate 72.5', { heartRate: 72.5 }, ['heartRate must be an integer from 20 to 250']],
    ['SpO2 49', { spo2: 49 }, ['spo2 must be an integer from 50 to 100']],
    ['SpO2 101', { spo2: 101 }, ['spo2 must be an integer from 50 to 100']],
    ['SpO2 97.5', { spo2: 97.5 }, ['spo2 must be an integer from 50 to 100']],
    [
      'respiratory rate 1',
      { respiratoryRate: 1 },
      ['respiratoryRate must be an integer from 2 to 60'],
    ],
    [
      'respiratory rate 61',
      { respiratoryRate: 61 },
      ['respiratoryRate must be an integer from 2 to 60'],
    ],
    ['MOAA/S -1', { moaas: -1 }, ['moaas must be an integer from 0 to 5']],
    ['MOAA/S 6', { moaas: 6 }, ['moaas must be an integer from 0 to 5']],
    ['MOAA/S true', { moaas: true }, ['moaas must be an integer from 0 to 5']],
    [
      'CADSS-6 with 5 entries',
      { cadss6: [0, 0, 0, 0, 0] },
      ['cadss6 must contain exactly 6 entries'],
    ],
    [
      'CADSS-6 item 3 = 5',
      { cadss6: [0, 0, 5, 0, 0, 0] },
      ['cadss6.2 must be an integer from 0 to 4'],
    ],
    [
      'CADSS-6 item -1',
      { cadss6: [-1, 0, 0, 0, 0, 0] },
      ['cadss6.0 must be an integer from 0 to 4'],
    ],
    ['CADSS-6 not a list', { cadss6: 3 }, ['cadss6 must be an array']],
    [
      'several problems at once',
      { systolic: 400, spo2: 20, cadss6: [0, 0, 0, 0, 0, 0, 0] },
      [
        'systolic must be an integer from 50 to 300',
        'spo2 must be an integer from 50 to 100',
        'systolic and diastolic must be recorded together',
        'cadss6 must contain exactly 6 entries',
      ],
    ],
  ])('%s', (_label, input, errors) => {
    expect(validateObservationMeasurements(input)).toEqual(errors);
  });

  it('names every measurement in the empty-observation message', () => {
    expect(OBSERVATION_EMPTY_MESSAGE).toBe(
      'at least one measurement is required (systolic, diastolic, heartRate, spo2, respiratoryRate, moaas, cadss6)',
    );
  });
});

describe('validateWeightKg', () => {
  it.each([[20], [72.5], [400]])('accepts %p kg', (weight) => {
    expect(validateWeightKg(weight)).toEqual([]);
  });

  it.each([[19.9], [400.1], ['70'], [null], [Number.NaN]])('rejects %p', (weight) => {
    expect(validateWeightKg(weight)).toEqual(['weightKg must be a number from 20 to 400']);
  });
});
