/** Enumerations of the HTTP contract (../shared/API.md). Each list is the single source of its values. */

export const ROLES = ['psychiatrist', 'nurse', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const DRUGS = ['ketamine', 'esketamine'] as const;
export type Drug = (typeof DRUGS)[number];

export const ROUTES = ['iv', 'im', 'intranasal', 'sublingual', 'oral'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * v2: `ordered` (a psychiatrist's order, dose not given yet) and `cancelled` (an order withdrawn
 * before the dose). Only `in_progress` and `discharged` sessions were given: rules and maths read those.
 */
export const SESSION_STATUSES = ['ordered', 'in_progress', 'discharged', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** The statuses of a session whose dose was given (its startedAt is the real dose start). */
export const GIVEN_SESSION_STATUSES = [
  'in_progress',
  'discharged',
] as const satisfies readonly SessionStatus[];
/** v2: the pre-dose checks of an ordered session (CLINICAL.md s3 "Ordered, then started"). */
/**
 * `screening_valid` and `protocol_interval` (v2, CLINICAL.md s8/s9): the course's screening valid at
 * its first session's start, and the protocol's minimum interval since the course's previous dose.
 */
export const PRE_DOSE_CHECKS = [
  'predose_bp',
  'predose_moaas',
  'no_critical_flag',
  'screening_valid',
  'protocol_interval',
] as const;
export type PreDoseCheckId = (typeof PRE_DOSE_CHECKS)[number];
/** True when the session's dose was given (not a pending or cancelled order). */
export function sessionGiven(status: SessionStatus): boolean {
  return status === 'in_progress' || status === 'discharged';
}

export const SIDE_EFFECT_TYPES = [
  'nausea',
  'vomiting',
  'headache',
  'dizziness',
  'dissociation',
  'sedation',
  'hypertension',
  'anxiety',
  'perceptual_disturbance',
  'urinary_symptoms',
  'craving',
  'other',
] as const;
export type SideEffectType = (typeof SIDE_EFFECT_TYPES)[number];

export const SIDE_EFFECT_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type SideEffectSeverity = (typeof SIDE_EFFECT_SEVERITIES)[number];

/**
 * What makes a side effect a serious adverse event, separate from its severity (intensity).
 * Source: CLINICAL.md s3 v2 (21 CFR 312.32(a)): death, life-threatening, inpatient hospitalisation
 * or its prolongation, persistent or significant incapacity, congenital anomaly, or another
 * important medical event.
 */
export const SERIOUS_CRITERIA = [
  'death',
  'life_threatening',
  'hospitalisation',
  'incapacity',
  'congenital_anomaly',
  'important_medical_event',
] as const;
export type SeriousCriterion = (typeof SERIOUS_CRITERIA)[number];

/** CLINICAL.md section 4, "Risk events". */
export const RISK_EVENT_TYPES = [
  'positive_uds',
  'reported_nonclinic_use',
  'early_session_request',
  'craving',
  'other',
] as const;
export type RiskEventType = (typeof RISK_EVENT_TYPES)[number];

export const RECALL_PERIODS = ['two_weeks', '24_hours'] as const;
export type RecallPeriod = (typeof RECALL_PERIODS)[number];

/** Who answered a PHQ-9: recorded by staff, or by the patient through a follow-up link. */
export const PHQ9_SOURCES = ['clinic', 'self_report'] as const;
export type Phq9Source = (typeof PHQ9_SOURCES)[number];

export const PHQ9_SEVERITIES = [
  'minimal',
  'mild',
  'moderate',
  'moderately_severe',
  'severe',
] as const;
export type Phq9Severity = (typeof PHQ9_SEVERITIES)[number];

export const RESPONSE_STATUSES = [
  'remission',
  'response',
  'partial',
  'none',
  'no_baseline',
] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const FLAG_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const FLAG_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const FLAG_CATEGORIES = [
  'suicidality',
  'response',
  'sedation',
  'dissociation',
  'hemodynamic',
  'respiratory',
  'monitoring',
  'misuse',
  'tolerance',
  'follow-up',
  'adverse_event',
  // v2: treatment courses (CLINICAL.md s4: course.off_protocol, screening.override)
  'course',
] as const;
export type FlagCategory = (typeof FLAG_CATEGORIES)[number];

export const AUDIT_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'entered_in_error',
  'acknowledge',
  'resolve',
  'discharge',
  'export',
  'login',
  'login_failed',
  'logout',
  'access_denied',
  // v2 (API.md "Accounts and administration"): clinic and user administration, with details.
  'admin',
  // v2 (API.md "Ordered and started sessions"): an ordered session started or cancelled.
  'start',
  'cancel',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
