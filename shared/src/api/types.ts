/** Request and response shapes of the HTTP contract (../shared/API.md), shared by backend and frontend. */
import type {
  Drug,
  FlagCategory,
  FlagSeverity,
  FlagStatus,
  Role,
  Route,
  SessionStatus,
  Sex,
  SeriousCriterion,
  SideEffectSeverity,
  SideEffectType,
} from './enums';
import type { ThresholdOverrides, ThresholdsInForce } from '../clinical/thresholds';

/** ISO-8601 UTC timestamp, e.g. 2026-11-26T14:05:00.000Z */
export type IsoDateTime = string;
/** Calendar date YYYY-MM-DD */
export type IsoDate = string;

export interface ListResponse<T> {
  items: T[];
  total: number;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
}

// ---- auth -------------------------------------------------------------------------------
export interface LoginRequest {
  email: string;
  password: string;
}
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinicIds: string[];
  /** (v2) When the account was disabled (it cannot sign in; its sessions ended then); null: enabled. */
  disabledAt: IsoDateTime | null;
  /** (v2) Changes with each PATCH, disable and enable (If-Match on PATCH /users/:id). */
  version: number;
}
export interface LoginResponse {
  token: string;
  /** Absolute end of the sign-in session. */
  expiresAt: IsoDateTime;
  /** The session also ends after this many seconds without a request (each request slides it). */
  idleTimeoutSeconds: number;
  user: UserDto;
}

// ---- administration ---------------------------------------------------------------------
export interface CreateClinicRequest {
  name: string;
  timezone: string;
}
export interface ClinicDto {
  id: string;
  name: string;
  timezone: string;
}
export interface CreateUserRequest {
  email: string;
  name: string;
  role: Role;
  password: string;
  clinicIds: string[];
}
/** (v2) `PATCH /users/:id` (If-Match): any of these; role and clinicIds follow the create rules. */
export interface UpdateUserRequest {
  name?: string;
  clinicIds?: string[];
  role?: Role;
}
/** (v2) `POST /users/:id/disable` and `/enable`. */
export interface UserStatusRequest {
  reason: string;
}

// ---- patients ---------------------------------------------------------------------------
export interface CreatePatientRequest {
  clinicId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  sex: Sex;
  weightKg?: number | null;
  /** Contact for follow-up links (optional). */
  email?: string | null;
  phone?: string | null;
}
export type UpdatePatientRequest = Partial<Omit<CreatePatientRequest, 'clinicId'>>;
export interface PatientDto {
  id: string;
  clinicId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  sex: Sex;
  weightKg: number | null;
  email: string | null;
  phone: string | null;
  version: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

// ---- dosing sessions --------------------------------------------------------------------
export interface CreateSessionRequest {
  drug: Drug;
  route: Route;
  doseMg: number;
  /** Dose start: the dose is recorded as given (v1). Omit it and give `plannedAt` to order (v2). */
  startedAt?: IsoDateTime;
  /** v2: the planned time of an ordered session (status `ordered`, started later by a nurse). */
  plannedAt?: IsoDateTime;
  weightKg?: number;
  infusionMinutes?: number;
  lotNumber?: string;
  concomitantMedications?: string[];
  notes?: string;
  /**
   * v2 (API.md "Treatment courses"): the course the session belongs to; default the patient's
   * course that has not ended.
   */
  courseId?: string;
}

/** The six CADSS items kept in the CADSS-6 (items 1, 2, 6, 7, 15, 22), each 0-4. */
export type Cadss6Items = [number, number, number, number, number, number];

export interface CreateObservationRequest {
  recordedAt: IsoDateTime;
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
  respiratoryRate?: number;
  moaas?: number;
  cadss6?: Cadss6Items;
}
export interface ObservationDto {
  id: string;
  sessionId: string;
  recordedAt: IsoDateTime;
  minutesSinceDose: number;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  cadss6: Cadss6Items | null;
  cadss6Total: number | null;
  recordedBy: string | null;
  createdAt: IsoDateTime;
  /** Set when the observation was marked entered in error (kept in history, out of the maths). */
  enteredInError: EnteredInErrorMark | null;
}

export interface CreateSideEffectRequest {
  type: SideEffectType;
  severity: SideEffectSeverity;
  onsetAt: IsoDateTime;
  notes?: string;
  /** (v2) A serious adverse event (CLINICAL.md s3, 21 CFR 312.32), separate from severity; default false. */
  serious?: boolean;
  /** (v2) Required when serious is true, refused when it is false. */
  seriousCriterion?: SeriousCriterion | null;
}
export interface SideEffectDto {
  id: string;
  sessionId: string;
  patientId: string;
  type: SideEffectType;
  severity: SideEffectSeverity;
  onsetAt: IsoDateTime;
  notes: string | null;
  /** (v2) A serious adverse event (CLINICAL.md s3). */
  serious: boolean;
  /** (v2) Why it is serious; null when it is not. */
  seriousCriterion: SeriousCriterion | null;
  recordedBy: string | null;
  createdAt: IsoDateTime;
  enteredInError: EnteredInErrorMark | null;
}

export interface FlagDto {
  id: string;
  clinicId: string;
  patientId: string;
  sessionId: string | null;
  rule: string;
  category: FlagCategory;
  severity: FlagSeverity;
  status: FlagStatus;
  message: string;
  evidence: unknown;
  threshold: unknown;
  createdAt: IsoDateTime;
  acknowledgedAt: IsoDateTime | null;
  acknowledgedBy: string | null;
  /** (issue 20) The display name of `acknowledgedBy` (clinic staff see colleagues' names). */
  acknowledgedByName: string | null;
  resolvedAt: IsoDateTime | null;
  resolvedBy: string | null;
  /** (issue 20) The display name of `resolvedBy`. */
  resolvedByName: string | null;
  /** The resolution note, else the acknowledgement note. */
  note: string | null;
  acknowledgeNote: string | null;
  resolveNote: string | null;
  /** For proxy rules (misuse.*, tolerance.*): says the rule is not a published checklist. */
  ruleNote: string | null;
  /**
   * (v2) When triggers arrived after the acknowledgement: the time the first arrived (a critical
   * flag is reopened by them, a warning or info flag stays acknowledged); null when none since.
   */
  newEvidenceSince: IsoDateTime | null;
  /** (v2) How many triggers arrived after the acknowledgement. */
  newEvidenceCount: number;
  /**
   * (issue 19, API.md "Accounts and administration (v2)") The records that raised the flag were
   * entered in error by someone who may not resolve it (a nurse, on a misuse.* or tolerance.* flag;
   * on an item-9 flag without a C-SSRS screener since): it stays open (or acknowledged) until
   * someone who may resolve it does; the history's `evidence_withdrawn` step names who marked them.
   * False again once a new record raises the flag.
   */
  evidenceWithdrawn: boolean;
  /** (v2) Every step of the flag, oldest first, including reopenings. */
  history: FlagHistoryStep[];
  version: number;
}
/** One step of a flag's life (API.md v2 Records). */
export interface FlagHistoryStep {
  /**
   * `evidence_withdrawn` (issue 19): the records that raised it were entered in error by `by`, who
   * may not resolve it; the flag's status did not change.
   */
  status: 'open' | 'acknowledged' | 'reopened' | 'resolved' | 'evidence_withdrawn';
  at: IsoDateTime;
  /** The user who took the step; null when the system did (a new record reopening it, a timer). */
  by: string | null;
  byName: string | null;
  note: string | null;
}
/** The records that can be marked entered in error (API.md: never deleted). */
export type AmendableResource = 'session' | 'observation' | 'side_effect' | 'phq9' | 'risk_event';
export interface EnteredInErrorRequest {
  /** Why the record is wrong (3-500 characters). */
  reason: string;
}
export interface EnteredInErrorMark {
  at: IsoDateTime;
  /** The user who marked it. */
  by: string | null;
  /** That user's name, for the history (null when unknown). */
  byName: string | null;
  reason: string;
}
export interface EnteredInErrorDto {
  resourceType: AmendableResource;
  id: string;
  enteredInError: EnteredInErrorMark;
  /** The record's new version, for the versioned ones (sessions); also sent as ETag. */
  version?: number;
}

/** A flag in a list: with its patient's name and MRN, and its session's follow-up requests. */
export interface FlagListItemDto extends FlagDto {
  patientName: string;
  mrn: string;
  /** The flag's session number (null for patient-level flags such as item 9 positive). */
  sessionNumber: number | null;
  /** The follow-up requests of the flag's session (empty for patient-level flags). */
  followUps: FollowUpSummaryDto[];
}
export interface AcknowledgeFlagRequest {
  note?: string;
}
export interface ResolveFlagRequest {
  note: string;
  /**
   * `phq9.item9_positive` only, psychiatrist only: why no C-SSRS screener was done at or after
   * the PHQ-9 (CLINICAL.md s10); without it or a screener the resolve is 422.
   */
  noScreenerReason?: string;
}
export interface ClinicThresholdsDto {
  clinicId: string;
  /**
   * The thresholds in force: CLINICAL.md defaults with the clinic's changes applied, plus the fixed
   * `phq9.item9AtLeast` (v2: shown, not configurable).
   */
  thresholds: ThresholdsInForce;
  /** Only the clinic's changes. */
  overrides: ThresholdOverrides;
  version: number;
}

export interface SessionDto {
  id: string;
  patientId: string;
  clinicId: string;
  sessionNumber: number;
  drug: Drug;
  route: Route;
  doseMg: number;
  doseMgPerKg: number | null;
  weightKg: number | null;
  startedAt: IsoDateTime;
  infusionMinutes: number | null;
  lotNumber: string | null;
  concomitantMedications: string[];
  notes: string | null;
  /** Dose checks of CLINICAL.md section 2 that passed the sanity maximum but are above the usual dose. */
  doseWarnings: string[];
  status: SessionStatus;
  readyAt: IsoDateTime | null;
  dischargedAt: IsoDateTime | null;
  dischargeOverrideReason: string | null;
  orderedBy: string | null;
  /**
   * v2: the planned time of an ordered session (null for a session recorded as given). While the
   * session is `ordered` (or was `cancelled` before its start), `startedAt` holds this planned time.
   */
  plannedAt: IsoDateTime | null;
  /** v2: recorded more than 10 minutes after its dose start (a past session entered afterwards). */
  retrospective: boolean;
  /** v2: who started an ordered session (POST /sessions/:id/start). */
  startedBy: string | null;
  /** v2: a psychiatrist's reason for starting despite failed pre-dose checks. */
  startOverrideReason: string | null;
  /** v2: the pre-dose checks that had failed when the start was overridden. */
  startOverriddenChecks: string[];
  /** v2: when, by whom and why an ordered session was cancelled. */
  cancelledAt: IsoDateTime | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  /** v2 (CLINICAL.md s8): the treatment course the session belongs to. */
  courseId: string | null;
  /** v2: the session's number within its course (counted like `sessionNumber`). */
  courseSessionNumber: number | null;
  observations: ObservationDto[];
  sideEffects: SideEffectDto[];
  flags: FlagDto[];
  version: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** Set when the session was marked entered in error: it leaves the course, its records with it. */
  enteredInError: EnteredInErrorMark | null;
}
/** Session as listed (without the nested records). */
export type SessionSummaryDto = Omit<SessionDto, 'observations' | 'sideEffects' | 'flags'>;

/** v2: POST /sessions/:id/start. */
export interface StartSessionRequest {
  startedAt: IsoDateTime;
  /** A psychiatrist's reason to start despite failed pre-dose checks. */
  overrideReason?: string;
}
/** v2: POST /sessions/:id/cancel. */
export interface CancelSessionRequest {
  reason: string;
}

export interface DischargeReadinessDto {
  ready: boolean;
  reasons: string[];
  readyAt: IsoDateTime | null;
  /**
   * End of the minimum monitoring time (esketamine 120 min; ketamine 60 min after the infusion);
   * null for IV ketamine recorded without its infusion length (CLINICAL.md s2 v2: not guessed).
   */
  monitoringEndsAt: IsoDateTime | null;
}
export interface DischargeRequest {
  dischargedAt: IsoDateTime;
  overrideReason?: string;
}

/** A follow-up request without its link: what the flags inbox shows per session. */
export interface FollowUpSummaryDto {
  id: string;
  kind: '24h' | '72h';
  status: 'scheduled' | 'open' | 'completed' | 'expired';
  dueAt: IsoDateTime;
  expiresAt: IsoDateTime;
  completedAt: IsoDateTime | null;
  phq9Id: string | null;
}
