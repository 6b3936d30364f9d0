/** Time helpers. Pure: the current time is always passed in, never read from the clock. */
import { roundHalfUp } from './rounding';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A timestamp as an ISO-8601 string (with its zone, normally `Z`) or a Date. */
export type Timestamp = string | Date;

/** Milliseconds since the epoch; throws a RangeError for an unparseable timestamp. */
export function toMs(x: Timestamp): number {
  const ms = x instanceof Date ? x.getTime() : Date.parse(x);
  if (Number.isNaN(ms)) {
    throw new RangeError(`invalid timestamp: ${String(x)}`);
  }
  return ms;
}

/** The timestamp as an ISO-8601 UTC string (e.g. 2026-11-26T14:05:00.000Z). */
export function toIso(x: Timestamp): string {
  return new Date(toMs(x)).toISOString();
}

/**
 * Whole minutes from the dose start to an observation, truncated toward zero
 * (CLINICAL.md s3). Pre-dose readings give 0 or a negative number.
 */
export function minutesSinceDose(startedAt: Timestamp, recordedAt: Timestamp): number {
  return Math.trunc((toMs(recordedAt) - toMs(startedAt)) / MINUTE_MS) + 0; // + 0 turns -0 into 0
}

/** Hours from `from` to `to`, rounded to 2 decimals (negative when `to` is earlier). */
export function hoursBetween(from: Timestamp, to: Timestamp): number {
  return roundHalfUp((toMs(to) - toMs(from)) / HOUR_MS, 2);
}

/** The calendar date (YYYY-MM-DD) of a timestamp in a time zone (UTC when none or unknown). */
export function localDate(at: Timestamp, timeZone?: string | null): string {
  const date = new Date(toMs(at));
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone ?? 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}
