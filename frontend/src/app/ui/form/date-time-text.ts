/**
 * The text of the day-first, 24-hour date and time boxes (issue 20 item 6): Chromium shows a
 * native date or time input in its own UI locale (mm/dd/yyyy, 12-hour), which a page cannot
 * change, so the forms use text boxes with these parsers instead. Values stay in the formats of
 * the native inputs: 'YYYY-MM-DD', 'HH:MM' and 'YYYY-MM-DDTHH:MM'.
 */

/** What a box emits while its text is neither blank nor a valid date or time. */
export const INVALID_DATE_TIME = 'invalid';

export type DateTimeKind = 'date' | 'time' | 'datetime';

/** The format hints shown with the boxes. */
export const DAY_FORMAT = 'dd/mm/yyyy';
export const TIME_FORMAT = 'hh:mm';

const DAY_FIRST = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/;
const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DIGITS_DAY = /^(\d{2})(\d{2})(\d{4})$/;
const TIME_WITH_SEPARATOR = /^(\d{1,2})\s*[:.h\s]\s*(\d{2})$/i;
const TIME_DIGITS = /^(\d{1,2})(\d{2})$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** 'YYYY-MM-DD' when the day exists in the calendar, else null. */
function isoDay(year: number, month: number, day: number): string | null {
  if (year < 1000 || month < 1 || month > 12 || day < 1) {
    return null;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > daysInMonth ? null : `${String(year)}-${pad(month)}-${pad(day)}`;
}

/**
 * A typed day as 'YYYY-MM-DD': day first ("02/12/2026", "2/12/2026", "2.12.2026", "02122026")
 * or ISO ("2026-12-02"); null when blank or not a day of the calendar.
 */
export function parseDayText(text: string): string | null {
  const trimmed = text.trim();
  const iso = ISO_DAY.exec(trimmed);
  if (iso) {
    return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }
  const dayFirst = DAY_FIRST.exec(trimmed) ?? DIGITS_DAY.exec(trimmed);
  if (dayFirst) {
    return isoDay(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  }
  return null;
}

/** 'YYYY-MM-DD' shown as "dd/mm/yyyy"; anything else as ''. */
export function formatDayText(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3] ?? ''}/${match[2] ?? ''}/${match[1] ?? ''}` : '';
}

/**
 * A typed 24-hour time as 'HH:MM': "10:58", "9:05", "10.58", "1058", "905"; null when blank or
 * not a time of day (hours 0-23, minutes 0-59).
 */
export function parseTimeText(text: string): string | null {
  const trimmed = text.trim();
  const match = TIME_WITH_SEPARATOR.exec(trimmed) ?? TIME_DIGITS.exec(trimmed);
  if (!match) {
    return null;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours > 23 || minutes > 59 ? null : `${pad(hours)}:${pad(minutes)}`;
}

/** 'HH:MM' (seconds dropped) shown as "HH:MM"; anything else as ''. */
export function formatTimeText(value: string): string {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  return match ? `${match[1] ?? ''}:${match[2] ?? ''}` : '';
}

/** The texts of the boxes for a value of `kind`: [day, time] (one of them '' for a date or time). */
export function valueToTexts(
  kind: DateTimeKind,
  value: string | null | undefined,
): [string, string] {
  const text = value ?? '';
  switch (kind) {
    case 'date':
      return [formatDayText(text), ''];
    case 'time':
      return ['', formatTimeText(text)];
    case 'datetime': {
      const [day = '', time = ''] = text.split('T');
      return [formatDayText(day), formatTimeText(time)];
    }
  }
}

/** What the boxes' texts mean: the value, '' when blank, or the message when not valid. */
export type ParsedDateTime = { value: string } | { error: string };

export const DAY_ERROR = `Enter the day as ${DAY_FORMAT}, e.g. 02/12/2026.`;
export const TIME_ERROR = 'Enter the time as 24-hour hh:mm, e.g. 14:05.';

/** The value of the boxes of `kind` from their texts ([day, time]). */
export function textsToValue(
  kind: DateTimeKind,
  dayText: string,
  timeText: string,
): ParsedDateTime {
  const dayBlank = dayText.trim() === '';
  const timeBlank = timeText.trim() === '';
  const day = parseDayText(dayText);
  const time = parseTimeText(timeText);
  switch (kind) {
    case 'date':
      return dayBlank ? { value: '' } : day === null ? { error: DAY_ERROR } : { value: day };
    case 'time':
      return timeBlank ? { value: '' } : time === null ? { error: TIME_ERROR } : { value: time };
    case 'datetime':
      if (dayBlank && timeBlank) {
        return { value: '' };
      }
      if (day === null) {
        return { error: DAY_ERROR };
      }
      if (time === null) {
        return { error: TIME_ERROR };
      }
      return { value: `${day}T${time}` };
  }
}
