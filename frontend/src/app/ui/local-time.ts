/**
 * `<input type="datetime-local">` holds a wall-clock time without a zone; the API takes UTC
 * ISO-8601 with its zone (docs/decisions.md: times must carry a zone). The forms read and write
 * these inputs in the clinic's time zone (the zone every screen shows times in, ui/format.ts), or
 * the device's when the clinic's is not known. These functions are the only place the conversion
 * happens.
 */

const DAY_MS = 86_400_000;

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): number[] {
  let format = partFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]),
  );
  return ['year', 'month', 'day', 'hour', 'minute', 'second'].map((type) => Number(parts[type]));
}

/** How far `timeZone` is ahead of UTC at `ms`, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallClock(ms, timeZone);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return asUtc - (ms - (ms % 1000));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2026-11-26T14:05` (seconds dropped) in `timeZone`, else the device's zone. */
export function toLocalInputValue(at: Date, timeZone?: string): string {
  if (timeZone) {
    const [year = 0, month = 1, day = 1, hour = 0, minute = 0] = wallClock(at.getTime(), timeZone);
    return `${String(year)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
  }
  return (
    `${String(at.getFullYear())}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
    `T${pad(at.getHours())}:${pad(at.getMinutes())}`
  );
}

/**
 * The UTC ISO string of a datetime-local value read in `timeZone` (else the device's zone); null
 * when blank or invalid. A time repeated when summer time ends reads as the first of the two; a
 * time skipped when it starts reads as the same time after the change.
 */
export function localInputToIso(value: string, timeZone?: string): string | null {
  const match = WALL_CLOCK.exec(value);
  if (!match) {
    return null;
  }
  if (!timeZone) {
    // A date-time without an offset is local time (ECMAScript Date.parse).
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at.toISOString();
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const asUtc = Date.UTC(
    year ?? 0,
    (month ?? 1) - 1,
    day ?? 1,
    hour ?? 0,
    minute ?? 0,
    second ?? 0,
  );
  if (Number.isNaN(asUtc)) {
    return null;
  }
  // The zone's offsets a day either side cover any change of offset at this wall-clock time.
  const offsets = [
    ...new Set([-DAY_MS, 0, DAY_MS].map((shift) => zoneOffset(asUtc + shift, timeZone))),
  ];
  const readings = offsets
    .map((offset) => asUtc - offset)
    .filter((ms) => zoneOffset(ms, timeZone) === asUtc - ms);
  // A repeated hour (end of summer time): the first reading. A skipped hour (start of summer
  // time): read with the offset before the change, which lands in the hour after the gap.
  const ms = readings.length > 0 ? Math.min(...readings) : asUtc - Math.min(...offsets);
  return new Date(ms).toISOString();
}

/** The device's time zone name for hints ("Europe/London"). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The hint under a time input: "Time at Riverside Clinic (America/New_York)". */
export function timeZoneHint(clinicName: string | null, timeZone: string | undefined): string {
  if (timeZone) {
    return `Time at ${clinicName ?? 'the clinic'} (${timeZone})`;
  }
  return `Local time (${localTimeZone()})`;
}

/** The value of an <input type="time"> for a moment: "HH:MM" in `timeZone` (else the device's). */
export function timeInputValue(ms: number, timeZone?: string): string {
  return toLocalInputValue(new Date(ms), timeZone).slice(11);
}
