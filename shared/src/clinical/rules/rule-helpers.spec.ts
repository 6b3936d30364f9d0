import { formatAt, formatUtc } from './rule-helpers';

describe('formatAt: times in flag messages, in the clinic zone with its abbreviation', () => {
  it.each([
    ['2026-01-15T14:05:00.000Z', 'America/New_York', '2026-01-15 09:05 EST'],
    ['2026-07-15T14:05:00.000Z', 'America/New_York', '2026-07-15 10:05 EDT'],
    ['2026-03-08T06:59:00.000Z', 'America/New_York', '2026-03-08 01:59 EST'],
    ['2026-03-08T07:00:00.000Z', 'America/New_York', '2026-03-08 03:00 EDT'],
    ['2026-11-27T02:30:00.000Z', 'America/Los_Angeles', '2026-11-26 18:30 PST'],
    ['2026-07-01T23:30:00.000Z', 'Europe/London', '2026-07-02 00:30 GMT+1'],
    ['2026-11-27T07:38:00.000Z', 'UTC', '2026-11-27 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', null, '2026-11-27 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', undefined, '2026-11-27 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', 'Not/AZone', '2026-11-27 07:38 UTC'],
  ])('%s in %s -> %s', (at, zone, expected) => {
    expect(formatAt(at, zone)).toBe(expected);
  });

  it('without a zone is the UTC form', () => {
    expect(formatAt('2026-11-27T07:38:00.000Z')).toBe(formatUtc('2026-11-27T07:38:00.000Z'));
  });
});
