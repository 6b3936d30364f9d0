/** Audit, live board, outcomes and self-report shapes of the HTTP contract (../shared/API.md). */
import type { AuditAction, AuditOutcome, Drug, PreDoseCheckId, Role, Route } from './enums';
import type {
  DischargeReadinessDto,
  FlagDto,
  FlagListItemDto,
  IsoDate,
  IsoDateTime,
} from './types';

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
/** v2: one pre-dose check of an ordered session (CLINICAL.md s3 "Ordered, then started"). */
export interface PreDoseCheckDto {
  id: PreDoseCheckId;
  ok: boolean;
  /** Plain words: what holds, or why it fails. */
  reason: string;
}
/** v2: an ordered session expected today (clinic's local day), with its pre-dose checklist. */
export interface BoardExpectedDto {
  sessionId: string;
  patientId: string;
  clinicId: string;
  patientName: string;
  mrn: string;
  sessionNumber: number;
  drug: Drug;
  route: Route;
  doseMg: number;
  plannedAt: IsoDateTime;
  version: number;
  /** The checks as they stand now (a start now would be judged on these). */
  checks: PreDoseCheckDto[];
  /** True when every check holds. */
  ready: boolean;
}
export interface BoardDto {
  items: BoardItemDto[];
  /** v2: today's ordered sessions, by planned time. */
  expected: BoardExpectedDto[];
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
