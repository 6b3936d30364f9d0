import { followUpLine, followUpsDone } from './follow-ups';

describe('followUpLine', () => {
  it.each([
    [[], null],
    [[{ kind: '24h', status: 'completed' }], '24 h completed'],
    [
      [
        { kind: '72h', status: 'open' },
        { kind: '24h', status: 'expired' },
      ],
      '24 h expired · 72 h open',
    ],
    [
      [
        { kind: '24h', status: 'scheduled' },
        { kind: '72h', status: 'scheduled' },
      ],
      '24 h scheduled · 72 h scheduled',
    ],
  ] as const)('%j -> %s', (followUps, expected) => {
    expect(followUpLine(followUps)).toBe(expected);
  });
});

describe('followUpsDone', () => {
  it('counts the completed ones', () => {
    expect(
      followUpsDone([{ status: 'completed' }, { status: 'expired' }, { status: 'completed' }]),
    ).toBe(2);
    expect(followUpsDone([])).toBe(0);
  });
});
