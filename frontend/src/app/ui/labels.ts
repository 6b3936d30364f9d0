import { SERIOUS_CRITERION_LABELS } from '@clinic/shared';
import type {
  Drug,
  FlagSeverity,
  FlagStatus,
  Phq9Severity,
  RecallPeriod,
  ResponseStatus,
  RiskEventType,
  Role,
  Route,
  SeriousCriterion,
  SessionStatus,
  Sex,
  SideEffectSeverity,
  SideEffectType,
} from '@clinic/shared';

export const ROLE_LABELS: Record<Role, string> = {
  psychiatrist: 'Psychiatrist',
  nurse: 'Nurse',
  manager: 'Clinic manager',
  admin: 'Administrator',
};

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const DRUG_LABELS: Record<Drug, string> = {
  ketamine: 'Ketamine',
  esketamine: 'Esketamine',
};

export const ROUTE_LABELS: Record<Route, string> = {
  iv: 'IV',
  im: 'IM',
  intranasal: 'Intranasal',
  sublingual: 'Sublingual',
  oral: 'Oral',
};

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  in_progress: 'In progress',
  discharged: 'Discharged',
};

/** CLINICAL.md s1 (Kroenke 2001): 5-9 is "mild", never "moderate". */
export const PHQ9_SEVERITY_LABELS: Record<Phq9Severity, string> = {
  minimal: 'Minimal',
  mild: 'Mild',
  moderate: 'Moderate',
  moderately_severe: 'Moderately severe',
  severe: 'Severe',
};

/** CLINICAL.md s1: the 24-hour recall is a modified PHQ-9, labelled apart from the standard one. */
export const RECALL_LABELS: Record<RecallPeriod, string> = {
  two_weeks: 'Two-week recall',
  '24_hours': '24-hour recall (modified)',
};

export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, string> = {
  remission: 'Remission',
  response: 'Response',
  partial: 'Partial response',
  none: 'No response',
  no_baseline: 'No baseline',
};

export const SIDE_EFFECT_LABELS: Record<SideEffectType, string> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  headache: 'Headache',
  dizziness: 'Dizziness',
  dissociation: 'Dissociation',
  sedation: 'Sedation',
  hypertension: 'Hypertension',
  anxiety: 'Anxiety',
  perceptual_disturbance: 'Perceptual disturbance',
  urinary_symptoms: 'Urinary symptoms',
  craving: 'Craving',
  other: 'Other',
};

export const SIDE_EFFECT_SEVERITY_LABELS: Record<SideEffectSeverity, string> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

/**
 * "Serious: inpatient hospitalisation or its prolongation" (the criterion, if recorded), in the plain
 * words of the shared SERIOUS_CRITERION_LABELS (CLINICAL.md s3 v2, 21 CFR 312.32).
 */
export function seriousText(criterion: SeriousCriterion | null): string {
  return criterion === null
    ? 'Serious'
    : `Serious: ${SERIOUS_CRITERION_LABELS[criterion].toLowerCase()}`;
}

export const RISK_EVENT_LABELS: Record<RiskEventType, string> = {
  positive_uds: 'Positive urine drug screen',
  reported_nonclinic_use: 'Reported ketamine use outside the clinic',
  early_session_request: 'Request for an earlier or extra session',
  craving: 'Craving',
  other: 'Other',
};

export const FLAG_SEVERITY_LABELS: Record<FlagSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Information',
};

export const FLAG_STATUS_LABELS: Record<FlagStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};
