import { DEFAULT_THRESHOLDS } from './thresholds';
import type { ProtocolDto } from '../api/course-types';
import { proposeNextSession } from './course-proposal';
import {
  orderWarnings,
  recentSessionDays,
  type OrderWarningCourse,
  type OrderWarningSession,
} from './order-warnings';
import { BUILT_IN_PROTOCOL_IDS, BUILT_IN_PROTOCOLS } from './protocols';

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

describe('orderWarnings for a session of a treatment course (CLINICAL.md s4, s8)', () => {
  const protocolOf = (id: string): ProtocolDto => {
    const found = BUILT_IN_PROTOCOLS.find((p) => p.id === id);
    if (found === undefined) throw new Error(`no protocol ${id}`);
    return found;
  };
  const IV = protocolOf(BUILT_IN_PROTOCOL_IDS.ketamineIv);
  const ESK = protocolOf(BUILT_IN_PROTOCOL_IDS.esketamineUs);
  // The order is for AT (10:00 UTC); earlier sessions are given days before it.
  const courseOf = (
    protocol: ProtocolDto | null,
    extra: Partial<OrderWarningCourse> = {},
  ): OrderWarningCourse => ({
    id: 'c1',
    phase: 'induction',
    drug: protocol?.drug ?? 'ketamine',
    route: protocol?.route ?? 'iv',
    startedAt: daysBefore(40),
    maintenanceAt: null,
    protocol,
    ...extra,
  });
  const given = (
    n: number,
    days: number,
    dose: { doseMg: number; doseMgPerKg: number | null } = { doseMg: 35, doseMgPerKg: 0.5 },
    courseId = 'c1',
  ): OrderWarningSession => ({
    id: `s${String(n)}`,
    sessionNumber: n,
    courseSessionNumber: n,
    courseId,
    startedAt: daysBefore(days),
    status: 'discharged',
    ...dose,
  });
  const iv = (mgPerKg: number) => ({ doseMg: mgPerKg * 70, doseMgPerKg: mgPerKg });
  const esk = (mg: number) => ({ doseMg: mg, doseMgPerKg: null });

  it.each<
    [
      string,
      OrderWarningCourse,
      OrderWarningSession[],
      { doseMg: number; doseMgPerKg: number | null },
      string[],
    ]
  >([
    // IV induction: at most 3 in any 7 days (s8), so the 3rd in 7 days follows the protocol
    ['IV induction, 3rd in 7 days', courseOf(IV), [given(1, 4), given(2, 2)], iv(0.5), []],
    [
      'IV induction, 4th in 7 days',
      courseOf(IV),
      [given(1, 6), given(2, 4), given(3, 2)],
      iv(0.5),
      ['session_frequency'],
    ],
    // not twice on one calendar day (the induction's minimum interval of 1 day)
    ['IV induction, twice on one day', courseOf(IV), [given(1, 0.1)], iv(0.5), ['off_protocol']],
    ['IV step 0.5 -> 0.6 of the plan', courseOf(IV), [given(1, 4)], iv(0.6), []],
    [
      'IV 0.5 -> 0.65: not a step of the plan',
      courseOf(IV),
      [given(1, 4)],
      iv(0.65),
      ['dose_escalation'],
    ],
    ['IV first dose 0.5', courseOf(IV), [], iv(0.5), []],
    ['IV first dose 0.6: above the plan’s first', courseOf(IV), [], iv(0.6), ['dose_escalation']],
    // esketamine label: 56 mg, then 84 mg, twice weekly
    ['esketamine titration 56 -> 84', courseOf(ESK), [given(1, 3, esk(56))], esk(84), []],
    [
      'esketamine 3rd in 7 days',
      courseOf(ESK),
      [given(1, 5, esk(56)), given(2, 2, esk(56))],
      esk(56),
      ['session_frequency'],
    ],
    [
      'esketamine maintenance: 2nd in 7 days',
      courseOf(ESK, { phase: 'maintenance', maintenanceAt: daysBefore(10) }),
      [given(1, 8, esk(84)), given(2, 3, esk(84))],
      esk(84),
      ['session_frequency', 'off_protocol'],
    ],
    [
      'esketamine maintenance weekly',
      courseOf(ESK, { phase: 'maintenance', maintenanceAt: daysBefore(10) }),
      [given(1, 14, esk(84)), given(2, 7, esk(84))],
      esk(84),
      [],
    ],
    [
      'sessions of an earlier course do not count',
      courseOf(IV),
      [given(1, 6, iv(0.5), 'old'), given(2, 4, iv(0.5), 'old'), given(3, 2)],
      iv(0.5),
      [],
    ],
  ])('%s', (_name, course, sessions, dose, kinds) => {
    expect(
      orderWarnings({ at: AT, sessions, flags: [], thresholds: t, course, dose }).map(
        (w) => w.kind,
      ),
    ).toEqual(kinds);
  });

  it('never warns on the protocol’s own proposals (14 sessions of the IV protocol)', () => {
    const course = courseOf(IV, { startedAt: '2026-01-01T00:00:00.000Z' });
    const sessions: OrderWarningSession[] = [];
    let maintenanceAt: string | null = null;
    for (let n = 1; n <= 14; n++) {
      const phase = n > IV.induction.sessions ? 'maintenance' : 'induction';
      const proposal = proposeNextSession({
        protocol: IV,
        phase,
        courseSessions: sessions.map((s) => ({
          startedAt: s.startedAt,
          doseMg: s.doseMg ?? 0,
          doseMgPerKg: s.doseMgPerKg ?? null,
        })),
        maintenanceAt,
        now: new Date('2026-01-05T09:00:00.000Z'),
      });
      if (proposal === null) throw new Error('no proposal');
      const at = `${proposal.earliestDate}T09:00:00.000Z`;
      if (n === IV.induction.sessions + 1 && maintenanceAt === null) maintenanceAt = at;
      expect(
        orderWarnings({
          at,
          sessions,
          flags: [],
          thresholds: t,
          course: { ...course, phase, maintenanceAt },
          dose: iv(proposal.dose),
        }),
      ).toEqual([]);
      sessions.push(given(n, 0, iv(proposal.dose)));
      sessions[sessions.length - 1] = { ...sessions[sessions.length - 1], startedAt: at };
    }
  });

  it('names the protocol, the sessions and the rule', () => {
    const [warning] = orderWarnings({
      at: AT,
      sessions: [given(1, 6), given(2, 4), given(3, 2)],
      flags: [],
      thresholds: t,
      course: courseOf(IV),
      dose: iv(0.5),
    });
    expect(warning.message).toContain('IV ketamine 0.5 mg/kg allows at most 3 in any 7 days');
    expect(warning.message).toContain('course sessions 1, 2, 3, 4');
    expect(warning.message).toContain('misuse.session_frequency will be raised');
  });

  it('a course without a protocol keeps the v1 numbers over its own sessions', () => {
    expect(
      orderWarnings({
        at: AT,
        sessions: [given(1, 6), given(2, 4, iv(0.5), 'old')],
        flags: [],
        thresholds: t,
        course: courseOf(null),
      }).map((w) => w.kind),
    ).toEqual([]);
    expect(
      orderWarnings({
        at: AT,
        sessions: [given(1, 6), given(2, 4)],
        flags: [],
        thresholds: t,
        course: courseOf(null),
      }).map((w) => w.kind),
    ).toEqual(['session_frequency']);
  });
});
