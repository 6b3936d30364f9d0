import type { CssrsRisk } from '@clinic/shared';

/** The crisis line offered with every safety plan (CLINICAL.md s10: 988 in the US). */
export const CRISIS_LINE = '988 Suicide & Crisis Lifeline (call or text 988)';

export interface RiskWording {
  /** "Moderate risk": always shown in words next to the colour, never colour alone. */
  label: string;
  /** What the clinic does now (CLINICAL.md s10, Columbia triage). */
  action: string;
  /** What is still to do once the safety plan is saved. */
  afterPlan: string;
  /** Badge / alert tone. */
  tone: 'danger' | 'warning' | 'info' | 'neutral';
}

export const RISK_WORDING: Readonly<Record<CssrsRisk, RiskWording>> = {
  high: {
    label: 'High risk',
    action:
      'Do not leave the patient alone until a psychiatrist has evaluated them: start the ' +
      'emergency pathway now.',
    afterPlan: 'Stay with the patient until the psychiatrist has evaluated them.',
    tone: 'danger',
  },
  moderate: {
    label: 'Moderate risk',
    action: 'Psychiatrist review and a safety plan today.',
    afterPlan: 'Still to do: the psychiatrist reviews the patient today.',
    tone: 'warning',
  },
  low: {
    label: 'Low risk',
    action: `Write or review the safety plan and give the crisis line: ${CRISIS_LINE}.`,
    afterPlan: 'Give the patient a copy of the plan and the crisis line (988).',
    tone: 'info',
  },
  none: {
    label: 'No risk identified',
    action: 'All answers no: the screener identifies no suicide risk.',
    afterPlan: 'Give the patient a copy of the plan.',
    tone: 'neutral',
  },
};

/** Whether a level asks for a safety plan (low, moderate, high: CLINICAL.md s10). */
export function needsSafetyPlan(risk: CssrsRisk): boolean {
  return risk !== 'none';
}
