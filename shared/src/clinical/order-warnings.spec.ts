import { DEFAULT_THRESHOLDS } from './thresholds';
import { orderWarnings, recentSessionDays, type OrderWarningSession } from './order-warnings';

const AT = '2026-12-10T10:00:00.000Z';
const daysBefore = (days: number): string =>
  new Date(Date.parse(AT) - days * 86_400_000).toISOString();
const session = (
  n: number,
  days: number,
  status: OrderWarningSession['status'] = 'discharged',
): OrderWarningSession => ({ sessionNumber: n, startedAt: daysBefore(days), status });
const t = DEFAULT_THRESHOLDS;

describe('recentSessionDays (misuse thresholds)', () => {
  it.each([
    [3, 7, 3],
    [2, 7, 7],
    [4, 7, 2],
    [1, 7, 7],
    [10, 7, 1],
  ])('%i sessions within %i days: recent under %i days', (cap, days, expected) => {
    expect(
      recentSessionDays({ misuse: { ...t.misuse, sessionsPer7Days: cap, rollingDays: days } }),
    ).toBe(expected);
  });
});

describe('orderWarnings', () => {
  it.each<[string, OrderWarningSession[], string[]]>([
    ['no history', [], []],
    ['last session 5 days ago', [session(1, 5)], []],
    ['last session exactly 3 days ago is not recent', [session(1, 3)], []],
    ['last session 2 days ago', [session(1, 2)], ['recent_session']],
    ['last session 20 h ago', [session(1, 20 / 24)], ['recent_session']],
    ['third within 7 days', [session(1, 6), session(2, 4)], ['session_frequency']],
    [
      'third within 7 days, the last recent',
      [session(1, 5), session(2, 1)],
      ['recent_session', 'session_frequency'],
    ],
    ['an older session outside the 7 days', [session(1, 8), session(2, 4)], []],
    ['a cancelled order does not count', [session(-1, 1, 'cancelled'), session(1, 4)], []],
    [
      'an ordered (not given) session does not count',
      [session(2, 1, 'ordered'), session(1, 4)],
      [],
    ],
    ['an in-progress session counts', [session(1, 1, 'in_progress')], ['recent_session']],
    ['a session after the planned time is ignored', [session(1, -1)], []],
  ])('%s', (_name, sessions, kinds) => {
    expect(
      orderWarnings({ at: AT, sessions, flags: [], thresholds: t }).map((w) => w.kind),
    ).toEqual(kinds);
  });

  it('a session entered in error does not count', () => {
    const entered = { ...session(1, 1), enteredInError: { reason: 'wrong patient' } };
    expect(orderWarnings({ at: AT, sessions: [entered], flags: [], thresholds: t })).toEqual([]);
  });

  it('names the session and how long before, and the cap', () => {
    expect(
      orderWarnings({
        at: AT,
        sessions: [session(4, 6), session(5, 2)],
        flags: [],
        thresholds: t,
      }).map((w) => w.message),
    ).toEqual([
      'Session 5 was 2 days before this one (within 3 days)',
      "This would be session 3 within 7 days: the clinic's cap is under 3 (misuse.session_frequency will be raised)",
    ]);
  });

  it('lists open and acknowledged critical flags first, not resolved ones nor warnings', () => {
    const flags = [
      { rule: 'phq9.item9_positive', severity: 'critical', status: 'open', message: 'Item 9 = 2' },
      { rule: 'suicide_risk.high', severity: 'critical', status: 'acknowledged', message: 'High' },
      { rule: 'bp.severe', severity: 'critical', status: 'resolved', message: 'BP 190/100' },
      { rule: 'bp.rise', severity: 'warning', status: 'open', message: 'Rise' },
    ];
    expect(orderWarnings({ at: AT, sessions: [session(1, 1)], flags, thresholds: t })).toEqual([
      {
        kind: 'critical_flag',
        message:
          'Open critical flag: PHQ-9 item 9 positive: same-day clinician review — Item 9 = 2',
      },
      {
        kind: 'critical_flag',
        message:
          'Open critical flag: C-SSRS high risk: not left alone until a psychiatrist has evaluated them — High',
      },
      { kind: 'recent_session', message: 'Session 1 was 24 h before this one (within 3 days)' },
    ]);
  });
});
