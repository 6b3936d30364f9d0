import { after, ago, cssrs, DAY, HOUR, records, run } from './testing/fixtures';
import type { RuleCssrs, RuleId } from './types';

const AT = ago(2 * DAY);
/** Q2 yes with Q3-Q5 no, then the given fields. */
const ideation = (fields: Partial<RuleCssrs> = {}): Partial<RuleCssrs> => ({
  wishDead: true,
  suicidalThoughts: true,
  method: false,
  intent: false,
  plan: false,
  ...fields,
});

describe('suicide_risk.high and suicide_risk.moderate (Columbia triage, CLINICAL.md s10)', () => {
  it.each<[string, Partial<RuleCssrs>, RuleId | null]>([
    ['all no', {}, null],
    ['Q1 only (low)', { wishDead: true }, null],
    ['Q2, Q3-Q5 no (low)', ideation(), null],
    ['Q3 method (moderate)', ideation({ method: true }), 'suicide_risk.moderate'],
    [
      'behaviour more than 3 months ago (moderate)',
      { behavior: true, behaviorPast3Months: false },
      'suicide_risk.moderate',
    ],
    ['Q4 intent (high)', ideation({ intent: true }), 'suicide_risk.high'],
    ['Q5 plan (high)', ideation({ method: true, plan: true }), 'suicide_risk.high'],
    [
      'behaviour within the past 3 months (high)',
      { behavior: true, behaviorPast3Months: true },
      'suicide_risk.high',
    ],
  ])('%s -> %p', (_label, fields, rule) => {
    const recs = records({ cssrs: [cssrs('c', AT, fields)] });
    const fired = (['suicide_risk.high', 'suicide_risk.moderate'] as const).filter(
      (id) => run(id, recs).length > 0,
    );
    expect(fired).toEqual(rule === null ? [] : [rule]);
  });

  it('names the answers, the level and the action in the clinic zone', () => {
    const screener = cssrs('c1', '2026-01-15T14:05:00.000Z', ideation({ plan: true }));
    const [found] = run(
      'suicide_risk.high',
      records({ cssrs: [screener], timeZone: 'America/New_York' }),
    );
    expect(found).toMatchObject({
      rule: 'suicide_risk.high',
      category: 'suicidality',
      severity: 'critical',
      subjectSessionId: null,
      sessionId: null,
      triggers: ['c1'],
      threshold: { risk: 'high' },
    });
    expect(found.message).toBe(
      'C-SSRS screener 15 Jan 2026, 09:05 EST: intent with a specific plan (Q5): high risk; the ' +
        'patient is not left alone until a psychiatrist has evaluated them (emergency pathway)',
    );
    expect(found.evidence).toEqual({
      cssrs: [
        {
          id: 'c1',
          administeredAt: '2026-01-15T14:05:00.000Z',
          risk: 'high',
          wishDead: true,
          suicidalThoughts: true,
          method: false,
          intent: false,
          plan: true,
          behavior: false,
          behaviorPast3Months: null,
          phq9Id: null,
        },
      ],
    });
  });

  it('every screener of the level is a trigger; the message names the latest', () => {
    const older = cssrs('z-old', AT, { behavior: true, behaviorPast3Months: false });
    const newer = cssrs('a-new', after(AT, 6 * HOUR), ideation({ method: true }));
    const low = cssrs('low', after(AT, 12 * HOUR), { wishDead: true });
    const [found] = run('suicide_risk.moderate', records({ cssrs: [newer, low, older] }));
    expect(found.severity).toBe('warning');
    expect(found.triggers).toEqual(['a-new', 'z-old']);
    expect(found.message).toMatch(
      /^C-SSRS screener .* UTC: thoughts of a method without plan or intent \(Q3\): moderate risk; psychiatrist review and a safety plan the same day; 2 C-SSRS screeners with moderate risk in all$/,
    );
    expect(run('suicide_risk.high', records({ cssrs: [newer, low, older] }))).toEqual([]);
  });

  it('names each answer that made the level', () => {
    const screener = cssrs(
      'c',
      AT,
      ideation({ intent: true, behavior: true, behaviorPast3Months: true }),
    );
    const [found] = run('suicide_risk.high', records({ cssrs: [screener] }));
    expect(found.message).toMatch(
      /: intent to act without a specific plan \(Q4\), suicidal behaviour within the past 3 months \(Q6\): high risk;/,
    );
  });
});
