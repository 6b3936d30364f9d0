import { formatAt, formatUtc } from './rule-helpers';

describe('formatAt: times in flag messages, in the clinic zone with its abbreviation', () => {
  it.each([
    ['2026-01-15T14:05:00.000Z', 'America/New_York', '15 Jan 2026, 09:05 EST'],
    ['2026-07-15T14:05:00.000Z', 'America/New_York', '15 Jul 2026, 10:05 EDT'],
    ['2026-03-08T06:59:00.000Z', 'America/New_York', '8 Mar 2026, 01:59 EST'],
    ['2026-03-08T07:00:00.000Z', 'America/New_York', '8 Mar 2026, 03:00 EDT'],
    ['2026-11-27T02:30:00.000Z', 'America/Los_Angeles', '26 Nov 2026, 18:30 PST'],
    ['2026-07-01T23:30:00.000Z', 'Europe/London', '2 Jul 2026, 00:30 GMT+1'],
    ['2026-11-27T07:38:00.000Z', 'UTC', '27 Nov 2026, 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', null, '27 Nov 2026, 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', undefined, '27 Nov 2026, 07:38 UTC'],
    ['2026-11-27T07:38:00.000Z', 'Not/AZone', '27 Nov 2026, 07:38 UTC'],
  ])('%s in %s -> %s', (at, zone, expected) => {
    expect(formatAt(at, zone)).toBe(expected);
  });

  it('without a zone is the UTC form', () => {
    expect(formatAt('2026-11-27T07:38:00.000Z')).toBe(formatUtc('2026-11-27T07:38:00.000Z'));
  });
});
