/**
 * The C-SSRS screener (Columbia Suicide Severity Rating Scale, screen version, "recent"; Posner
 * et al. 2011, cssrs.columbia.edu) in the words the clinician reads to the patient, and what each
 * risk level asks of the clinic (CLINICAL.md s10). Ideation questions (1-5) ask about the past
 * month; behaviour (6) about the lifetime, then whether it was within the past 3 months.
 */

export interface CssrsQuestion {
  /** The request field the answer is sent as (API.md "Suicide risk"). */
  field: 'wishDead' | 'suicidalThoughts' | 'method' | 'intent' | 'plan' | 'behavior';
  number: number;
  /** What the question screens for (the C-SSRS category). */
  topic: string;
  /** The question as asked. */
  text: string;
  /** Examples read out with the question, when the screener gives them. */
  examples: string | null;
}

export const CSSRS_IDEATION_PERIOD = 'In the past month';

export const CSSRS_QUESTIONS: readonly CssrsQuestion[] = [
  {
    field: 'wishDead',
    number: 1,
    topic: 'Wish to be dead',
    text: 'Have you wished you were dead or wished you could go to sleep and not wake up?',
    examples: null,
  },
  {
    field: 'suicidalThoughts',
    number: 2,
    topic: 'Non-specific active suicidal thoughts',
    text: 'Have you actually had any thoughts about killing yourself?',
    examples: null,
  },
  {
    field: 'method',
    number: 3,
    topic: 'Suicidal thoughts with a method (no plan or intent to act)',
    text: 'Have you thought about how you might do this?',
    examples: null,
  },
  {
    field: 'intent',
    number: 4,
    topic: 'Suicidal intent without a specific plan',
    text:
      'Have you had any intention of acting on these thoughts of killing yourself, as opposed ' +
      'to you have the thoughts but you definitely would not act on them?',
    examples: null,
  },
  {
    field: 'plan',
    number: 5,
    topic: 'Suicidal intent with a specific plan',
    text:
      'Have you started to work out or worked out the details of how to kill yourself? ' +
      'Do you intend to carry out this plan?',
    examples: null,
  },
  {
    field: 'behavior',
    number: 6,
    topic: 'Suicidal behaviour (lifetime)',
    text: 'Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
    examples:
      'Examples: collected pills, obtained a gun, gave away valuables, wrote a will or suicide ' +
      "note, took out pills but didn't swallow any, held a gun but changed your mind or it was " +
      "grabbed from your hand, went to the roof but didn't jump; or actually took pills, tried " +
      'to shoot yourself, cut yourself, tried to hang yourself, etc.',
  },
];

export const CSSRS_BEHAVIOR_RECENT_QUESTION = 'Was this within the past 3 months?';
