import {
  calendarDaysBetween,
  inductionCount,
  protocolIntervalCheck,
  screeningValidCheck,
} from './course-checks';
import { BUILT_IN_PROTOCOLS } from './protocols';

const ivProtocol = BUILT_IN_PROTOCOLS.find((p) => p.drug === 'ketamine')!;

describe('inductionCount (CLINICAL.md s8; s2 "typically 6 sessions" without a protocol)', () => {
  it.each<
    [
      string,
      { induction: { sessions: number; withinDays: number; maxPerWeek: number } } | null,
      number,
    ]
  >([
    ['IV template: 6', ivProtocol, 6],
    ['esketamine label: 8', BUILT_IN_PROTOCOLS[0], 8],
    ['no protocol: 6', null, 6],
  ])('%s', (_name, protocol, count) => {
    expect(inductionCount(protocol)).toBe(count);
  });
});

describe('calendarDaysBetween (clinic-local calendar days)', () => {
  it.each<[string, string, string, string | null, number]>([
    ['same UTC day', '2026-12-01T08:00:00Z', '2026-12-01T20:00:00Z', null, 0],
    [
      'late evening to next morning: 1 day',
      '2026-12-01T23:00:00Z',
      '2026-12-02T01:00:00Z',
      null,
      1,
    ],
    // 23:00Z and 01:00Z are both 18:00 / 20:00 of Dec 1 in New York
    [
      'the same evening in New York',
      '2026-12-01T23:00:00Z',
      '2026-12-02T01:00:00Z',
      'America/New_York',
      0,
    ],
    ['a week', '2026-12-01T10:00:00Z', '2026-12-08T09:00:00Z', 'Europe/London', 7],
  ])('%s', (_name, a, b, zone, days) => {
    expect(calendarDaysBetween(a, b, zone)).toBe(days);
  });
});

describe('protocolIntervalCheck (CLINICAL.md s8: the protocol minimum interval of the phase)', () => {
  it.each<[string, 'induction' | 'maintenance', string | null, string, boolean, string]>([
    [
      'first session of the course',
      'induction',
      null,
      '2026-12-01T10:00:00Z',
      true,
      "The course's first session",
    ],
    [
      'induction next day (minDaysBetween 1)',
      'induction',
      '2026-12-01T10:00:00Z',
      '2026-12-02T09:00:00Z',
      true,
      "1 day since the course's previous session (IV ketamine 0.5 mg/kg, induction: at least 1 day)",
    ],
    [
      'induction twice a day',
      'induction',
      '2026-12-01T08:00:00Z',
      '2026-12-01T16:00:00Z',
      false,
      "Only 0 days since the course's previous session; IV ketamine 0.5 mg/kg (induction) asks for at least 1 day",
    ],
    [
      'maintenance 6 days after (minDaysBetween 7)',
      'maintenance',
      '2026-12-01T10:00:00Z',
      '2026-12-07T10:00:00Z',
      false,
      "Only 6 days since the course's previous session; IV ketamine 0.5 mg/kg (maintenance) asks for at least 7 days",
    ],
    [
      'maintenance 7 days after',
      'maintenance',
      '2026-12-01T10:00:00Z',
      '2026-12-08T08:00:00Z',
      true,
      "7 days since the course's previous session (IV ketamine 0.5 mg/kg, maintenance: at least 7 days)",
    ],
  ])('%s', (_name, phase, previous, start, ok, reason) => {
    expect(
      protocolIntervalCheck({
        phase,
        protocol: ivProtocol,
        previousStartedAt: previous,
        startedAt: start,
        timeZone: 'UTC',
      }),
    ).toEqual({ id: 'protocol_interval', ok, reason });
  });
});

describe('screeningValidCheck (CLINICAL.md s9)', () => {
  it.each<[string, string | null, string, boolean]>([
    ['no screening', null, '2026-12-02T10:00:00Z', false],
    ['within 30 days', '2026-12-01T10:00:00Z', '2026-12-20T10:00:00Z', true],
    ['31 days after', '2026-12-01T10:00:00Z', '2027-01-01T10:00:00Z', false],
    ['before the screening', '2026-12-01T10:00:00Z', '2026-11-30T10:00:00Z', false],
  ])('%s', (_name, screenedAt, start, ok) => {
    const check = screeningValidCheck(screenedAt === null ? null : { screenedAt }, start);
    expect(check.id).toBe('screening_valid');
    expect(check.ok).toBe(ok);
  });
});
