/**
 * How dates, times and numbers read on every screen. Times are shown in the clinic's time zone
 * (ClinicDto.timezone) when known, so a session at 17:55 in London reads 17:55 on any device.
 */

const LOCALE = 'en-GB';
const MINUS = '\u2212';

type DateStyle = 'date' | 'dateTime' | 'time' | 'shortDate';

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { day: 'numeric', month: 'short', year: 'numeric' },
  dateTime: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  shortDate: { day: 'numeric', month: 'short' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: DateStyle, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${style}|${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(LOCALE, { ...OPTIONS[style], timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** "22 Nov 2026" */
export function formatDate(at: string | number, timeZone?: string): string {
  return formatter('date', timeZone).format(new Date(at));
}

/** "22 Nov 2026, 17:55" */
export function formatDateTime(at: string | number, timeZone?: string): string {
  return formatter('dateTime', timeZone).format(new Date(at));
}

/** "17:55" */
export function formatTime(at: string | number, timeZone?: string): string {
  return formatter('time', timeZone).format(new Date(at));
}

/** "22 Nov" (chart ticks) */
export function formatShortDate(at: string | number, timeZone?: string): string {
  return formatter('shortDate', timeZone).format(new Date(at));
}

/** A calendar date (YYYY-MM-DD, e.g. a birth date) as "9 Apr 1974", never shifted by a zone. */
export function formatCalendarDate(date: string): string {
  return formatter('date', 'UTC').format(new Date(`${date}T00:00:00Z`));
}

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const threeDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

/** "−33.3%", "+5%", "0%"; a dash when there is no baseline to compare with. */
export function formatChangePct(pct: number | null): string {
  if (pct === null) {
    return '—';
  }
  const magnitude = oneDecimal.format(Math.abs(pct));
  if (pct < 0) {
    return `${MINUS}${magnitude}%`;
  }
  return pct > 0 ? `+${magnitude}%` : '0%';
}

/** "20.7 h" */
export function formatHours(hours: number): string {
  return `${oneDecimal.format(hours)} h`;
}

/** "48 mg" */
export function formatMg(mg: number): string {
  return `${oneDecimal.format(mg)} mg`;
}

/** "0.498 mg/kg" */
export function formatMgPerKg(mgPerKg: number): string {
  return `${threeDecimals.format(mgPerKg)} mg/kg`;
}
