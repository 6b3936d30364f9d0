import { flagTitleOf, SERIOUS_CRITERION_LABELS } from '@clinic/shared';

import { formatDateTime } from './format';

/*
 * Every label and fixed wording of the dashboard, once: pages and components import them from
 * here, so the same value reads the same on every screen.
 */
import type {
  AmendableResource,
  CssrsRisk,
  Drug,
  EnteredInErrorMark,
  FlagDto,
  FlagSeverity,
  FlagStatus,
  Phq9Severity,
  PreDoseCheckId,
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

/** A route inside a sentence: "IV ketamine", "Esketamine 84 mg intranasal". */
export const ROUTE_IN_SENTENCE: Record<Route, string> = {
  iv: 'IV',
  im: 'IM',
  intranasal: 'intranasal',
  sublingual: 'sublingual',
  oral: 'oral',
};

/** Drug names as the order form offers them. */
export const DRUG_CHOICE_LABELS: Record<Drug, string> = {
  ketamine: 'Ketamine (racemic)',
  esketamine: 'Esketamine',
};

/** Routes spelled out for the order form (elsewhere the short ROUTE_LABELS). */
export const ROUTE_CHOICE_LABELS: Record<Route, string> = {
  iv: 'Intravenous (IV)',
  im: 'Intramuscular (IM)',
  intranasal: 'Intranasal',
  sublingual: 'Sublingual',
  oral: 'Oral',
};

/** "Esketamine 84 mg intranasal". */
export function medicationLabel(session: { drug: Drug; doseMg: number; route: Route }): string {
  return `${DRUG_LABELS[session.drug]} ${String(session.doseMg)} mg ${ROUTE_IN_SENTENCE[session.route]}`;
}

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  ordered: 'Ordered (not started)',
  in_progress: 'In progress',
  discharged: 'Discharged',
  cancelled: 'Cancelled order',
};

/** v2 ordered sessions: the pre-dose checks (CLINICAL.md s3), as the nurse's checklist names them. */
export const PRE_DOSE_CHECK_LABELS: Record<PreDoseCheckId, string> = {
  predose_bp: 'Pre-dose BP (within 60 min)',
  predose_moaas: 'Pre-dose MOAA/S (within 60 min)',
  no_critical_flag: 'No open critical flag',
  screening_valid: "Screening valid for the course's first session",
  protocol_interval: "Protocol's minimum interval since the last session",
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
/** Severity with its band, as printed beside the live total. Source: CLINICAL.md s1 (Kroenke 2001). */
export const PHQ9_SEVERITY_BANDS: Record<Phq9Severity, string> = {
  minimal: `${PHQ9_SEVERITY_LABELS.minimal} (0–4)`,
  mild: `${PHQ9_SEVERITY_LABELS.mild} (5–9)`,
  moderate: `${PHQ9_SEVERITY_LABELS.moderate} (10–14)`,
  moderately_severe: `${PHQ9_SEVERITY_LABELS.moderately_severe} (15–19)`,
  severe: `${PHQ9_SEVERITY_LABELS.severe} (20–27)`,
};

export const RECALL_LABELS: Record<RecallPeriod, string> = {
  two_weeks: 'Two-week recall',
  '24_hours': '24-hour recall (modified)',
};

/** The recall periods as the PHQ-9 form offers them. */
export const RECALL_CHOICE_LABELS: Record<RecallPeriod, string> = {
  two_weeks: 'Last 2 weeks (standard)',
  '24_hours': 'Last 24 hours (after a dose)',
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

/**
 * The flag's plain title by what triggered it (shared flagTitleOf: "Low oxygen saturation (SpO2
 * 85 %)" for a respiratory.depression flag raised by SpO2 alone; "Severe blood pressure"); the
 * rule id for a rule unknown here.
 */
export function flagTitle(
  flag: Pick<FlagDto, 'rule'> & Partial<Pick<FlagDto, 'evidence' | 'threshold'>>,
): string {
  return flagTitleOf({
    rule: flag.rule,
    evidence: flag.evidence ?? null,
    threshold: flag.threshold ?? null,
  });
}

/** MOAA/S wording (CLINICAL.md s1), highest first as nurses read it. */
export const MOAAS_LEVELS: readonly { score: number; wording: string }[] = [
  { score: 5, wording: 'Responds readily to name in normal tone' },
  { score: 4, wording: 'Lethargic response to name' },
  { score: 3, wording: 'Responds only after name called loudly or repeatedly' },
  { score: 2, wording: 'Responds only after mild prodding or shaking' },
  { score: 1, wording: 'Responds only after painful trapezius squeeze' },
  { score: 0, wording: 'No response' },
];

/** CADSS-6: items 1, 2, 6, 7, 15 and 22 of the CADSS, each 0-4 (CLINICAL.md s1). */
export const CADSS6_ITEM_NUMBERS = [1, 2, 6, 7, 15, 22] as const;
/**
 * What each CADSS-6 item asks, as short paraphrases of the CADSS items (Bremner et al., J Trauma
 * Stress 1998;11:125; CADSS-6 from Rodrigues et al. 2021), in CADSS6_ITEM_NUMBERS' order; not the
 * scale's own wording (docs/decisions.md, "CADSS-6 item wording").
 */
export const CADSS6_ITEM_WORDING: readonly string[] = [
  'Things seem to move in slow motion',
  'Things seem unreal, as in a dream',
  'Feels disconnected from own body',
  'Sense of own body changed (larger, smaller)',
  'Spaces out, loses track of what is going on',
  'Observed: seems detached from what is going on',
];
export const CADSS_ANCHORS: readonly string[] = [
  'not at all',
  'slightly',
  'moderately',
  'considerably',
  'extremely',
];

/** Shortest reason the server accepts (EnteredInErrorDto: MinLength 3). */
export const REASON_MIN_LENGTH = 3;

export const AMENDABLE_LABELS: Readonly<Record<AmendableResource, string>> = {
  session: 'Session',
  observation: 'Observation',
  side_effect: 'Side effect',
  phq9: 'PHQ-9',
  risk_event: 'Risk event',
};

/** What marking a record entered in error changes (API.md "Amendments"), said before it is done. */
export const AMENDMENT_CONSEQUENCES: Readonly<Record<AmendableResource, string>> = {
  session:
    'The session stays in the history, marked with your reason, but its dose and number leave the course: the response, the charts, the outcomes and the REMS count no longer use it. Its observations and side effects leave with it, the board no longer shows it, the flags it raised are resolved, and its follow-up links not yet answered stop working.',
  observation:
    'The observation stays in the history, marked with your reason, but leaves the latest readings on the board, discharge readiness and the flags: a flag only it raised is resolved.',
  side_effect:
    'The side effect stays in the history, marked with your reason, but leaves the flags, the REMS form and the outcomes: a flag only it raised is resolved.',
  phq9: 'The PHQ-9 stays in the history, marked with your reason, but leaves the scores, the charts, the response and the outcomes: a flag only it raised (such as item 9) is resolved.',
  risk_event:
    'The risk event stays in the history, marked with your reason, but leaves the flags: a flag only it raised is resolved.',
};

/** Who marked it and when, e.g. "Dr Ana Ruiz, 3 Oct 2026, 14:05" (no name: "a former user"). */
export function markedByLine(mark: EnteredInErrorMark, timeZone?: string): string {
  return `${mark.byName ?? 'a former user'}, ${formatDateTime(mark.at, timeZone)}`;
}

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
