import { roundHalfUp } from './rounding';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  hoursBetween,
  localDate,
  minutesSinceDose,
  toIso,
  toMs,
} from './time';

const START = '2026-03-02T10:00:00.000Z';
const at = (offsetMs: number): string => new Date(Date.parse(START) + offsetMs).toISOString();

describe('toMs / toIso', () => {
  it('reads ISO strings and Dates alike', () => {
    expect(toMs(START)).toBe(Date.UTC(2026, 2, 2, 10, 0, 0));
    expect(toMs(new Date(Date.UTC(2026, 2, 2, 10, 0, 0)))).toBe(toMs(START));
    expect(toMs('2026-03-02T11:00:00+01:00')).toBe(toMs(START));
    expect(toIso('2026-03-02T11:00:00+01:00')).toBe(START);
  });

  it.each([['not a date'], [''], [new Date(Number.NaN)]])('rejects %p', (value) => {
    expect(() => toMs(value)).toThrow(RangeError);
  });

  it('has consistent units', () => {
    expect(MINUTE_MS).toBe(60_000);
    expect(HOUR_MS).toBe(3_600_000);
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe('minutesSinceDose (whole minutes, truncated toward zero)', () => {
  it.each([
    ['at the dose start', 0, 0],
    ['59 s after', 59_000, 0],
    ['60 s after', 60_000, 1],
    ['40 min 30 s after', 40 * MINUTE_MS + 30_000, 40],
    ['119 min 59 s after', 120 * MINUTE_MS - 1_000, 119],
    ['2 h after', 2 * HOUR_MS, 120],
    ['30 s before', -30_000, 0],
    ['61 s before', -61_000, -1],
    ['5 min before', -5 * MINUTE_MS, -5],
  ])('%s -> %i', (_label, offset, minutes) => {
    expect(minutesSinceDose(START, at(offset))).toBe(minutes);
  });

  it('never returns -0 for a reading seconds before the dose', () => {
    expect(Object.is(minutesSinceDose(START, at(-30_000)), 0)).toBe(true);
  });

  it('accepts Date arguments', () => {
    expect(minutesSinceDose(new Date(START), new Date(at(15 * MINUTE_MS)))).toBe(15);
  });
});

describe('hoursBetween (2 decimals)', () => {
  it.each([
    [0, 0],
    [30 * MINUTE_MS, 0.5],
    [20 * MINUTE_MS, 0.33],
    [40 * MINUTE_MS, 0.67],
    [18_000, 0.01], // 0.005 h rounds half up
    [17_999, 0], // 0.0049997 h
    [24 * HOUR_MS, 24],
    [72 * HOUR_MS + 36_000, 72.01],
    [-90 * MINUTE_MS, -1.5],
  ])('offset %i ms -> %p h', (offset, hours) => {
    expect(hoursBetween(START, at(offset))).toBe(hours);
  });
});

describe('roundHalfUp', () => {
  it.each([
    [14.625, 0, 15],
    [4.5, 0, 5],
    [13.5, 0, 14],
    [4.49, 0, 4],
    [1.005, 2, 1.01], // 1.005 is 1.00499999... in binary
    [0.0625, 3, 0.063],
    [0.0624, 3, 0.062],
    [-2.5, 0, -3], // halves go away from zero
    [-81.25, 1, -81.3],
    [81.25, 1, 81.3],
    [-18.75, 1, -18.8],
    [233.3333, 1, 233.3],
  ])('%p to %i decimals -> %p', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });

  it('returns 0, not -0, for small negative values', () => {
    expect(Object.is(roundHalfUp(-0.04, 1), 0)).toBe(true);
  });

  it('rejects a negative or fractional number of decimals', () => {
    expect(() => roundHalfUp(1, -1)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 1.5)).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it.each([
    ['2026-12-03T23:30:00Z', 'UTC', '2026-12-03'],
    ['2026-12-03T23:30:00Z', 'Europe/Paris', '2026-12-04'],
    ['2026-12-04T03:00:00Z', 'America/New_York', '2026-12-03'],
    ['2026-12-04T03:00:00Z', null, '2026-12-04'],
    ['2026-12-04T03:00:00Z', 'Not/AZone', '2026-12-04'],
  ])('%s in %s is %s', (at, zone, expected) => {
    expect(localDate(at, zone)).toBe(expected);
  });
});
