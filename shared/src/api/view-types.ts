/** Audit, live board, outcomes and self-report shapes of the HTTP contract (../shared/API.md). */
import type { AuditAction, AuditOutcome, Drug, PreDoseCheckId, Role, Route } from './enums';
import type { VitalKey } from '../clinical/vital-signs';
import type { CourseKind } from './course-types';
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
  /** (v2, issue 20) The acting user's name (null for an unknown or failed sign-in). */
  actorName: string | null;
  /**
   * (v2, issue 20) The patient as the dashboard lists them, "Family, Given": for a manager of the
   * patient's clinic; null for an administrator (who sees no clinical data) and for no patient.
   */
  patientName: string | null;
  /** (v2, issue 20) The page view a read or search was made for (null for other entries). */
  viewId: string | null;
}

/**
 * (v2, issue 20) One row of the grouped audit log: a page view with every record it read (all
 * entries with the same viewId by the same user), or a single entry that belongs to no page view.
 */
export interface AuditViewDto {
  /** The view id, or the entry's id when the entry belongs to no page view. */
  id: string;
  viewId: string | null;
  /** The first and last entry of the group. */
  firstAt: IsoDateTime;
  lastAt: IsoDateTime;
  actorId: string | null;
  actorName: string | null;
  actorRole: Role | null;
  /** Every entry of the group, oldest first (each still its own entry of the hash chain). */
  entries: AuditEntryDto[];
}

/** (v2, issue 20) A user a manager can filter the audit log by: the clinic's staff. */
export interface AuditActorDto {
  id: string;
  name: string;
  role: Role;
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
/**
 * (v2) One board tile: the latest value of one measurement since the dose (the pre-dose reading
 * when nothing was measured after it), from the latest reading that HAS it, with that reading's
 * own time, and its mark against the clinic's thresholds (shared vitalMark).
 */
export interface BoardVitalDto {
  key: VitalKey;
  /** [systolic, diastolic] for 'bp', [value] otherwise; empty when never measured. */
  values: number[];
  observationId: string | null;
  recordedAt: IsoDateTime | null;
  minutesSinceDose: number | null;
  /** Outside the thresholds in force: how serious and in words; null when within them. */
  mark: { level: 'critical' | 'warning'; text: string; rule: string } | null;
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
  /** (v2) The six tiles (VITAL_KEYS order), each from its own latest reading. */
  vitals: BoardVitalDto[];
  /**
   * (v2) The latest full set (BP, HR, SpO2 and MOAA/S in one reading): the scheduled check the
   * next one follows; null when none since the dose's pre-dose reading.
   */
  lastFullSet: { observationId: string; recordedAt: IsoDateTime; minutesSinceDose: number } | null;
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
  /**
   * Intention to treat: denominator = the counted courses that have had the chance to reach this
   * session (reached it, or no session in the last 28 days: stopped ones count as not responding);
   * courses still going on that have not reached it yet are left out (notYetReached).
   */
  responseItt: RateDto;
  remissionItt: RateDto;
  /** Completers: denominator = courses with at least this many sessions. */
  responseCompleters: RateDto;
  remissionCompleters: RateDto;
  /** Counted courses still going on (a session in the last 28 days) that have not reached this session yet. */
  notYetReached: number;
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
    /** v2: the courses' protocol. */
    protocolId: string | null;
    /** v2: `initial` or `reinduction` courses only (reported apart, CLINICAL.md s6). */
    kind: CourseKind | null;
  };
  /** The patients the cohort's courses belong to (one per course unless a patient has several). */
  cohortPatients: number;
  /**
   * v2 (CLINICAL.md s6): the cohort's unit, the treatment courses whose first session falls in the
   * period and matches the filters (a re-induction is a course of its own).
   */
  cohortCourses: number;
  /**
   * Cohort courses left out of the response and remission rates and the time to first response
   * (CLINICAL.md s6 v2): baseline PHQ-9 below 10 (OUTCOME_MIN_BASELINE, Kroenke 2001), and none.
   * The rates' intention-to-treat denominator is cohortCourses - baselineBelow10 - noBaseline.
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
  /**
   * How the link can be sent (issue 20): `email` when the patient has an email address on record,
   * `sms` when they have a phone number. Only whether they exist: never the address or number.
   */
  channels: FollowUpChannel[];
}
/** How a follow-up link is sent to the patient (POST /followups/:id/send). */
export type FollowUpChannel = 'email' | 'sms';
/** The channels a patient can be reached on, from their contact details (never the details). */
export function contactChannels(patient: {
  email: string | null;
  phone: string | null;
}): FollowUpChannel[] {
  return [
    ...(patient.email ? (['email'] as const) : []),
    ...(patient.phone ? (['sms'] as const) : []),
  ];
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
