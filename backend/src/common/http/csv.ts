/**
 * CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field quoted
 * when it holds a comma, a quote, CR or LF, quotes doubled inside. Text that a spreadsheet would
 * run as a formula (starting with = + - @ or a tab/CR) is prefixed with an apostrophe (OWASP
 * "CSV injection"); numbers are written as they are.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The lines of a CSV file, header first, one at a time (for a streamed response). */
export function* csvLines<T>(
  header: readonly string[],
  rows: Iterable<T>,
  toValues: (row: T) => readonly CsvValue[],
): Generator<string> {
  yield csvRecord(header);
  for (const row of rows) yield csvRecord(toValues(row));
}
