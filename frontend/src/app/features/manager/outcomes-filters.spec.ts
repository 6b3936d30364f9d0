import {
  type OutcomesFilters,
  asDrug,
  asRoute,
  defaultOutcomesFilters,
  outcomesFilterErrors,
} from './outcomes-filters';

const filters = (change: Partial<OutcomesFilters>): OutcomesFilters => ({
  from: '',
  to: '',
  drug: '',
  route: '',
  protocolId: '',
  kind: '',
  ...change,
});

describe('defaultOutcomesFilters', () => {
  it('is the last 12 months up to today, any drug, route, protocol and kind of course', () => {
    expect(defaultOutcomesFilters(new Date(2026, 10, 26))).toEqual({
      from: '2025-11-26',
      to: '2026-11-26',
      drug: '',
      route: '',
      protocolId: '',
      kind: '',
    });
  });
});

describe('outcomesFilterErrors', () => {
  it.each([
    ['no period', {}, {}],
    ['one day', { from: '2026-11-26', to: '2026-11-26' }, {}],
    ['only a start', { from: '2026-01-01' }, {}],
    [
      'backwards',
      { from: '2026-11-26', to: '2026-11-01' },
      { to: 'The end of the period must not be before its start.' },
    ],
    ['not a date', { from: '26/11/2026' }, { from: 'Enter a date, or leave empty.' }],
  ] as [string, Partial<OutcomesFilters>, object][])('%s', (_case, change, expected) => {
    expect(outcomesFilterErrors(filters(change))).toEqual(expected);
  });
});

describe('asDrug / asRoute', () => {
  it.each([
    ['esketamine', 'esketamine'],
    ['', ''],
    ['heroin', ''],
  ])('drug %j -> %j', (value, expected) => {
    expect(asDrug(value)).toBe(expected);
  });

  it.each([
    ['intranasal', 'intranasal'],
    ['rectal', ''],
  ])('route %j -> %j', (value, expected) => {
    expect(asRoute(value)).toBe(expected);
  });
});
