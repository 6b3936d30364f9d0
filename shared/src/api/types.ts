/** Request and response shapes of the HTTP contract (../shared/API.md), shared by backend and frontend. */
import type {
  AuditAction,
  AuditOutcome,
  Drug,
  FlagCategory,
  FlagSeverity,
  FlagStatus,
  Phq9Severity,
  Phq9Source,
  RecallPeriod,
  ResponseStatus,
  RiskEventType,
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
  startedAt: IsoDateTime;
  weightKg?: number;
  infusionMinutes?: number;
  lotNumber?: string;
  concomitantMedications?: string[];
  notes?: string;
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
  resolvedAt: IsoDateTime | null;
  resolvedBy: string | null;
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
  /** Past the end of the submitBy day (UTC). */
  overdue: boolean;
  /** No field is missing. */
  complete: boolean;
  /** The fields that cannot be filled from the record, e.g. 'lotNumber', 'bp.at40Min'. */
  missing: string[];
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
  startedAt: IsoDateTime;
  doseMg: number;
  preDoseTotal: number | null;
  at24h: ResponsePointDto | null;
  at72h: ResponsePointDto | null;
  points: ResponsePointDto[];
}
export interface PatientResponseDto {
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

// ---- audit ------------------------------------------------------------------------------
export interface AuditEntryDto {
  id: string;
  at: IsoDateTime;
  actorId: string | null;
  actorRole: Role | null;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  clinicId: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  /**
   * (v2) Administration and threshold changes: the fields changed, before and after (never a
   * password or its hash); null for every other entry.
   */
  details: AuditDetails | null;
}

/**
 * (v2) What an administration or threshold change did. `before`/`after` hold only the fields that
 * changed (threshold paths as `discharge.spo2Min`); `change` names the operation (e.g.
 * `user.disable`), `reason` is the administrator's when one was required.
 */
export interface AuditDetails {
  change?: string;
  reason?: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface HealthDto {
  status: 'ok';
  database: 'sqlite' | 'postgres';
}

// ---- live board -------------------------------------------------------------------------
export interface BoardLatestDto {
  /** Latest value of each measurement since the dose (null when never measured). */
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  cadss6Total: number | null;
  /** When the latest observation was recorded. */
  recordedAt: IsoDateTime | null;
  /** Minutes since dose of the latest observation. */
  minutesSinceDose: number | null;
}
export interface BoardItemDto {
  sessionId: string;
  patientId: string;
  clinicId: string;
  patientName: string;
  mrn: string;
  sessionNumber: number;
  drug: Drug;
  route: Route;
  doseMg: number;
  startedAt: IsoDateTime;
  minutesSinceDose: number;
  /** The next scheduled observation (null when every scheduled observation is done). */
  nextObservationDueAt: IsoDateTime | null;
  nextObservationSlotMinutes: number | null;
  overdue: boolean;
  latest: BoardLatestDto;
  /** Open and acknowledged flags of the session and of the patient, most severe first. */
  openFlags: FlagDto[];
  readiness: DischargeReadinessDto;
  /** The session's 24-h and 72-h follow-up requests, with the links staff send or show. */
  followUps: FollowUpDto[];
}
export interface BoardDto {
  items: BoardItemDto[];
  /**
   * Open critical flags of the clinic's patients who are not on site (e.g. a positive item 9
   * answered from home), newest first: the board shows them above the on-site patients.
   */
  attention: FlagListItemDto[];
  /** Server time of the snapshot, for countdowns. */
  at: IsoDateTime;
}
/** An event on /board/stream: ids only; the client reloads the board. */
export interface BoardEventDto {
  type: 'observation' | 'flag' | 'discharge' | 'session' | 'side_effect' | 'phq9' | 'cssrs';
  clinicId: string;
  sessionId: string | null;
  patientId: string;
  at: IsoDateTime;
}
export interface BoardTicketDto {
  ticket: string;
  expiresAt: IsoDateTime;
}

// ---- outcomes ---------------------------------------------------------------------------
export interface RateDto {
  numerator: number;
  denominator: number;
  /** numerator / denominator x 100, 1 decimal; null when the denominator is 0. */
  pct: number | null;
}
export interface OutcomesBySessionDto {
  sessionNumber: number;
  /** Intention to treat: denominator = every patient in the cohort. */
  responseItt: RateDto;
  remissionItt: RateDto;
  /** Completers: denominator = patients with at least this many sessions. */
  responseCompleters: RateDto;
  remissionCompleters: RateDto;
}
export interface CountPer100Dto {
  key: string;
  count: number;
  per100Sessions: number | null;
}
export interface OutcomesDto {
  filters: {
    clinicId: string | null;
    from: IsoDate | null;
    to: IsoDate | null;
    drug: Drug | null;
    route: Route | null;
    clinicianId: string | null;
  };
  cohortPatients: number;
  /**
   * Cohort courses left out of the response and remission rates and the time to first response
   * (CLINICAL.md s6 v2): baseline PHQ-9 below 10 (OUTCOME_MIN_BASELINE, Kroenke 2001), and none.
   * The rates' intention-to-treat denominator is cohortPatients - baselineBelow10 - noBaseline.
   */
  baselineBelow10: number;
  noBaseline: number;
  sessions: number;
  bySessionNumber: OutcomesBySessionDto[];
  medianSessionsToFirstResponse: number | null;
  medianDaysToFirstResponse: number | null;
  responders: number;
  dropout: RateDto;
  followUp24h: RateDto;
  followUp72h: RateDto;
  sideEffectsPer100: CountPer100Dto[];
  flagsPer100: CountPer100Dto[];
  /** Published reference rates (CLINICAL.md s6), labelled as such. */
  references: {
    label: string;
    source: string;
    responsePct: number | null;
    remissionPct: number | null;
    when: string;
  }[];
}

// ---- follow-up self-report --------------------------------------------------------------
export interface FollowUpDto {
  id: string;
  sessionId: string;
  kind: '24h' | '72h';
  dueAt: IsoDateTime;
  opensAt: IsoDateTime;
  expiresAt: IsoDateTime;
  status: 'scheduled' | 'open' | 'completed' | 'expired';
  /** The patient's link, for staff to send, copy or show as a QR code. */
  link: string;
  completedAt: IsoDateTime | null;
  phq9Id: string | null;
}
/** GET /audit/verify: the hash chain walked from its first entry. */
export interface AuditVerifyDto {
  ok: boolean;
  /** Chained entries checked. */
  checked: number;
  /** The first entry whose hash, link or position does not hold (null when ok). */
  firstBrokenId: string | null;
  /** Entries written before the chain existed (not covered by it). */
  unchained: number;
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
export interface SelfReportInfoDto {
  clinicName: string;
  givenName: string;
  questionnaire: 'phq9';
  recall: '24_hours';
  expiresAt: IsoDateTime;
  /** False before the window opens (the page says when it opens). */
  open: boolean;
  opensAt: IsoDateTime;
}
export interface SelfReportRequest {
  items: (number | null)[];
  item10?: number | null;
}
export interface SelfReportResultDto {
  crisis: { show: boolean; text: string | null };
}
