import { isCalendarDate, isUtcDateTime } from './validators';

describe('isUtcDateTime', () => {
  it.each([
    ['2026-11-26T14:05:00.000Z', true],
    ['2026-11-26T14:05:00Z', true],
    ['2026-11-26T14:05Z', true],
    ['2026-11-26T09:05:00-05:00', true],
    ['2026-11-26T14:05:00', false], // no zone: ambiguous
    ['2026-11-26', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-02-30T10:00:00Z', false], // Date.parse would roll it over to 2 March
    ['2026-11-26T24:00:00Z', false],
    ['2026-11-26T23:60:00Z', false],
    ['yesterday', false],
    ['1899-12-31T23:59:59Z', false],
    [1764165900000, false],
    [null, false],
  ])('%p -> %p', (value, expected) => {
    expect(isUtcDateTime(value)).toBe(expected);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['1980-04-12', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1980-4-12', false],
    ['1980-04-12T00:00:00Z', false],
    ['', false],
    [19800412, false],
  ])('%p -> %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});
