import type { BoardItemDto } from '@clinic/shared';

import {
  BOARD_AT,
  aBoard,
  aBoardItem,
  aFlag,
  aFlagListItem,
  aReadiness,
  aVital,
} from './board.fixtures';
import {
  boardCard,
  boardCards,
  criticalStates,
  dueView,
  durationLabel,
  monitoringEndedBetween,
  newFlags,
  readings,
  serverNowMs,
  sortFlags,
} from './board-view';

const at = (iso: string): number => Date.parse(iso);

describe('dueView: the next observation as of now', () => {
  const due = (
    nextObservationDueAt: string | null,
    overdue = false,
  ): Pick<BoardItemDto, 'nextObservationDueAt' | 'nextObservationSlotMinutes' | 'overdue'> => ({
    nextObservationDueAt,
    nextObservationSlotMinutes: 60,
    overdue,
  });

  it.each([
    // [case, dueAt, overdue (server), now, expected]
    ['every slot done', null, false, '2026-11-26T14:00:00Z', { kind: 'done' }],
    [
      '20 min ahead',
      '2026-11-26T14:20:00.000Z',
      false,
      '2026-11-26T14:00:00Z',
      { kind: 'upcoming', inMinutes: 20 },
    ],
    [
      '30 s ahead counts as 1 min (rounded up)',
      '2026-11-26T14:20:00.000Z',
      false,
      '2026-11-26T14:19:30Z',
      { kind: 'upcoming', inMinutes: 1 },
    ],
    [
      'exactly at the time: due now',
      '2026-11-26T14:20:00.000Z',
      false,
      '2026-11-26T14:20:00Z',
      { kind: 'due', minutesLate: 0 },
    ],
    [
      '3.5 min late, not overdue by the clinic rule',
      '2026-11-26T14:20:00.000Z',
      false,
      '2026-11-26T14:23:30Z',
      { kind: 'due', minutesLate: 3 },
    ],
    [
      'the server says overdue',
      '2026-11-26T14:20:00.000Z',
      true,
      '2026-11-26T14:31:00Z',
      { kind: 'overdue', minutesLate: 11 },
    ],
  ])('%s', (_case, dueAt, overdue, now, expected) => {
    expect(dueView(due(dueAt, overdue), at(now))).toMatchObject(expected);
  });
});

describe('sortFlags', () => {
  it('puts critical first, then warning, then info; newest first within a severity', () => {
    const info = aFlag({ severity: 'info', createdAt: '2026-11-26T13:59:00Z' });
    const oldWarning = aFlag({ severity: 'warning', createdAt: '2026-11-26T13:00:00Z' });
    const newWarning = aFlag({ severity: 'warning', createdAt: '2026-11-26T13:30:00Z' });
    const critical = aFlag({ severity: 'critical', createdAt: '2026-11-26T12:00:00Z' });
    expect(sortFlags([info, oldWarning, critical, newWarning])).toEqual([
      critical,
      newWarning,
      oldWarning,
      info,
    ]);
  });
});

describe('serverNowMs: the server clock from the tablet clock', () => {
  it.each([
    // [case, board.at (server), received at (tablet), tablet now, expected server now]
    ['clocks agree', '14:00:00', '14:00:00', '14:00:30', '14:00:30'],
    ['tablet 2 min fast', '14:00:00', '14:02:00', '14:02:30', '14:00:30'],
    ['tablet 1 min slow', '14:00:00', '13:59:00', '13:59:45', '14:00:45'],
  ])('%s', (_case, boardAt, receivedAt, now, expected) => {
    const t = (time: string): string => `2026-11-26T${time}.000Z`;
    expect(serverNowMs(t(boardAt), at(t(receivedAt)), at(t(now)))).toBe(at(t(expected)));
  });
});

describe('durationLabel', () => {
  it.each([
    [0, '0 min'],
    [59, '59 min'],
    [119, '119 min'],
    [120, '2 h 00 min'],
    [185, '3 h 05 min'],
  ])('%i -> %s', (minutes, label) => {
    expect(durationLabel(minutes)).toBe(label);
  });
});

describe('readings: one tile per measurement, each with its own time and mark', () => {
  const START = '2026-11-26T13:20:00.000Z';
  it('shows each value with its unit, its own time, and the server mark in words', () => {
    const vitals = [
      aVital('bp', [188, 112], {
        recordedAt: '2026-11-26T13:20:00.000Z',
        minutesSinceDose: 0,
        mark: { level: 'critical', text: 'Severe, ≥ 180/110', rule: 'bp.severe' },
      }),
      aVital('heartRate', [88], { recordedAt: '2026-11-26T13:33:00.000Z', minutesSinceDose: 13 }),
      aVital('spo2', [97], { recordedAt: '2026-11-26T13:15:00.000Z', minutesSinceDose: -5 }),
      aVital('respiratoryRate', []),
      aVital('moaas', [5], { recordedAt: '2026-11-26T13:20:00.000Z', minutesSinceDose: 0 }),
      aVital('cadss6Total', []),
    ];
    expect(
      readings(vitals, START).map((r) => [
        r.label,
        r.value,
        r.unit,
        r.at,
        r.older,
        r.mark?.text ?? null,
      ]),
    ).toEqual([
      ['BP', '188/112', 'mmHg', 'pre-dose', true, 'Severe, ≥ 180/110'],
      ['HR', '88', 'bpm', 'at 13 min', false, null],
      ['SpO₂', '97', '%', 'pre-dose', true, null],
      ['RR', null, '/min', null, false, null],
      ['MOAA/S', '5', 'of 5', 'pre-dose', true, null],
      ['CADSS-6', null, 'of 24', null, false, null],
    ]);
  });

  it('an HR-only entry at 13 min leaves BP at its own 1 min (never "last at 13 min")', () => {
    const vitals = [
      aVital('bp', [124, 78], { recordedAt: '2026-11-26T13:21:00.000Z', minutesSinceDose: 1 }),
      aVital('heartRate', [90], { recordedAt: '2026-11-26T13:33:00.000Z', minutesSinceDose: 13 }),
    ];
    expect(readings(vitals, START).map((r) => [r.key, r.at, r.older])).toEqual([
      ['bp', 'at 1 min', true],
      ['heartRate', 'at 13 min', false],
    ]);
  });
});

describe('criticalStates: what replaces "next check in N min" while a critical flag is unresolved', () => {
  it('lists unresolved critical flags, open first, with who acknowledged', () => {
    const open = aFlag({
      severity: 'critical',
      status: 'open',
      rule: 'bp.severe',
      message: 'BP 188/112 at 13 min: systolic >= 180',
      createdAt: '2026-11-26T13:33:00.000Z',
    });
    const acknowledged = aFlag({
      severity: 'critical',
      status: 'acknowledged',
      rule: 'sedation.deep',
      acknowledgedAt: '2026-11-26T13:40:00.000Z',
      acknowledgedByName: 'Nurse Ng',
      createdAt: '2026-11-26T13:35:00.000Z',
    });
    const states = criticalStates([acknowledged, aFlag({ severity: 'warning' }), open]);
    expect(states.map((s) => [s.title, s.status, s.acknowledgedByName])).toEqual([
      ['Severe blood pressure', 'open', null],
      ['Deep sedation (MOAA/S)', 'acknowledged', 'Nurse Ng'],
    ]);
    expect(states[0]?.message).toContain('188/112');
  });
});

describe('boardCard and boardCards', () => {
  it('ticks the minutes since dose from the clock, not from the snapshot', () => {
    const item = aBoardItem({ startedAt: '2026-11-26T13:20:00.000Z', minutesSinceDose: 40 });
    expect(boardCard(item, at('2026-11-26T14:00:59Z')).minutesSinceDose).toBe(40);
    expect(boardCard(item, at('2026-11-26T14:01:00Z')).minutesSinceDose).toBe(41);
  });

  it.each([
    ['no flag', [], false],
    ['a warning', [aFlag({ severity: 'warning' })], false],
    [
      'an acknowledged critical flag',
      [aFlag({ severity: 'critical', status: 'acknowledged' })],
      true,
    ],
  ] as const)('%s: critical %s', (_case, flags, critical) => {
    expect(boardCard(aBoardItem({ openFlags: [...flags] }), at(BOARD_AT)).critical).toBe(critical);
  });

  it('labels the medication and keeps the server readiness', () => {
    const card = boardCard(
      aBoardItem({
        drug: 'ketamine',
        route: 'iv',
        doseMg: 35,
        readiness: aReadiness({ ready: true, reasons: [] }),
      }),
      at(BOARD_AT),
    );
    expect(card.medication).toBe('Ketamine 35 mg IV');
    expect(card.ready).toBe(true);
  });

  it('moves a card with an open critical flag to the top, the newest flag first', () => {
    const first = aBoardItem({ patientName: 'First', startedAt: '2026-11-26T12:50:00.000Z' });
    const older = aBoardItem({
      patientName: 'Older critical',
      startedAt: '2026-11-26T13:00:00.000Z',
      openFlags: [aFlag({ severity: 'critical', createdAt: '2026-11-26T13:30:00.000Z' })],
    });
    const newer = aBoardItem({
      patientName: 'Newer critical',
      startedAt: '2026-11-26T13:50:00.000Z',
      openFlags: [aFlag({ severity: 'critical', createdAt: '2026-11-26T13:55:00.000Z' })],
    });
    const acknowledged = aBoardItem({
      patientName: 'Acknowledged',
      startedAt: '2026-11-26T12:40:00.000Z',
      openFlags: [aFlag({ severity: 'critical', status: 'acknowledged' })],
    });
    expect(
      boardCards(aBoard([first, older, newer, acknowledged]), at(BOARD_AT)).map(
        (c) => c.patientName,
      ),
    ).toEqual(['Newer critical', 'Older critical', 'Acknowledged', 'First']);
  });

  it('orders patients by dose time (stable while the board updates)', () => {
    const later = aBoardItem({ patientName: 'Later', startedAt: '2026-11-26T13:50:00.000Z' });
    const earlier = aBoardItem({ patientName: 'Earlier', startedAt: '2026-11-26T12:50:00.000Z' });
    expect(boardCards(aBoard([later, earlier]), at(BOARD_AT)).map((c) => c.patientName)).toEqual([
      'Earlier',
      'Later',
    ]);
  });
});

describe('monitoringEndedBetween', () => {
  const board = aBoard([
    aBoardItem({ readiness: aReadiness({ monitoringEndsAt: '2026-11-26T14:10:00.000Z' }) }),
  ]);
  it.each([
    ['before the end', '2026-11-26T14:09:00Z', '2026-11-26T14:09:30Z', false],
    ['across the end', '2026-11-26T14:09:50Z', '2026-11-26T14:10:20Z', true],
    ['after the end', '2026-11-26T14:10:30Z', '2026-11-26T14:11:00Z', false],
  ])('%s', (_case, previous, now, expected) => {
    expect(monitoringEndedBetween(board, at(previous), at(now))).toBe(expected);
  });

  it('ignores patients already ready', () => {
    const ready = aBoard([
      aBoardItem({
        readiness: aReadiness({ ready: true, monitoringEndsAt: '2026-11-26T14:10:00.000Z' }),
      }),
    ]);
    expect(
      monitoringEndedBetween(ready, at('2026-11-26T14:09:50Z'), at('2026-11-26T14:10:20Z')),
    ).toBe(false);
  });
});

describe('newFlags', () => {
  it('lists the flags that were not on the previous board, most severe first', () => {
    const kept = aFlag({ severity: 'warning' });
    const before = aBoard([aBoardItem({ patientName: 'Ada', openFlags: [kept] })]);
    const warning = aFlag({ severity: 'warning' });
    const critical = aFlag({ severity: 'critical' });
    const after = aBoard([
      aBoardItem({ patientName: 'Ada', openFlags: [kept, warning] }),
      aBoardItem({ patientName: 'Ben', openFlags: [critical] }),
    ]);
    expect(newFlags(before, after)).toEqual([
      { patientName: 'Ben', sessionId: after.items[1]?.sessionId, flag: critical },
      { patientName: 'Ada', sessionId: after.items[0]?.sessionId, flag: warning },
    ]);
  });

  it('counts a critical flag reopened by new evidence as new', () => {
    const acknowledged = aFlag({ severity: 'critical', status: 'acknowledged' });
    const item = aBoardItem({ openFlags: [acknowledged] });
    const reopened = { ...acknowledged, status: 'open' as const, newEvidenceSince: BOARD_AT };
    const after = aBoard([{ ...item, openFlags: [reopened] }]);
    expect(newFlags(aBoard([item]), after).map((entry) => entry.flag)).toEqual([reopened]);
    expect(newFlags(after, after)).toEqual([]);
  });

  it('includes new flags of patients at home (the attention list)', () => {
    const before = aBoard([]);
    const item9 = aFlagListItem({ severity: 'critical', patientName: 'Cleo' });
    expect(newFlags(before, aBoard([], undefined, [item9]))).toEqual([
      { patientName: 'Cleo', sessionId: null, flag: item9 },
    ]);
    expect(newFlags(aBoard([], undefined, [item9]), aBoard([], undefined, [item9]))).toEqual([]);
  });

  it('announces nothing on the first board', () => {
    expect(newFlags(null, aBoard([aBoardItem({ openFlags: [aFlag()] })]))).toEqual([]);
  });
});
