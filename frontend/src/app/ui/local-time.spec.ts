import { localInputToIso, timeZoneHint, toLocalInputValue } from './local-time';

describe('clinic wall-clock time <-> UTC', () => {
  it.each([
    // value, zone, UTC
    ['2026-03-02T14:05', 'America/New_York', '2026-03-02T19:05:00.000Z'], // EST, UTC-5
    ['2026-07-02T14:05', 'America/New_York', '2026-07-02T18:05:00.000Z'], // EDT, UTC-4
    ['2026-07-02T14:05', 'Europe/London', '2026-07-02T13:05:00.000Z'], // BST
    ['2026-01-15T00:30', 'Asia/Kolkata', '2026-01-14T19:00:00.000Z'], // UTC+5:30
    ['2026-11-01T01:30', 'America/Chicago', '2026-11-01T06:30:00.000Z'], // repeated hour: first
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'], // skipped hour
  ])('%s in %s is %s', (value, zone, utc) => {
    expect(localInputToIso(value, zone)).toBe(utc);
  });

  it('writes the clinic wall clock for an instant', () => {
    expect(toLocalInputValue(new Date('2026-03-02T19:05:42.000Z'), 'America/New_York')).toBe(
      '2026-03-02T14:05',
    );
    expect(toLocalInputValue(new Date('2026-07-02T13:05:00.000Z'), 'Europe/London')).toBe(
      '2026-07-02T14:05',
    );
  });

  it('round-trips', () => {
    const at = new Date('2026-10-25T00:59:00.000Z');
    for (const zone of ['Europe/London', 'America/Chicago', 'Australia/Sydney']) {
      expect(localInputToIso(toLocalInputValue(at, zone), zone)).toBe(at.toISOString());
    }
  });

  it('uses the device zone without a clinic zone (UTC in tests), and refuses blanks', () => {
    expect(localInputToIso('2026-03-02T14:05')).toBe('2026-03-02T14:05:00.000Z');
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-03-02')).toBeNull();
  });

  it('names the zone under the input', () => {
    expect(timeZoneHint('Riverside Clinic', 'America/New_York')).toBe(
      'Time at Riverside Clinic (America/New_York)',
    );
    expect(timeZoneHint(null, undefined)).toBe('Local time (UTC)');
  });
});
