import { PHQ9_LOINC, type RecallPeriod } from '@clinic/shared';

/**
 * The PHQ-9 as printed (Kroenke, Spitzer & Williams 2001; Pfizer, free to use), item by item with
 * its LOINC code (panel 44249-1, CLINICAL.md s1).
 */
export const PHQ9_QUESTIONS: readonly { text: string; loinc: string }[] = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
].map((text, index) => ({ text, loinc: PHQ9_LOINC.items[index] ?? '' }));

/**
 * The question stem for each recall period. The 24-hour wording is the modified recall used 24-72 h
 * after a dose; no validated 24-hour PHQ-9 exists (CLINICAL.md s1), so it is labelled apart.
 */
export const PHQ9_STEMS: Record<RecallPeriod, string> = {
  two_weeks:
    'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  '24_hours':
    'Over the last 24 hours, how often have you been bothered by any of the following problems?',
};

/** Answers 0-3, LOINC answer list LL358-3 (CLINICAL.md s1). */
export const PHQ9_ANSWERS: readonly string[] = [
  'Not at all',
  'Several days',
  'More than half the days',
  'Nearly every day',
];

/** Item 10, recorded and not scored (LOINC 69722-7). */
export const PHQ9_ITEM10_QUESTION =
  'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?';

/** Answers 0-3 of item 10. */
export const PHQ9_ITEM10_ANSWERS: readonly string[] = [
  'Not difficult at all',
  'Somewhat difficult',
  'Very difficult',
  'Extremely difficult',
];
