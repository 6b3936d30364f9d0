import { csvField, csvLines, csvRecord } from './csv';

describe('CSV (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['a "quote"', '"a ""quote"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    ['Zoë Ångström', 'Zoë Ångström'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['', ''],
  ])('text %j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    [-25.5, '-25.5'],
    [0, '0'],
    [Number.NaN, ''],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ])('value %p -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('ends every record with CRLF and starts with the header', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
    expect([...csvLines(['x', 'y'], [{ x: 1, y: 'b' }], (r) => [r.x, r.y])].join('')).toBe(
      'x,y\r\n1,b\r\n',
    );
  });
});
