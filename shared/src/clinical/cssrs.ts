/**
 * Columbia Suicide Severity Rating Scale, screener version (CLINICAL.md s10): the Columbia triage
 * level, the skip logic of its questions and the action each level calls for.
 * Source: CLINICAL.md s10 (C-SSRS screener, "Risk (Columbia triage)"); Posner 2011 (Am J Psychiatry).
 */
import type { CssrsAnswers, CssrsRisk } from '../api/suicide-risk';

/** The answer fields, in question order (Q1-Q6 and the Q6 follow-up). */
export const CSSRS_FIELDS = [
  'wishDead',
  'suicidalThoughts',
  'method',
  'intent',
  'plan',
  'behavior',
  'behaviorPast3Months',
] as const;
export type CssrsField = (typeof CSSRS_FIELDS)[number];

/** Q3-Q5: asked only when Q2 (non-specific active suicidal thoughts) is yes. Source: CLINICAL.md s10. */
export const CSSRS_IDEATION_FOLLOW_UPS = ['method', 'intent', 'plan'] as const;

/** What each answer means, in the words of the flag messages (question number in brackets). */
export const CSSRS_ANSWER_LABELS = {
  wishDead: 'wish to be dead (Q1)',
  suicidalThoughts: 'non-specific active suicidal thoughts (Q2)',
  method: 'thoughts of a method without plan or intent (Q3)',
  intent: 'intent to act without a specific plan (Q4)',
  plan: 'intent with a specific plan (Q5)',
  behaviorRecent: 'suicidal behaviour within the past 3 months (Q6)',
  behaviorOlder: 'suicidal behaviour more than 3 months ago (Q6)',
} as const;

/** The action each level calls for. Source: CLINICAL.md s10 (Columbia triage). */
export const CSSRS_ACTIONS: Readonly<Record<CssrsRisk, string>> = {
  high: 'the patient is not left alone until a psychiatrist has evaluated them (emergency pathway)',
  moderate: 'psychiatrist review and a safety plan the same day',
  low: 'safety plan and crisis line information (988 in the US)',
  none: 'no action from the screener',
};

const yes = (answer: boolean | null | undefined): boolean => answer === true;

/**
 * The answers that set the Columbia triage level, as labels, strongest first (empty for `none`):
 * high = Q4 or Q5 yes, or behaviour within the past 3 months; moderate = Q3 yes, or behaviour more
 * than 3 months ago; low = Q1 or Q2 yes only. Q3-Q5 count only when Q2 is yes (they are not asked
 * otherwise). Behaviour whose recency is not given counts as recent: the safer reading.
 */
export function cssrsRiskReasons(answers: CssrsAnswers): string[] {
  const ideation = yes(answers.suicidalThoughts);
  const behavior = yes(answers.behavior);
  const recent = behavior && answers.behaviorPast3Months !== false;
  const high: (string | null)[] = [
    ideation && yes(answers.plan) ? CSSRS_ANSWER_LABELS.plan : null,
    ideation && yes(answers.intent) ? CSSRS_ANSWER_LABELS.intent : null,
    recent ? CSSRS_ANSWER_LABELS.behaviorRecent : null,
  ];
  const moderate: (string | null)[] = [
    ideation && yes(answers.method) ? CSSRS_ANSWER_LABELS.method : null,
    behavior && !recent ? CSSRS_ANSWER_LABELS.behaviorOlder : null,
  ];
  const low: (string | null)[] = [
    ideation ? CSSRS_ANSWER_LABELS.suicidalThoughts : null,
    yes(answers.wishDead) ? CSSRS_ANSWER_LABELS.wishDead : null,
  ];
  for (const level of [high, moderate, low]) {
    const found = level.filter((label): label is string => label !== null);
    if (found.length > 0) return found;
  }
  return [];
}

/** The Columbia triage level of a screener (CLINICAL.md s10); see cssrsRiskReasons. */
export function cssrsRisk(answers: CssrsAnswers): CssrsRisk {
  const ideation = yes(answers.suicidalThoughts);
  const behavior = yes(answers.behavior);
  const recent = behavior && answers.behaviorPast3Months !== false;
  if ((ideation && (yes(answers.intent) || yes(answers.plan))) || recent) return 'high';
  if ((ideation && yes(answers.method)) || behavior) return 'moderate';
  if (ideation || yes(answers.wishDead)) return 'low';
  return 'none';
}

const given = (answer: boolean | null | undefined): boolean =>
  answer !== null && answer !== undefined;

/**
 * The fields that break the screener's questions (CLINICAL.md s10, API.md "Suicide risk"), in
 * question order: Q1, Q2 or Q6 missing; Q3-Q5 answered when Q2 is no, or missing when Q2 is yes;
 * the Q6 follow-up missing when Q6 is yes, or answered when Q6 is no. Empty when the answers are
 * complete and consistent.
 */
export function cssrsSkipProblems(answers: Partial<CssrsAnswers>): CssrsField[] {
  const problems: CssrsField[] = [];
  if (!given(answers.wishDead)) problems.push('wishDead');
  if (!given(answers.suicidalThoughts)) problems.push('suicidalThoughts');
  for (const field of CSSRS_IDEATION_FOLLOW_UPS) {
    if (answers.suicidalThoughts === true && !given(answers[field])) problems.push(field);
    if (answers.suicidalThoughts === false && given(answers[field])) problems.push(field);
  }
  if (!given(answers.behavior)) problems.push('behavior');
  if (answers.behavior === true && !given(answers.behaviorPast3Months)) {
    problems.push('behaviorPast3Months');
  }
  if (answers.behavior === false && given(answers.behaviorPast3Months)) {
    problems.push('behaviorPast3Months');
  }
  return problems;
}
