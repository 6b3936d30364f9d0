import type { CssrsAnswers, CssrsRisk } from '../api/suicide-risk';
import {
  CSSRS_ACTIONS,
  cssrsRisk,
  cssrsRiskReasons,
  cssrsSkipProblems,
  type CssrsField,
} from './cssrs';

const NO: CssrsAnswers = { wishDead: false, suicidalThoughts: false, behavior: false };
/** Q2 yes with Q3-Q5 answered no (then overridden). */
const IDEATION: CssrsAnswers = {
  wishDead: true,
  suicidalThoughts: true,
  method: false,
  intent: false,
  plan: false,
  behavior: false,
};

describe('cssrsRisk (Columbia triage, CLINICAL.md s10)', () => {
  it.each<[string, CssrsAnswers, CssrsRisk, string[]]>([
    ['all no', NO, 'none', []],
    ['Q1 only', { ...NO, wishDead: true }, 'low', ['wish to be dead (Q1)']],
    [
      'Q2 yes, Q3-Q5 no',
      { ...IDEATION, wishDead: false },
      'low',
      ['non-specific active suicidal thoughts (Q2)'],
    ],
    [
      'Q1 and Q2, Q3-Q5 no',
      IDEATION,
      'low',
      ['non-specific active suicidal thoughts (Q2)', 'wish to be dead (Q1)'],
    ],
    [
      'Q3 (method) yes',
      { ...IDEATION, method: true },
      'moderate',
      ['thoughts of a method without plan or intent (Q3)'],
    ],
    [
      'behaviour more than 3 months ago',
      { ...NO, behavior: true, behaviorPast3Months: false },
      'moderate',
      ['suicidal behaviour more than 3 months ago (Q6)'],
    ],
    [
      'Q3 yes and older behaviour',
      { ...IDEATION, method: true, behavior: true, behaviorPast3Months: false },
      'moderate',
      [
        'thoughts of a method without plan or intent (Q3)',
        'suicidal behaviour more than 3 months ago (Q6)',
      ],
    ],
    [
      'Q4 (intent) yes',
      { ...IDEATION, intent: true },
      'high',
      ['intent to act without a specific plan (Q4)'],
    ],
    [
      'Q5 (plan) yes',
      { ...IDEATION, method: true, plan: true },
      'high',
      ['intent with a specific plan (Q5)'],
    ],
    [
      'behaviour within the past 3 months, no ideation',
      { ...NO, behavior: true, behaviorPast3Months: true },
      'high',
      ['suicidal behaviour within the past 3 months (Q6)'],
    ],
    [
      'Q4, Q5 and recent behaviour',
      { ...IDEATION, intent: true, plan: true, behavior: true, behaviorPast3Months: true },
      'high',
      [
        'intent with a specific plan (Q5)',
        'intent to act without a specific plan (Q4)',
        'suicidal behaviour within the past 3 months (Q6)',
      ],
    ],
    [
      'behaviour with its recency missing counts as recent (the safer reading)',
      { ...NO, behavior: true },
      'high',
      ['suicidal behaviour within the past 3 months (Q6)'],
    ],
    [
      'Q3-Q5 answered although Q2 is no are not read (not asked)',
      { ...NO, method: true, intent: true, plan: true },
      'none',
      [],
    ],
    [
      'recency answered although Q6 is no is not read',
      { ...NO, behaviorPast3Months: true },
      'none',
      [],
    ],
    [
      'null follow-ups are "not asked"',
      { ...NO, method: null, behaviorPast3Months: null },
      'none',
      [],
    ],
  ])('%s -> %s', (_label, answers, risk, reasons) => {
    expect(cssrsRisk(answers)).toBe(risk);
    expect(cssrsRiskReasons(answers)).toEqual(reasons);
  });

  it('names the action of each level (CLINICAL.md s10)', () => {
    expect(CSSRS_ACTIONS.high).toMatch(/not left alone until a psychiatrist has evaluated them/);
    expect(CSSRS_ACTIONS.high).toMatch(/emergency pathway/);
    expect(CSSRS_ACTIONS.moderate).toMatch(/psychiatrist review and a safety plan the same day/);
    expect(CSSRS_ACTIONS.low).toMatch(/safety plan and crisis line .*988/);
  });
});

describe('cssrsSkipProblems (CLINICAL.md s10 skip logic)', () => {
  it.each<[string, Partial<CssrsAnswers>, CssrsField[]]>([
    ['all no, nothing else', NO, []],
    ['Q2 yes with Q3-Q5 answered', IDEATION, []],
    ['Q6 yes with its recency', { ...NO, behavior: true, behaviorPast3Months: false }, []],
    ['nothing answered', {}, ['wishDead', 'suicidalThoughts', 'behavior']],
    ['Q1 missing', { suicidalThoughts: false, behavior: false }, ['wishDead']],
    ['Q1 null', { ...NO, wishDead: null as unknown as boolean }, ['wishDead']],
    [
      'Q2 missing: Q3-Q5 cannot be judged, only Q2 is named',
      { wishDead: true, behavior: false },
      ['suicidalThoughts'],
    ],
    ['Q6 missing', { wishDead: false, suicidalThoughts: false }, ['behavior']],
    ['Q2 no, Q3 answered', { ...NO, method: false }, ['method']],
    ['Q2 no, Q4 answered', { ...NO, intent: true }, ['intent']],
    ['Q2 no, Q5 answered', { ...NO, plan: false }, ['plan']],
    [
      'Q2 yes, Q3-Q5 missing',
      { wishDead: true, suicidalThoughts: true, behavior: false },
      ['method', 'intent', 'plan'],
    ],
    ['Q2 yes, Q3 missing', { ...IDEATION, method: undefined }, ['method']],
    ['Q2 yes, Q4 null', { ...IDEATION, intent: null }, ['intent']],
    ['Q2 yes, Q5 missing', { ...IDEATION, plan: undefined }, ['plan']],
    ['Q6 yes, recency missing', { ...NO, behavior: true }, ['behaviorPast3Months']],
    ['Q6 no, recency answered', { ...NO, behaviorPast3Months: false }, ['behaviorPast3Months']],
  ])('%s -> %p', (_label, answers, problems) => {
    expect(cssrsSkipProblems(answers)).toEqual(problems);
  });
});
