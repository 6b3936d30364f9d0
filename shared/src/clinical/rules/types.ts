/** Types of the signals engine (CLINICAL.md s4): the records the rules read and the flags they propose. */
import type {
  Drug,
  FlagCategory,
  FlagSeverity,
  RecallPeriod,
  RiskEventType,
  Route,
  SeriousCriterion,
  SessionStatus,
  SideEffectSeverity,
  SideEffectType,
} from '../../api/enums';
import type {
  CourseKind,
  CoursePhase,
  DosePlan,
  ProtocolInduction,
  ProtocolMaintenance,
  ScreeningItem,
} from '../../api/course-types';
import type { ClinicThresholds } from '../thresholds';
import type { Timestamp } from '../time';

/** Every rule of CLINICAL.md s4, in the order of its table. */
export const RULE_IDS = [
  'phq9.item9_positive',
  'suicide_risk.high',
  'suicide_risk.moderate',
  'phq9.item9_unanswered',
  'phq9.worsening',
  'sedation.moderate',
  'sedation.deep',
  'dissociation.marked',
  'dissociation.unresolved',
  'bp.predose_elevated',
  'bp.severe',
  'bp.rise',
  'hr.tachycardia',
  'bp.hypotension',
  'hr.bradycardia',
  'respiratory.depression',
  'monitoring.overdue',
  'monitoring.no_predose',
  'discharge.before_ready',
  'misuse.session_frequency',
  'misuse.dose_escalation',
  'course.off_protocol',
  'adverse.serious',
  'screening.override',
  'misuse.reported_use',
  'misuse.craving',
  'misuse.urinary_symptoms',
  'tolerance.diminishing_response',
  'nonresponse.after_induction',
  'followup.missed',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleSession {
  id: string;
  sessionNumber: number;
  drug: Drug;
  route: Route;
  doseMg: number;
  doseMgPerKg: number | null;
  startedAt: Timestamp;
  infusionMinutes: number | null;
  status: SessionStatus;
  dischargedAt: Timestamp | null;
  readyAt: Timestamp | null;
  dischargeOverrideReason: string | null;
  /** (v2) The treatment course the session belongs to (CLINICAL.md s8); absent before courses. */
  courseId?: string | null;
  /** (v2) The session's number within its course. */
  courseSessionNumber?: number | null;
}

/** (v2) The protocol in force for a course, as the rules read it (CLINICAL.md s8). */
export interface RuleProtocol {
  id: string;
  name: string;
  induction: ProtocolInduction;
  maintenance: ProtocolMaintenance | null;
  dosePlan: DosePlan;
}

/** (v2) A treatment course (CLINICAL.md s8) with what the course-aware rules read. */
export interface RuleCourse {
  id: string;
  kind: CourseKind;
  phase: CoursePhase;
  drug: Drug;
  route: Route;
  /** The course's start (its creation). */
  startedAt: Timestamp;
  /** When it moved to maintenance (null while in induction, or ended during induction). */
  maintenanceAt: Timestamp | null;
  endedAt: Timestamp | null;
  /** Null: no protocol (migrated IM/oral courses); the rules use the v1 defaults. */
  protocol: RuleProtocol | null;
  /** The screening's absolute contraindications answered yes (CLINICAL.md s9). */
  absoluteContraindications: ScreeningItem[];
  /** The psychiatrist's reason for starting despite them (raises `screening.override`). */
  overrideReason: string | null;
  /** Who gave the override (a user id). */
  overrideBy: string | null;
}

export interface RuleObservation {
  id: string;
  sessionId: string;
  recordedAt: Timestamp;
  minutesSinceDose: number;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  cadss6: number[] | null;
  cadss6Total: number | null;
}

export interface RulePhq9 {
  id: string;
  sessionId: string | null;
  administeredAt: Timestamp;
  items: (number | null)[];
  total: number | null;
  valid: boolean;
  item9Positive: boolean;
  recall: RecallPeriod;
}

/** A C-SSRS screener (CLINICAL.md s10); questions not asked are null. */
export interface RuleCssrs {
  id: string;
  administeredAt: Timestamp;
  wishDead: boolean;
  suicidalThoughts: boolean;
  method: boolean | null;
  intent: boolean | null;
  plan: boolean | null;
  behavior: boolean;
  behaviorPast3Months: boolean | null;
  phq9Id: string | null;
}

export interface RuleSideEffect {
  id: string;
  sessionId: string;
  type: SideEffectType;
  severity: SideEffectSeverity;
  onsetAt: Timestamp;
  /** (v2) A serious adverse event (CLINICAL.md s3); absent in records written before v2 = false. */
  serious?: boolean;
  seriousCriterion?: SeriousCriterion | null;
}

export interface RuleRiskEvent {
  id: string;
  type: RiskEventType;
  occurredAt: Timestamp;
}

/** Everything the rules may look at for one patient (all their records, any order). */
export interface PatientRecords {
  patientId: string;
  sessions: RuleSession[];
  observations: RuleObservation[];
  phq9: RulePhq9[];
  sideEffects: RuleSideEffect[];
  riskEvents: RuleRiskEvent[];
  /** C-SSRS screeners (v2, CLINICAL.md s10). */
  cssrs: RuleCssrs[];
  /**
   * (v2) The patient's treatment courses (CLINICAL.md s8), any order. Absent or empty: the rules
   * behave as in v1 (one undivided list of sessions, the v1 defaults).
   */
  courses?: RuleCourse[];
  /** The clinic's IANA time zone: flag messages write their times in it (UTC when absent). */
  timeZone?: string | null;
  /**
   * Observations of these sessions that were entered in error (not part of any score). Only
   * monitoring.no_predose reads them: a pre-dose BP withdrawn reopens the gap it had closed, and
   * its id makes the gap a new trigger (a resolved flag's triggers never raise it again).
   */
  enteredInErrorObservations?: RuleObservation[];
}

export type RuleSubject = 'session' | 'patient';

export interface FlagCandidate {
  rule: RuleId;
  category: FlagCategory;
  severity: FlagSeverity;
  /** Subject: the session for session rules; null for patient rules. */
  subjectSessionId: string | null;
  /** Context: the session the flag should be shown with (for patient rules: the session the triggering record belongs to, if any). */
  sessionId: string | null;
  /** Plain words with the numbers that triggered it, e.g. "BP 186/104 at 40 min: systolic >= 180". */
  message: string;
  /** The triggering records with their values, e.g. { observations: [{ id, minutesSinceDose, systolic, diastolic }] } */
  evidence: Record<string, unknown>;
  /** The threshold(s) in force, named, e.g. { severeSystolic: 180, severeDiastolic: 110 } */
  threshold: Record<string, unknown>;
  /**
   * Ids of every record that triggers the rule for this subject (sorted, unique). The backend never
   * re-raises a flag for triggers already covered by a resolved flag. For monitoring.overdue the
   * slot key, e.g. `slot:30`; for followup.missed `24h:<sessionId>` / `72h:<sessionId>`; for
   * monitoring.no_predose see its definition (`no_predose:due`, `no_predose:withdrawn:<id>`).
   */
  triggers: string[];
}

export interface RuleDefinition {
  id: RuleId;
  category: FlagCategory;
  severity: FlagSeverity;
  subject: RuleSubject;
  title: string;
  /** For misuse.* and tolerance.*: says it is a clinically reasonable proxy, not a published checklist. */
  note: string | null;
  /** Depends on the clock (re-evaluated by the scheduler). */
  timeBased: boolean;
  /** The backend resolves an open flag by itself when its condition clears (monitoring.overdue, monitoring.no_predose). */
  autoResolve: boolean;
  evaluate: (records: PatientRecords, t: ClinicThresholds, now: Date) => FlagCandidate[];
}

/** The `note` of the misuse.* and tolerance.* rules (CLINICAL.md s4: "they must say so"). */
export const PROXY_RULE_NOTE =
  'A clinically reasonable proxy, not a published checklist (CLINICAL.md s4).';
