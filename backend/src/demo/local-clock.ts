/** Local calendar days and times of a clinic's time zone (so sessions happen in clinic hours). */
export class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly today: { year: number; month: number; day: number };

  constructor(
    readonly timeZone: string,
    now: Date,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.today = this.parts(now.getTime());
  }

  private parts(ms: number): {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  } {
    const out: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') out[part.type] = Number(part.value);
    }
    return {
      year: out.year,
      month: out.month,
      day: out.day,
      hour: out.hour % 24,
      minute: out.minute,
      second: out.second,
    };
  }

  /** Offset of local time from UTC at the instant, in ms. */
  private offset(ms: number): number {
    const p = this.parts(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (ms % 1000));
  }

  /** The instant of `minuteOfDay` local time, `dayOffset` days from today's local date. */
  at(dayOffset: number, minuteOfDay: number): number {
    const { year, month, day } = this.today;
    const guess = Date.UTC(year, month - 1, day + dayOffset, 0, minuteOfDay);
    const first = guess - this.offset(guess);
    return guess - this.offset(first);
  }
}
