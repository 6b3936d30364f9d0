/**
 * Request and response shapes of the suicide-risk workflow (API.md "v2 additions > Suicide risk",
 * CLINICAL.md s10): the C-SSRS screener and the Stanley-Brown safety plan.
 */
import type { EnteredInErrorMark, IsoDateTime, ListResponse } from './types';

/** Columbia triage level of a C-SSRS screener (CLINICAL.md s10). */
export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';
export const CSSRS_RISKS: readonly CssrsRisk[] = ['none', 'low', 'moderate', 'high'];

/**
 * The screener's answers (CLINICAL.md s10). Q1 `wishDead`, Q2 `suicidalThoughts`; Q3 `method`,
 * Q4 `intent`, Q5 `plan` only when Q2 is yes; Q6 `behavior`, and `behaviorPast3Months` only when
 * Q6 is yes. A question not asked is absent (in requests) or null (in responses).
 */
export interface CssrsAnswers {
  wishDead: boolean;
  suicidalThoughts: boolean;
  method?: boolean | null;
  intent?: boolean | null;
  plan?: boolean | null;
  behavior: boolean;
  behaviorPast3Months?: boolean | null;
}

export interface CreateCssrsRequest extends CssrsAnswers {
  /** When the screener was given (not in the future). */
  administeredAt: IsoDateTime;
  /** The PHQ-9 (of this patient) whose item 9 prompted the screener, if any. */
  phq9Id?: string | null;
}

export interface CssrsDto {
  id: string;
  patientId: string;
  administeredAt: IsoDateTime;
  /** Computed by the server from the answers (Columbia triage). */
  risk: CssrsRisk;
  wishDead: boolean;
  suicidalThoughts: boolean;
  /** null when not asked (Q2 no). */
  method: boolean | null;
  intent: boolean | null;
  plan: boolean | null;
  behavior: boolean;
  /** null when not asked (Q6 no). */
  behaviorPast3Months: boolean | null;
  phq9Id: string | null;
  recordedBy: string | null;
  recordedByName: string | null;
  createdAt: IsoDateTime;
  /** Set when the screener was marked entered in error (kept in history, out of the signals). */
  enteredInError: EnteredInErrorMark | null;
}

/** The six Stanley-Brown steps (Stanley & Brown 2012), as written by the clinician. */
export interface PutSafetyPlanRequest {
  /** Step 1: warning signs. */
  warningSigns: string[];
  /** Step 2: internal coping strategies. */
  copingStrategies: string[];
  /** Step 3: people and social settings that distract. */
  socialDistractions: string[];
  /** Step 4: family or friends who can help. */
  helpContacts: string[];
  /** Step 5: professionals and agencies to contact in a crisis (with the crisis line). */
  professionalContacts: string[];
  /** Step 6: making the environment safe (lethal means). */
  meansSafety: string;
  reasonsForLiving: string;
}

/** One version of a patient's safety plan; the current plan is the highest version. */
export interface SafetyPlanDto extends PutSafetyPlanRequest {
  patientId: string;
  version: number;
  /** When this version was written (the plan's last review). */
  updatedAt: IsoDateTime;
  updatedBy: string | null;
  updatedByName: string | null;
}

/** `GET /patients/:id/safety-plan/versions`: every version, newest first. */
export type SafetyPlanVersionDto = SafetyPlanDto;
export type SafetyPlanVersionsDto = ListResponse<SafetyPlanVersionDto>;
