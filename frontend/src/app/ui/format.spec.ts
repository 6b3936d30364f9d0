import {
  formatCalendarDate,
  formatChangePct,
  formatDate,
  formatDateTime,
  formatHours,
  formatMg,
  formatMgPerKg,
  formatShortDate,
  formatTime,
} from './format';

describe('format', () => {
  const at = '2026-11-22T19:05:00.000Z';

  it('shows times in the clinic’s zone', () => {
    expect(formatDateTime(at, 'Europe/London')).toBe('22 Nov 2026, 19:05');
    expect(formatDateTime(at, 'America/New_York')).toBe('22 Nov 2026, 14:05');
    expect(formatTime(at, 'Australia/Sydney')).toBe('06:05');
    expect(formatDate(at, 'Australia/Sydney')).toBe('23 Nov 2026');
    expect(formatShortDate(at, 'UTC')).toBe('22 Nov');
  });

  it('never shifts a calendar date (a birth date) by a zone', () => {
    expect(formatCalendarDate('1974-04-09')).toBe('9 Apr 1974');
  });

  it.each([
    [-33.3, '−33.3%'],
    [-81, '−81%'],
    [0, '0%'],
    [25, '+25%'],
    [12.25, '+12.3%'],
    [null, '—'],
  ])('change %p -> %s', (pct, text) => {
    expect(formatChangePct(pct)).toBe(text);
  });

  it('formats hours and doses', () => {
    expect(formatHours(20.7)).toBe('20.7 h');
    expect(formatHours(24)).toBe('24 h');
    expect(formatMg(48)).toBe('48 mg');
    expect(formatMg(0.25)).toBe('0.3 mg');
    expect(formatMgPerKg(0.498)).toBe('0.498 mg/kg');
  });
});
