import { formatUtc } from './rule-helpers';
import { mergeThresholds, type ThresholdOverrides } from '../thresholds';
import { after, ago, DAY, HOUR, phq, records, run, session } from './testing/fixtures';
import type { RulePhq9 } from './types';

const S1 = session('s1', { sessionNumber: 1, startedAt: ago(5 * DAY), status: 'discharged' });
const S2 = session('s2', { sessionNumber: 2, startedAt: ago(2 * DAY), status: 'discharged' });
const BASELINE = phq('base', after(S1.startedAt, -3 * DAY), 12, { recall: 'two_weeks' });

describe('times in flag messages', () => {
  it("are written in the clinic's time zone when the records carry it", () => {
    const s = session('s1', { sessionNumber: 1, startedAt: '2026-01-14T14:00:00.000Z' });
    const answer = phq('a', '2026-01-15T14:05:00.000Z', 14, { item9: 1 });
    const [found] = run(
      'phq9.item9_positive',
      records({ sessions: [s], phq9: [answer], timeZone: 'America/New_York' }),
      mergeThresholds(null),
      new Date('2026-01-15T15:00:00.000Z'),
    );
    expect(found.message).toMatch(
      /^PHQ-9 item 9 answered 1 .* on 15 Jan 2026, 09:05 EST, 24\.1 h after session 1:/,
    );
  });
});

describe('phq9.item9_positive (any answer >= 1, valid or not)', () => {
  it.each<[string, boolean, RulePhq9]>([
    ['item 9 = 0', false, phq('a', after(S2.startedAt, 24 * HOUR), 14, { item9: 0 })],
    ['item 9 = 1', true, phq('a', after(S2.startedAt, 24 * HOUR), 14, { item9: 1 })],
    ['item 9 = 3', true, phq('a', after(S2.startedAt, 24 * HOUR), 14, { item9: 3 })],
    ['item 9 missing', false, phq('a', after(S2.startedAt, 24 * HOUR), 14, { item9: null })],
    [
      'an invalid PHQ-9 with item 9 = 2',
      true,
      phq('a', after(S2.startedAt, 24 * HOUR), null, { item9: 2 }),
    ],
  ])('%s -> fires %p', (_label, fires, answer) => {
    const found = run(
      'phq9.item9_positive',
      records({ sessions: [S1, S2], phq9: [BASELINE, answer] }),
    );
    expect(found).toHaveLength(fires ? 1 : 0);
  });

  it('names the answer, the time and the hours since the dose; every positive PHQ-9 is a trigger', () => {
    const earlier = phq('z-early', after(S1.startedAt, 30 * HOUR), 10, { item9: 1 });
    const latest = phq('a-late', after(S2.startedAt, 24 * HOUR), 14, { item9: 2 });
    const [found] = run(
      'phq9.item9_positive',
      records({ sessions: [S2, S1], phq9: [latest, BASELINE, earlier] }),
    );
    expect(found).toMatchObject({
      rule: 'phq9.item9_positive',
      category: 'suicidality',
      severity: 'critical',
      subjectSessionId: null,
      sessionId: 's2',
      threshold: { item9AtLeast: 1 },
      triggers: ['a-late', 'z-early'],
    });
    expect(found.message).toBe(
      `PHQ-9 item 9 answered 2 ("More than half the days") on ${formatUtc(after(S2.startedAt, 24 * HOUR))}, 24 h after session 2: item 9 >= 1 needs ` +
        'same-day clinician review; 2 PHQ-9s with item 9 >= 1 in all',
    );
    expect(found.evidence).toEqual({
      phq9: [
        expect.objectContaining({ id: 'z-early', item9: 1, total: 10 }),
        expect.objectContaining({ id: 'a-late', item9: 2, total: 14 }),
      ],
    });
  });

  it('before any session it says so, and has no context session', () => {
    const [found] = run(
      'phq9.item9_positive',
      records({
        sessions: [S1],
        phq9: [phq('b', BASELINE.administeredAt, 12, { item9: 1, recall: 'two_weeks' })],
      }),
    );
    expect(found.message).toMatch(/, before the first session: item 9 >= 1/);
    expect(found.sessionId).toBeNull();
  });

  it('uses the session the PHQ-9 was recorded with (a pre-dose PHQ-9 is before it)', () => {
    const preDose = phq('p', after(S2.startedAt, -2 * HOUR), 12, { item9: 1, sessionId: 's2' });
    const [found] = run('phq9.item9_positive', records({ sessions: [S1, S2], phq9: [preDose] }));
    expect(found.sessionId).toBe('s2');
    expect(found.message).toMatch(/, 2 h before session 2: /);
  });

  it('keeps the cut-off at 1 whatever a clinic stored before v2 (CLINICAL.md s4 v2: fixed)', () => {
    const recs = records({
      sessions: [S1],
      phq9: [phq('a', after(S1.startedAt, 24 * HOUR), 10, { item9: 1 })],
    });
    const stored = { phq9: { item9AtLeast: 2 } } as unknown as ThresholdOverrides;
    const [found] = run('phq9.item9_positive', recs, mergeThresholds(stored));
    expect(found).toMatchObject({ threshold: { item9AtLeast: 1 }, triggers: ['a'] });
  });
});

describe('phq9.item9_unanswered (item 9 missing, valid or not, whatever the total)', () => {
  const at24 = after(S2.startedAt, 24 * HOUR);
  it.each<[string, boolean, RulePhq9]>([
    ['item 9 = 0', false, phq('a', at24, 14, { item9: 0 })],
    ['item 9 = 1 (positive, answered)', false, phq('a', at24, 14, { item9: 1 })],
    ['item 9 missing, total prorated', true, phq('a', at24, 14, { item9: null })],
    ['item 9 missing, total 0', true, phq('a', at24, 0, { item9: null })],
    ['item 9 missing, invalid (no total)', true, phq('a', at24, null, { item9: null })],
  ])('%s -> fires %p', (_label, fires, answer) => {
    const found = run(
      'phq9.item9_unanswered',
      records({ sessions: [S1, S2], phq9: [BASELINE, answer] }),
    );
    expect(found).toHaveLength(fires ? 1 : 0);
  });

  it('says suicidality is unknown and to ask item 9 the same day; every such PHQ-9 is a trigger', () => {
    const earlier = phq('z-early', after(S1.startedAt, 30 * HOUR), 10, { item9: null });
    const latest = phq('a-late', at24, null, { item9: null, sessionId: 's2' });
    const [found] = run(
      'phq9.item9_unanswered',
      records({ sessions: [S1, S2], phq9: [latest, BASELINE, earlier] }),
    );
    expect(found).toMatchObject({
      rule: 'phq9.item9_unanswered',
      category: 'suicidality',
      severity: 'warning',
      subjectSessionId: null,
      sessionId: 's2',
      threshold: { item9Required: true },
      triggers: ['a-late', 'z-early'],
    });
    expect(found.message).toBe(
      `PHQ-9 on ${formatUtc(at24)}, 24 h after session 2 recorded ` +
        'with item 9 not answered (no total (invalid)): suicidality is unknown; ask item 9 the ' +
        'same day; 2 PHQ-9s with item 9 not answered in all',
    );
    expect(found.evidence).toEqual({
      phq9: [
        expect.objectContaining({ id: 'z-early', item9: null, total: 10 }),
        expect.objectContaining({ id: 'a-late', item9: null, total: null, valid: false }),
      ],
    });
  });

  it('an unanswered PHQ-9 entered in error (absent from the records) raises nothing', () => {
    const answered = phq('a', at24, 12, { item9: 0 });
    expect(
      run('phq9.item9_unanswered', records({ sessions: [S1, S2], phq9: [BASELINE, answered] })),
    ).toEqual([]);
  });
});

describe('phq9.worsening (latest valid total >= course baseline + 5)', () => {
  it.each<[string, number, boolean]>([
    ['baseline 12, latest 16', 16, false],
    ['baseline 12, latest 17', 17, true],
    ['baseline 12, latest 22', 22, true],
  ])('%s -> fires %p', (_label, total, fires) => {
    const latest = phq('l', after(S2.startedAt, 24 * HOUR), total);
    const found = run('phq9.worsening', records({ sessions: [S1, S2], phq9: [BASELINE, latest] }));
    expect(found.map((c) => c.triggers)).toEqual(fires ? [['l']] : []);
  });

  it('judges only the latest valid PHQ-9', () => {
    const worse = phq('w', after(S1.startedAt, 24 * HOUR), 20);
    const better = phq('b', after(S2.startedAt, 24 * HOUR), 14);
    const invalid = phq('i', after(S2.startedAt, 48 * HOUR), null);
    const sessions = [S1, S2];
    expect(run('phq9.worsening', records({ sessions, phq9: [worse, better, BASELINE] }))).toEqual(
      [],
    );
    const worseLater = { ...worse, administeredAt: after(S2.startedAt, 30 * HOUR) };
    const found = run(
      'phq9.worsening',
      records({ sessions, phq9: [invalid, worseLater, better, BASELINE] }),
    );
    expect(found.map((c) => c.triggers)).toEqual([['w']]);
  });

  it('names the totals, the baseline and the limit', () => {
    const latest = phq('l', after(S2.startedAt, 24 * HOUR), 18, { sessionId: 's2' });
    const [found] = run(
      'phq9.worsening',
      records({ sessions: [S1, S2], phq9: [BASELINE, latest] }),
    );
    expect(found).toMatchObject({
      category: 'response',
      severity: 'warning',
      subjectSessionId: null,
      sessionId: 's2',
      threshold: { worseningPoints: 5 },
      evidence: { baseline: { id: 'base', total: 12 }, points: 6 },
    });
    expect(found.message).toMatch(
      /^PHQ-9 total 18 on .* 24 h after session 2 is 6 points above the course baseline of 12 \(.*\): total >= baseline \+ 5$/,
    );
  });

  it.each<[string, RulePhq9[]]>([
    ['no PHQ-9 before the course', []],
    [
      'a baseline more than 30 days before session 1',
      [phq('old', after(S1.startedAt, -31 * DAY), 8, { recall: 'two_weeks' })],
    ],
    ['only a 24-hour-recall PHQ-9 before the course', [phq('r', after(S1.startedAt, -DAY), 8)]],
    [
      'an invalid two-week PHQ-9 before the course',
      [phq('inv', after(S1.startedAt, -DAY), null, { recall: 'two_weeks' })],
    ],
  ])('no baseline (%s) -> nothing', (_label, before) => {
    const latest = phq('l', after(S2.startedAt, 24 * HOUR), 27);
    expect(
      run('phq9.worsening', records({ sessions: [S1, S2], phq9: [...before, latest] })),
    ).toEqual([]);
  });

  it('the baseline alone is no worsening', () => {
    expect(
      run(
        'phq9.worsening',
        records({ sessions: [S1], phq9: [BASELINE] }),
        mergeThresholds({ phq9: { worseningPoints: 1 } }),
      ),
    ).toEqual([]);
  });

  it("follows the clinic's worsening points", () => {
    const recs = records({
      sessions: [S1, S2],
      phq9: [BASELINE, phq('l', after(S2.startedAt, 24 * HOUR), 15)],
    });
    expect(run('phq9.worsening', recs)).toEqual([]);
    const [found] = run('phq9.worsening', recs, mergeThresholds({ phq9: { worseningPoints: 3 } }));
    expect(found.threshold).toEqual({ worseningPoints: 3 });
  });
});
