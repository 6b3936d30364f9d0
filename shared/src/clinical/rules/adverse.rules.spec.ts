import { after, MINUTE, records, run, session, sideEffect } from './testing/fixtures';
import type { RuleSideEffect } from './types';

const S = session('s1', { sessionNumber: 2, startedAt: '2026-03-10T11:00:00.000Z' });
const S2 = session('s2', { sessionNumber: 3, startedAt: '2026-03-10T11:30:00.000Z' });
const at = (minutes: number) => after(S.startedAt, minutes * MINUTE);

describe('adverse.serious (a side effect recorded as serious, CLINICAL.md s3/s4 v2)', () => {
  it.each<[string, boolean, RuleSideEffect]>([
    ['a severe side effect, not serious', false, sideEffect('e', S, 'vomiting', at(30), 'severe')],
    [
      'a severe side effect marked not serious',
      false,
      sideEffect('e', S, 'vomiting', at(30), 'severe', { serious: false, seriousCriterion: null }),
    ],
    [
      'a mild side effect recorded as serious',
      true,
      sideEffect('e', S, 'headache', at(30), 'mild', {
        serious: true,
        seriousCriterion: 'important_medical_event',
      }),
    ],
    [
      'a side effect recorded before v2 (no serious field)',
      false,
      sideEffect('e', S, 'nausea', at(30), 'moderate'),
    ],
  ])('%s -> fires %p', (_label, fires, e) => {
    expect(run('adverse.serious', records({ sessions: [S], sideEffects: [e] }))).toHaveLength(
      fires ? 1 : 0,
    );
  });

  it('names the type, the criterion and the time of the latest; every serious one is a trigger', () => {
    const first = sideEffect('z-first', S, 'hypertension', at(20), 'severe', {
      serious: true,
      seriousCriterion: 'life_threatening',
    });
    const latest = sideEffect('a-latest', S, 'vomiting', at(45), 'moderate', {
      serious: true,
      seriousCriterion: 'hospitalisation',
    });
    const notSerious = sideEffect('m', S, 'nausea', at(50), 'severe');
    const [found] = run(
      'adverse.serious',
      records({ sessions: [S], sideEffects: [latest, notSerious, first] }),
    );
    expect(found).toMatchObject({
      rule: 'adverse.serious',
      category: 'adverse_event',
      severity: 'critical',
      subjectSessionId: 's1',
      sessionId: 's1',
      triggers: ['a-latest', 'z-first'],
    });
    expect(found.message).toBe(
      'Serious adverse event: vomiting (moderate), inpatient hospitalisation or its prolongation, ' +
        'onset 10 Mar 2026, 11:45 UTC (45 min after the dose start of session 2); 2 serious side ' +
        'effects in all',
    );
    expect(found.evidence).toEqual({
      sideEffects: [
        {
          id: 'z-first',
          type: 'hypertension',
          severity: 'severe',
          seriousCriterion: 'life_threatening',
          onsetAt: at(20),
        },
        {
          id: 'a-latest',
          type: 'vomiting',
          severity: 'moderate',
          seriousCriterion: 'hospitalisation',
          onsetAt: at(45),
        },
      ],
    });
  });

  it("writes the time in the clinic's zone", () => {
    const e = sideEffect('e', S, 'other', at(10), 'mild', {
      serious: true,
      seriousCriterion: 'death',
    });
    const [found] = run(
      'adverse.serious',
      records({ sessions: [S], sideEffects: [e], timeZone: 'America/New_York' }),
    );
    expect(found.message).toMatch(/, death, onset 10 Mar 2026, 07:10 EDT \(10 min after/);
  });

  it('one flag per session', () => {
    const serious = { serious: true, seriousCriterion: 'incapacity' as const };
    const found = run(
      'adverse.serious',
      records({
        sessions: [S, S2],
        sideEffects: [
          sideEffect('a', S, 'dizziness', at(10), 'severe', serious),
          sideEffect('b', S2, 'dizziness', after(S2.startedAt, 5 * MINUTE), 'severe', serious),
        ],
      }),
    );
    expect(found.map((c) => [c.subjectSessionId, c.triggers])).toEqual([
      ['s1', ['a']],
      ['s2', ['b']],
    ]);
  });

  it('a serious side effect entered in error (absent from the records) raises nothing', () => {
    const kept = sideEffect('k', S, 'nausea', at(10), 'mild');
    expect(run('adverse.serious', records({ sessions: [S], sideEffects: [kept] }))).toEqual([]);
  });
});
