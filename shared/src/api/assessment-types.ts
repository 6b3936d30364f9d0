/** Assessment and REMS form shapes of the HTTP contract (../shared/API.md). */
import type {
  Phq9Severity,
  Phq9Source,
  RecallPeriod,
  ResponseStatus,
  RiskEventType,
  Sex,
} from './enums';
import type { EnteredInErrorMark, IsoDate, IsoDateTime } from './types';

// ---- esketamine REMS patient monitoring form (CLINICAL.md s3) --------------------------
/** A blood pressure on the REMS form, with the whole minutes since the dose start. */
export interface RemsBpReadingDto {
  systolic: number;
  diastolic: number;
  minutesSinceDose: number;
}
/** The five concomitant-medication questions: null when the session's medications were not recorded. */
export interface RemsConcomitantDto {
  benzodiazepines: boolean | null;
  nonBenzodiazepineSedativeHypnotics: boolean | null;
  psychostimulants: boolean | null;
  maois: boolean | null;
  opioids: boolean | null;
}
export type RemsDoseChoice = '56' | '84' | 'other';
/** `GET /sessions/:id/rems`: the Esketamine REMS Patient Monitoring Form, filled from the session. */
export interface RemsFormDto {
  sessionId: string;
  patient: { name: string; birthDate: IsoDate; sex: Sex };
  /** No earlier esketamine session for this patient. */
  firstTreatment: boolean;
  concomitant: RemsConcomitantDto;
  /** Medications recorded with the session that matched none of the five classes, for review. */
  unclassifiedMedications: string[];
  dose: RemsDoseChoice;
  doseMg: number;
  lotNumber: string | null;
  /** Dose start to discharge; null while the session is in progress. */
  totalMonitoringMinutes: number | null;
  /** Dose start to readyAt; null when the patient has not been ready. */
  minutesUntilReadyToLeave: number | null;
  vitalsAcceptablePreDose: boolean | null;
  vitalsAcceptableAtEnd: boolean | null;
  bp: {
    preDose: RemsBpReadingDto | null;
    at40Min: RemsBpReadingDto | null;
    end: RemsBpReadingDto | null;
  };
  /** null when nothing was measured that could answer the question. */
  sedation: boolean | null;
  dissociation: boolean | null;
  respiratoryDepression: boolean | null;
  /** (v2) Side effects recorded as serious (CLINICAL.md s3, 21 CFR 312.32), not severe ones, described. */
  seriousAdverseEvents: string[];
  /** The form is due within 7 days of the session: the dose start's UTC date + 7 days. */
  submitBy: IsoDate;
  /** (v2) Past the deadline (the dose start + 7 days) and not submitted. */
  overdue: boolean;
  /** No field is missing. */
  complete: boolean;
  /**
   * The fields that cannot be filled from the record, e.g. 'lotNumber', 'bp.at40Min', and (v2)
   * `monitoringProvider` and `setting` until recorded; a field with a correction is not missing.
   */
  missing: string[];
  // ---- v2 (API.md "REMS and printing"): what the staff add, and the submission ------------
  /** The session's patient, number and dose start (to link and to check a submission date). */
  patientId: string;
  sessionNumber: number;
  startedAt: IsoDateTime;
  /** Who monitored the patient (name and credentials), as the form asks; null until recorded. */
  monitoringProvider: string | null;
  /** The healthcare setting (the REMS-certified site) the dose was given in; null until recorded. */
  setting: string | null;
  /** Corrections of fields the records filled (or could not fill), each with its reason. */
  corrections: RemsCorrectionDto[];
  /** The form record's version (0 before anything was recorded): If-Match of the PATCH. */
  version: number;
  submittedAt: IsoDateTime | null;
  /** The user who marked the form submitted, and their name. */
  submittedBy: string | null;
  submittedByName: string | null;
  /** The REMS submission reference (confirmation number), when there is one. */
  reference: string | null;
  /** The dose start + 7 days (CLINICAL.md s3); `overdue` once past it and not submitted. */
  deadline: IsoDateTime;
}

/** A correction of a form field: the record's value (`original`, null when it had none) and the new one. */
export interface RemsCorrectionDto {
  /** One of REMS_FORM_FIELDS. */
  field: string;
  value: string;
  reason: string;
  original: string | null;
  correctedAt: IsoDateTime;
  correctedBy: string;
}

// ---- assessments ------------------------------------------------------------------------
export type Phq9Items = (number | null)[];
export interface CreatePhq9Request {
  administeredAt: IsoDateTime;
  items: Phq9Items;
  item10?: number | null;
  recall: RecallPeriod;
  sessionId?: string;
}
export interface Phq9Dto {
  id: string;
  patientId: string;
  administeredAt: IsoDateTime;
  items: Phq9Items;
  item10: number | null;
  total: number | null;
  severity: Phq9Severity | null;
  prorated: boolean;
  valid: boolean;
  item9Positive: boolean;
  recall: RecallPeriod;
  /** `self_report`: answered by the patient through a follow-up link (recordedBy is null). */
  source: Phq9Source;
  hoursSinceDose: number | null;
  sessionId: string | null;
  recordedBy: string | null;
  createdAt: IsoDateTime;
  /** Set when marked entered in error: kept in the history, out of scores, charts and flags. */
  enteredInError: EnteredInErrorMark | null;
}

export interface ResponsePointDto {
  assessmentId: string;
  hoursSinceDose: number;
  total: number;
  changePct: number | null;
  recall: RecallPeriod;
  source: Phq9Source;
}
export interface ResponseSessionDto {
  sessionId: string;
  sessionNumber: number;
  /**
   * v2 (CLINICAL.md s8): the session's number within its course (the chart numbers its lines by
   * it); absent when the caller gave none.
   */
  courseSessionNumber?: number | null;
  startedAt: IsoDateTime;
  doseMg: number;
  preDoseTotal: number | null;
  at24h: ResponsePointDto | null;
  at72h: ResponsePointDto | null;
  points: ResponsePointDto[];
}
export interface PatientResponseDto {
  /**
   * v2 (API.md "Treatment courses"): the course this response is of (GET /patients/:id/response
   * answers one course, the latest by default); null when the patient has no course yet.
   */
  courseId?: string | null;
  baseline: { assessmentId: string; total: number; administeredAt: IsoDateTime } | null;
  status: ResponseStatus;
  bestChangePct: number | null;
  sessions: ResponseSessionDto[];
}

export interface CreateRiskEventRequest {
  type: RiskEventType;
  occurredAt: IsoDateTime;
  notes?: string;
}
export interface RiskEventDto {
  id: string;
  patientId: string;
  type: RiskEventType;
  occurredAt: IsoDateTime;
  notes: string | null;
  recordedBy: string | null;
  createdAt: IsoDateTime;
  enteredInError: EnteredInErrorMark | null;
}
