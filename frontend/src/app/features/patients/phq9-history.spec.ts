import type { SessionSummaryDto } from '@clinic/shared';

import { afterDoseLabel } from './phq9-history.component';

const session = (id: string, sessionNumber: number, startedAt: string): SessionSummaryDto =>
  ({ id, sessionNumber, startedAt, enteredInError: null }) as SessionSummaryDto;

describe('afterDoseLabel: hours from the latest session that started before the PHQ-9 (issue 20)', () => {
  const doses = [
    session('s5', 5, '2026-11-28T10:00:00.000Z'),
    session('s6', 6, '2026-12-01T11:00:00.000Z'),
  ];
  it.each<[string, string, string | null, string]>([
    [
      'taken before session 6 started, recorded with session 6',
      '2026-12-01T10:06:00.000Z',
      's6',
      '72.1 h after session 5 · pre-dose, session 6',
    ],
    [
      'taken before session 6, not linked',
      '2026-12-01T10:06:00.000Z',
      null,
      '72.1 h after session 5',
    ],
    ['24 h after session 6', '2026-12-02T11:00:00.000Z', 's6', '24 h after session 6'],
    ['before any session', '2026-11-20T10:00:00.000Z', null, 'Before the first session'],
    [
      'before any session, recorded with session 5',
      '2026-11-28T09:00:00.000Z',
      's5',
      'Before the first session · pre-dose, session 5',
    ],
  ])('%s -> %s', (_label, administeredAt, sessionId, expected) => {
    expect(afterDoseLabel({ administeredAt, sessionId }, doses)).toBe(expected);
  });
});
