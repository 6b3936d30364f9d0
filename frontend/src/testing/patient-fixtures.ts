import type {
  CssrsDto,
  FlagDto,
  PatientResponseDto,
  Phq9Dto,
  ResponsePointDto,
  ResponseSessionDto,
  RiskEventDto,
  SafetyPlanDto,
  SessionSummaryDto,
  SideEffectDto,
} from '@clinic/shared';

import { RIVERSIDE } from './fixtures';

/** Fixtures of one patient's record, for the patient page and chart tests. */
export const PATIENT_ID = '00000000-0000-4000-8000-00000000a001';

let counter = 0;
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(6, '0')}`;
}

export function aSession(overrides: Partial<SessionSummaryDto> = {}): SessionSummaryDto {
  return {
    id: nextId('session'),
    patientId: PATIENT_ID,
    clinicId: RIVERSIDE.id,
    sessionNumber: 1,
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    doseMgPerKg: 0.5,
    weightKg: 70,
    startedAt: '2026-10-01T09:00:00.000Z',
    infusionMinutes: 40,
    lotNumber: null,
    concomitantMedications: [],
    notes: null,
    doseWarnings: [],
    status: 'discharged',
    readyAt: '2026-10-01T10:30:00.000Z',
    dischargedAt: '2026-10-01T10:45:00.000Z',
    dischargeOverrideReason: null,
    orderedBy: null,
    plannedAt: null,
    retrospective: false,
    startedBy: null,
    startOverrideReason: null,
    startOverriddenChecks: [],
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    courseId: null,
    courseSessionNumber: null,
    version: 2,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T10:45:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aPhq9(overrides: Partial<Phq9Dto> = {}): Phq9Dto {
  return {
    id: nextId('phq9'),
    patientId: PATIENT_ID,
    administeredAt: '2026-09-28T09:00:00.000Z',
    items: [2, 2, 2, 2, 2, 2, 2, 2, 0],
    item10: null,
    total: 16,
    severity: 'moderately_severe',
    prorated: false,
    valid: true,
    item9Positive: false,
    recall: 'two_weeks',
    source: 'clinic',
    hoursSinceDose: null,
    sessionId: null,
    recordedBy: null,
    createdAt: '2026-09-28T09:05:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aPoint(overrides: Partial<ResponsePointDto> = {}): ResponsePointDto {
  return {
    assessmentId: nextId('phq9'),
    hoursSinceDose: 24,
    total: 10,
    changePct: -50,
    recall: '24_hours',
    source: 'clinic',
    ...overrides,
  };
}

export function aResponseSession(overrides: Partial<ResponseSessionDto> = {}): ResponseSessionDto {
  return {
    sessionId: nextId('session'),
    sessionNumber: 1,
    startedAt: '2026-10-01T09:00:00.000Z',
    doseMg: 35,
    preDoseTotal: 20,
    at24h: null,
    at72h: null,
    points: [],
    ...overrides,
  };
}

export function aResponse(overrides: Partial<PatientResponseDto> = {}): PatientResponseDto {
  return {
    baseline: {
      assessmentId: 'phq9-baseline',
      total: 20,
      administeredAt: '2026-09-28T09:00:00.000Z',
    },
    status: 'partial',
    bestChangePct: -50,
    sessions: [],
    ...overrides,
  };
}

export function aFlag(overrides: Partial<FlagDto> = {}): FlagDto {
  return {
    id: nextId('flag'),
    clinicId: RIVERSIDE.id,
    patientId: PATIENT_ID,
    sessionId: null,
    rule: 'phq9.worsening',
    category: 'response',
    severity: 'warning',
    status: 'open',
    message: 'PHQ-9 25 is 5 or more above the course baseline 20',
    evidence: {},
    threshold: {},
    createdAt: '2026-10-05T09:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByName: null,
    note: null,
    acknowledgeNote: null,
    resolveNote: null,
    ruleNote: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    evidenceWithdrawn: false,
    history: [],
    version: 1,
    ...overrides,
  };
}

export function aSideEffect(overrides: Partial<SideEffectDto> = {}): SideEffectDto {
  return {
    id: nextId('side-effect'),
    sessionId: 'session-x',
    patientId: PATIENT_ID,
    type: 'nausea',
    severity: 'mild',
    onsetAt: '2026-10-01T09:30:00.000Z',
    notes: null,
    serious: false,
    seriousCriterion: null,
    recordedBy: null,
    createdAt: '2026-10-01T09:35:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aRiskEvent(overrides: Partial<RiskEventDto> = {}): RiskEventDto {
  return {
    id: nextId('risk-event'),
    patientId: PATIENT_ID,
    type: 'craving',
    occurredAt: '2026-10-03T12:00:00.000Z',
    notes: null,
    recordedBy: null,
    createdAt: '2026-10-03T12:05:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aCssrs(overrides: Partial<CssrsDto> = {}): CssrsDto {
  return {
    id: nextId('cssrs'),
    patientId: PATIENT_ID,
    administeredAt: '2026-10-06T09:30:00.000Z',
    risk: 'moderate',
    wishDead: true,
    suicidalThoughts: true,
    method: true,
    intent: false,
    plan: false,
    behavior: false,
    behaviorPast3Months: null,
    phq9Id: null,
    recordedBy: 'nurse-1',
    recordedByName: 'Nora Nurse',
    createdAt: '2026-10-06T09:31:00.000Z',
    enteredInError: null,
    ...overrides,
  };
}

export function aSafetyPlan(overrides: Partial<SafetyPlanDto> = {}): SafetyPlanDto {
  return {
    patientId: PATIENT_ID,
    version: 2,
    updatedAt: '2026-10-06T10:00:00.000Z',
    updatedBy: 'nurse-1',
    updatedByName: 'Nora Nurse',
    warningSigns: ['Not sleeping', 'Staying in my room'],
    copingStrategies: ['Walk the dog'],
    socialDistractions: ['Coffee shop on Main St'],
    helpContacts: ['Sister Ann 555-0100'],
    professionalContacts: ['Clinic 555-0199', '988 Suicide & Crisis Lifeline (call or text 988)'],
    meansSafety: 'Medicines kept by my sister',
    reasonsForLiving: 'My children',
    ...overrides,
  };
}
