import {
  formatDayText,
  formatTimeText,
  parseDayText,
  parseTimeText,
  textsToValue,
  valueToTexts,
} from './date-time-text';

describe('parseDayText', () => {
  it.each([
    ['02/12/2026', '2026-12-02'],
    ['2/12/2026', '2026-12-02'],
    ['2/1/2026', '2026-01-02'],
    [' 02/12/2026 ', '2026-12-02'],
    ['02.12.2026', '2026-12-02'],
    ['02-12-2026', '2026-12-02'],
    ['02 12 2026', '2026-12-02'],
    ['02122026', '2026-12-02'],
    ['2026-12-02', '2026-12-02'],
    ['2026-2-3', '2026-02-03'],
    ['29/02/2024', '2024-02-29'],
    ['31/12/1999', '1999-12-31'],
    ['29/02/2026', null],
    ['31/04/2026', null],
    ['13/13/2026', null],
    ['00/12/2026', null],
    ['12/00/2026', null],
    ['02/12/26', null],
    ['2026/12/02', null],
    ['2026-12-32', null],
    ['2026-13-01', null],
    ['0999-01-01', null],
    ['', null],
    ['   ', null],
    ['today', null],
    ['02/12/2026x', null],
  ])('%j -> %j', (text, value) => {
    expect(parseDayText(text)).toBe(value);
  });
});

describe('formatDayText', () => {
  it.each([
    ['2026-12-02', '02/12/2026'],
    ['1979-01-31', '31/01/1979'],
    ['', ''],
    ['invalid', ''],
    ['2026-12-02T10:00', ''],
  ])('%j -> %j', (value, text) => {
    expect(formatDayText(value)).toBe(text);
  });
});

describe('parseTimeText', () => {
  it.each([
    ['10:58', '10:58'],
    ['1058', '10:58'],
    ['958', '09:58'],
    ['9:58', '09:58'],
    ['09:05', '09:05'],
    ['0:00', '00:00'],
    ['0000', '00:00'],
    ['23:59', '23:59'],
    ['14.05', '14:05'],
    ['14h05', '14:05'],
    [' 14:05 ', '14:05'],
    ['24:00', null],
    ['12:60', null],
    ['2400', null],
    ['10:5', null],
    ['1:2', null],
    ['10', null],
    ['10:58 PM', null],
    ['10:58:30', null],
    ['', null],
    ['now', null],
  ])('%j -> %j', (text, value) => {
    expect(parseTimeText(text)).toBe(value);
  });
});

describe('formatTimeText', () => {
  it.each([
    ['14:05', '14:05'],
    ['00:00', '00:00'],
    ['14:05:30', '14:05'],
    ['', ''],
    ['invalid', ''],
  ])('%j -> %j', (value, text) => {
    expect(formatTimeText(value)).toBe(text);
  });
});

describe('valueToTexts', () => {
  it.each([
    ['date', '2026-12-02', ['02/12/2026', '']],
    ['time', '14:05', ['', '14:05']],
    ['datetime', '2026-12-02T14:05', ['02/12/2026', '14:05']],
    ['datetime', '', ['', '']],
    ['date', null, ['', '']],
    ['time', 'invalid', ['', '']],
  ] as const)('%s %j -> %j', (kind, value, texts) => {
    expect(valueToTexts(kind, value)).toEqual(texts);
  });
});

describe('textsToValue', () => {
  const dayError = { error: 'Enter the day as dd/mm/yyyy, e.g. 02/12/2026.' };
  const timeError = { error: 'Enter the time as 24-hour hh:mm, e.g. 14:05.' };
  it.each([
    ['date', '2/12/2026', '', { value: '2026-12-02' }],
    ['date', '', '', { value: '' }],
    ['date', '12/31/2026', '', dayError],
    ['time', '', '1058', { value: '10:58' }],
    ['time', '', ' ', { value: '' }],
    ['time', '', '10:58 PM', timeError],
    ['datetime', '02/12/2026', '14:05', { value: '2026-12-02T14:05' }],
    ['datetime', '2026-12-02', '905', { value: '2026-12-02T09:05' }],
    ['datetime', '', '', { value: '' }],
    ['datetime', '02/12/2026', '', timeError],
    ['datetime', '', '14:05', dayError],
    ['datetime', '31/02/2026', '14:05', dayError],
    ['datetime', '02/12/2026', '25:00', timeError],
  ] as const)('%s %j %j -> %j', (kind, day, time, parsed) => {
    expect(textsToValue(kind, day, time)).toEqual(parsed);
  });
});
