import { DEFAULT_THRESHOLDS, mergeThresholds } from './thresholds';
import { DEFAULT_CRISIS_TEXT, followUpSchedule, followUpStatus } from './followups';

const START = '2026-11-26T14:00:00.000Z';

describe('followUpSchedule', () => {
  it('opens the 24-h request 12-36 h and the 72-h request 48-96 h after the dose (CLINICAL.md s5)', () => {
    expect(followUpSchedule(START, DEFAULT_THRESHOLDS)).toEqual([
      {
        kind: '24h',
        dueAt: '2026-11-27T14:00:00.000Z',
        opensAt: '2026-11-27T02:00:00.000Z',
        expiresAt: '2026-11-28T02:00:00.000Z',
      },
      {
        kind: '72h',
        dueAt: '2026-11-29T14:00:00.000Z',
        opensAt: '2026-11-28T14:00:00.000Z',
        expiresAt: '2026-11-30T14:00:00.000Z',
      },
    ]);
  });

  it("follows a clinic's windows", () => {
    const t = mergeThresholds({ response: { window24h: { min: 18, max: 30, target: 24 } } });
    expect(followUpSchedule(START, t)[0]).toMatchObject({
      opensAt: '2026-11-27T08:00:00.000Z',
      expiresAt: '2026-11-27T20:00:00.000Z',
    });
  });
});

describe('followUpStatus', () => {
  const request = {
    opensAt: '2026-11-27T02:00:00.000Z',
    expiresAt: '2026-11-28T02:00:00.000Z',
    completedAt: null,
  };
  it.each([
    ['2026-11-27T01:59:59.999Z', 'scheduled'],
    ['2026-11-27T02:00:00.000Z', 'open'],
    ['2026-11-28T02:00:00.000Z', 'open'],
    ['2026-11-28T02:00:00.001Z', 'expired'],
  ])('at %s it is %s', (now, status) => {
    expect(followUpStatus(request, now)).toBe(status);
  });
  it('is completed once answered, whatever the time', () => {
    expect(
      followUpStatus(
        { ...request, completedAt: '2026-11-27T10:00:00.000Z' },
        '2026-12-30T00:00:00.000Z',
      ),
    ).toBe('completed');
  });
  it('has a crisis text naming emergency services and 988', () => {
    expect(DEFAULT_CRISIS_TEXT).toMatch(/911/);
    expect(DEFAULT_CRISIS_TEXT).toMatch(/988/);
  });
});
