import { phq9Missing } from './phq9-incomplete';

const all = (value: number): (number | null)[] => Array<number>(9).fill(value);
const without = (items: (number | null)[], ...numbers: number[]): (number | null)[] =>
  items.map((item, index) => (numbers.includes(index + 1) ? null : item));

describe('phq9Missing (what the confirmation before saving lists)', () => {
  it.each<[string, (number | null)[], number | null, boolean, string[]]>([
    ['complete, item 10 answered', all(1), 1, false, []],
    ['all nine at 0, item 10 skipped (rightly not asked)', all(0), null, false, []],
    [
      'a problem checked, item 10 blank',
      all(1),
      null,
      false,
      ['Item 10 (how difficult the problems made things): not answered; it is not scored.'],
    ],
    [
      'items 2 and 5 blank',
      without(all(1), 2, 5),
      0,
      false,
      ['Item 2: not answered.', 'Item 5: not answered.'],
    ],
    [
      'item 9 not asked',
      without(all(0), 9),
      null,
      true,
      [
        'Item 9 (thoughts of self-harm): not asked. Suicidality is unknown; a warning flag asks for item 9 the same day.',
      ],
    ],
    [
      'item 9 blank without "Not asked"',
      without(all(0), 9),
      null,
      false,
      ['Item 9 (thoughts of self-harm): not answered.'],
    ],
  ])('%s', (_label, items, item10, notAsked, expected) => {
    expect(phq9Missing(items, item10, notAsked)).toEqual(expected);
  });
});
