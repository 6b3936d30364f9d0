import type { PutSafetyPlanRequest, SafetyPlanDto } from '@clinic/shared';

import { CRISIS_LINE } from '../../ui/labels';

export type ListStep =
  | 'warningSigns'
  | 'copingStrategies'
  | 'socialDistractions'
  | 'helpContacts'
  | 'professionalContacts';
export type TextStep = 'meansSafety' | 'reasonsForLiving';

export interface PlanStep<K> {
  key: K;
  /** Step number of the Stanley-Brown plan (null: reasons for living, not a numbered step). */
  number: number | null;
  title: string;
  /** The question the clinician asks the patient (Stanley & Brown 2012). */
  prompt: string;
  /** One entry's name in a list step. */
  item: string;
}

/** The Stanley-Brown safety plan (Stanley & Brown 2012; CLINICAL.md s10), in its order. */
export const LIST_STEPS: readonly PlanStep<ListStep>[] = [
  {
    key: 'warningSigns',
    number: 1,
    title: 'Warning signs',
    prompt: 'Thoughts, images, moods, situations or behaviour that a crisis may be developing.',
    item: 'Warning sign',
  },
  {
    key: 'copingStrategies',
    number: 2,
    title: 'Internal coping strategies',
    prompt: 'Things to take the mind off problems without contacting another person.',
    item: 'Coping strategy',
  },
  {
    key: 'socialDistractions',
    number: 3,
    title: 'People and social settings that distract',
    prompt: 'People to be with and places to go that help take the mind off things.',
    item: 'Person or place',
  },
  {
    key: 'helpContacts',
    number: 4,
    title: 'Family or friends who can help',
    prompt: 'People to ask for help in a crisis, with how to reach them.',
    item: 'Contact',
  },
  {
    key: 'professionalContacts',
    number: 5,
    title: 'Professionals and agencies to contact in a crisis',
    prompt: 'Clinicians, the clinic, the local emergency department, and the crisis line.',
    item: 'Professional or agency',
  },
];

export const MEANS_SAFETY_STEP: PlanStep<TextStep> = {
  key: 'meansSafety',
  number: 6,
  title: 'Making the environment safe',
  prompt: 'How access to lethal means (medicines, firearms, other means) is reduced, and by whom.',
  item: '',
};

export const REASONS_STEP: PlanStep<TextStep> = {
  key: 'reasonsForLiving',
  number: null,
  title: 'Reasons for living',
  prompt: 'What the patient says is most important to them and worth living for.',
  item: '',
};

/** A blank plan; step 5 starts with the crisis line offered (it can be removed). */
export function blankPlan(): PutSafetyPlanRequest {
  return {
    warningSigns: [''],
    copingStrategies: [''],
    socialDistractions: [''],
    helpContacts: [''],
    professionalContacts: [CRISIS_LINE],
    meansSafety: '',
    reasonsForLiving: '',
  };
}

/** The plan as the form edits it: each list with at least one row to type in. */
export function draftOf(plan: SafetyPlanDto | null): PutSafetyPlanRequest {
  if (plan === null) {
    return blankPlan();
  }
  const rows = (list: readonly string[]): string[] => (list.length > 0 ? [...list] : ['']);
  return {
    warningSigns: rows(plan.warningSigns),
    copingStrategies: rows(plan.copingStrategies),
    socialDistractions: rows(plan.socialDistractions),
    helpContacts: rows(plan.helpContacts),
    professionalContacts: rows(plan.professionalContacts),
    meansSafety: plan.meansSafety,
    reasonsForLiving: plan.reasonsForLiving,
  };
}

/** What is sent: entries trimmed, blank rows dropped. */
export function requestOf(draft: PutSafetyPlanRequest): PutSafetyPlanRequest {
  const clean = (list: readonly string[]): string[] =>
    list.map((entry) => entry.trim()).filter((entry) => entry !== '');
  return {
    warningSigns: clean(draft.warningSigns),
    copingStrategies: clean(draft.copingStrategies),
    socialDistractions: clean(draft.socialDistractions),
    helpContacts: clean(draft.helpContacts),
    professionalContacts: clean(draft.professionalContacts),
    meansSafety: draft.meansSafety.trim(),
    reasonsForLiving: draft.reasonsForLiving.trim(),
  };
}

/** Whether the crisis line is among the professional contacts (by its number). */
export function hasCrisisLine(contacts: readonly string[]): boolean {
  return contacts.some((entry) => /\b988\b/.test(entry));
}
