import {
  PHQ9_ANSWER_CODES,
  PHQ9_ITEM_COUNT,
  PHQ9_LOINC,
  PHQ9_MCID,
  phq9Severity,
  scorePhq9,
  validatePhq9Item10,
  validatePhq9Items,
} from './phq9';

describe('PHQ-9 constants (CLINICAL.md s1)', () => {
  it('has 9 scored items with their LOINC codes in order, item 9 last', () => {
    expect(PHQ9_ITEM_COUNT).toBe(9);
    expect(PHQ9_LOINC.items).toHaveLength(PHQ9_ITEM_COUNT);
    expect(PHQ9_LOINC.items[0]).toBe('44250-9');
    expect(PHQ9_LOINC.items[8]).toBe('44260-8');
    expect(PHQ9_LOINC.panel).toBe('44249-1');
    expect(PHQ9_LOINC.item10).toBe('69722-7');
    expect(PHQ9_LOINC.total).toBe('44261-6');
    expect(new Set(PHQ9_LOINC.items).size).toBe(9);
  });

  it('maps answers 0-3 to LL358-3 answer codes and has an MCID of 5', () => {
    expect(PHQ9_ANSWER_CODES).toEqual(['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9']);
    expect(PHQ9_MCID).toBe(5);
  });
});

describe('phq9Severity (Kroenke 2001 bands)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('total %i is %s', (total, severity) => {
    expect(phq9Severity(total)).toBe(severity);
  });

  it.each([-1, 28, Number.NaN])('rejects the impossible total %p', (total) => {
    expect(() => phq9Severity(total)).toThrow(RangeError);
  });
});

const n = null;

describe('scorePhq9', () => {
  it.each([
    // items, total, severity, prorated, answered
    ['all zero', [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal', false, 9],
    ['all three', [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe', false, 9],
    ['complete, sum 13', [1, 2, 3, 0, 1, 2, 3, 0, 1], 13, 'moderate', false, 9],
    ['complete, sum 9 (mild edge)', [1, 1, 1, 1, 1, 1, 1, 1, 1], 9, 'mild', false, 9],
    [
      '1 missing: 13 / 8 x 9 = 14.625 -> 15',
      [3, 3, 2, 2, 1, 1, 1, 0, n],
      15,
      'moderately_severe',
      true,
      8,
    ],
    ['1 missing: 4 / 8 x 9 = 4.5 -> 5 (half up)', [1, 1, 1, 1, 0, 0, 0, n, 0], 5, 'mild', true, 8],
    [
      '1 missing: 12 / 8 x 9 = 13.5 -> 14 (half up)',
      [2, 2, 2, 2, 2, 2, n, 0, 0],
      14,
      'moderate',
      true,
      8,
    ],
    [
      '1 missing: 20 / 8 x 9 = 22.5 -> 23 (half up)',
      [n, 3, 3, 3, 3, 3, 3, 1, 1],
      23,
      'severe',
      true,
      8,
    ],
    ['2 missing: 10 / 7 x 9 = 12.857 -> 13', [2, 2, 2, 2, 2, n, n, 0, 0], 13, 'moderate', true, 7],
    ['2 missing: 3 / 7 x 9 = 3.857 -> 4', [1, 1, 1, 0, 0, n, 0, n, 0], 4, 'minimal', true, 7],
    ['2 missing: 1 / 7 x 9 = 1.286 -> 1', [n, 1, 0, 0, 0, 0, 0, 0, n], 1, 'minimal', true, 7],
  ])('%s', (_label, items, total, severity, prorated, answered) => {
    const score = scorePhq9(items);
    expect(score).toMatchObject({
      total,
      severity,
      prorated,
      valid: true,
      answered,
      missing: 9 - answered,
    });
  });

  it('3 missing items make the questionnaire invalid: no total, no severity', () => {
    expect(scorePhq9([3, 3, 3, 3, 3, 3, n, n, n])).toEqual({
      total: null,
      severity: null,
      prorated: false,
      valid: false,
      item9Positive: false,
      answered: 6,
      missing: 3,
    });
  });

  it('all items missing is invalid', () => {
    const score = scorePhq9([n, n, n, n, n, n, n, n, n]);
    expect(score.valid).toBe(false);
    expect(score.total).toBeNull();
    expect(score.answered).toBe(0);
  });

  it.each([
    // items, maxMissingItems, valid, total
    [[1, 1, 1, 1, 1, 1, 1, 1, n], 0, false, null],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], 0, true, 9],
    [[2, 2, 2, 2, 2, 2, 2, n, n], 1, false, null],
    [[2, 2, 2, 2, 2, 2, 2, 2, n], 1, true, 18],
    // 6 answered summing 6: 6 / 6 x 9 = 9
    [[1, 1, 1, 1, 1, 1, n, n, n], 3, true, 9],
  ])('%j with maxMissingItems %i -> valid %s, total %p', (items, max, valid, total) => {
    const score = scorePhq9(items, { maxMissingItems: max });
    expect(score.valid).toBe(valid);
    expect(score.total).toBe(total);
  });

  it.each([-1, 9, 1.5])('rejects maxMissingItems %p', (max) => {
    expect(() => scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 0], { maxMissingItems: max })).toThrow(
      RangeError,
    );
  });

  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
    [null, false],
  ])('item 9 = %p -> item9Positive %s', (item9, positive) => {
    expect(scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, item9]).item9Positive).toBe(positive);
  });

  it('flags item 9 even when the total is minimal', () => {
    const score = scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(score.total).toBe(1);
    expect(score.severity).toBe('minimal');
    expect(score.item9Positive).toBe(true);
  });

  it('flags item 9 even when the questionnaire is invalid', () => {
    const score = scorePhq9([n, n, n, 0, 0, 0, 0, 0, 2]);
    expect(score.valid).toBe(false);
    expect(score.item9Positive).toBe(true);
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0]],
    [[0, 0, 0, 0, 0, 0, 0, 0, 4]],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
  ])('refuses to score invalid input %j', (items) => {
    expect(() => scorePhq9(items)).toThrow(RangeError);
  });
});

describe('validatePhq9Items', () => {
  it.each([
    ['nine answers', [0, 1, 2, 3, 0, 1, 2, 3, 0], []],
    ['missing answers as null', [n, 1, 2, 3, n, 1, 2, 3, n], []],
    ['a string', 'abc', ['items must be an array']],
    ['null', null, ['items must be an array']],
    ['an object', { 0: 1 }, ['items must be an array']],
    ['an empty list', [], ['items must contain exactly 9 entries']],
    ['8 entries', [0, 0, 0, 0, 0, 0, 0, 0], ['items must contain exactly 9 entries']],
    ['10 entries', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ['items must contain exactly 9 entries']],
    ['item 9 = 4', [0, 0, 0, 0, 0, 0, 0, 0, 4], ['items.8 must be an integer from 0 to 3 or null']],
    [
      'negative, fraction, string, boolean',
      [-1, 1.5, '2', true, 0, 0, 0, 0, 0],
      [
        'items.0 must be an integer from 0 to 3 or null',
        'items.1 must be an integer from 0 to 3 or null',
        'items.2 must be an integer from 0 to 3 or null',
        'items.3 must be an integer from 0 to 3 or null',
      ],
    ],
    [
      'wrong length and a bad entry',
      [0, 0, 7],
      ['items must contain exactly 9 entries', 'items.2 must be an integer from 0 to 3 or null'],
    ],
    [
      'undefined and NaN entries',
      [0, 0, 0, 0, 0, 0, 0, undefined, Number.NaN],
      [
        'items.7 must be an integer from 0 to 3 or null',
        'items.8 must be an integer from 0 to 3 or null',
      ],
    ],
  ])('%s', (_label, items, errors) => {
    expect(validatePhq9Items(items)).toEqual(errors);
  });

  it('names the given field', () => {
    expect(validatePhq9Items([0, 0, 0, 0, 0, 0, 0, 0, 9], 'answers')).toEqual([
      'answers.8 must be an integer from 0 to 3 or null',
    ]);
  });
});

describe('validatePhq9Item10', () => {
  it.each([[undefined], [null], [0], [1], [2], [3]])('accepts %p', (value) => {
    expect(validatePhq9Item10(value)).toEqual([]);
  });

  it.each([[-1], [4], [1.5], ['1'], [false]])('rejects %p', (value) => {
    expect(validatePhq9Item10(value)).toEqual(['item10 must be an integer from 0 to 3 or null']);
  });
});
