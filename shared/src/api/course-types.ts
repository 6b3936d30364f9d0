/**
 * Request and response shapes of treatment courses, protocols, screening and REMS submission
 * (API.md "v2 additions > Treatment courses" and "REMS and printing"; CLINICAL.md s8 and s9).
 * The one place these shapes are written: the backend, the dashboard and the tests import them.
 */
import type {
  Drug,
  FlagCategory,
  FlagSeverity,
  FlagStatus,
  Phq9Severity,
  Phq9Source,
  RecallPeriod,
  ResponseStatus,
  Route,
  SeriousCriterion,
  SessionStatus,
  Sex,
  SideEffectSeverity,
  SideEffectType,
} from './enums';
import type { PatientResponseDto } from './assessment-types';
import type { IsoDate, IsoDateTime, ListResponse } from './types';
// The five classes of the REMS form (CLINICAL.md s3/s9), written once in rems-concomitant.
import type { ConcomitantClass } from '../clinical/rems-concomitant';

/** A course's phase (CLINICAL.md s8): induction -> maintenance -> ended. */
export const COURSE_PHASES = ['induction', 'maintenance', 'ended'] as const;
export type CoursePhase = (typeof COURSE_PHASES)[number];

/** `initial`: a patient's first course of a drug; `reinduction`: after a course ended or relapse. */
export const COURSE_KINDS = ['initial', 'reinduction'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export const COURSE_END_REASONS = [
  'completed',
  'nonresponse',
  'adverse_event',
  'patient_choice',
  'transferred',
  'other',
] as const;
export type CourseEndReason = (typeof COURSE_END_REASONS)[number];

/**
 * How a course came to be: `clinical` (POST /patients/:id/courses, with a screening),
 * `migrated` (the v2 migration put sessions given before courses existed into it), `legacy`
 * (made for a session recorded in a clinic that has never started a clinical or migrated course:
 * the v1 behaviour, kept so a clinic without courses works as before). See docs/decisions.md.
 */
export const COURSE_ORIGINS = ['clinical', 'migrated', 'legacy'] as const;
export type CourseOrigin = (typeof COURSE_ORIGINS)[number];

/** Dose plan units: esketamine in mg, ketamine in mg/kg (CLINICAL.md s2). */
export const DOSE_PLAN_UNITS = ['mg', 'mg_per_kg'] as const;
export type DosePlanUnit = (typeof DOSE_PLAN_UNITS)[number];

export interface ProtocolInduction {
  /** Sessions in the induction phase (the course moves to maintenance when reached). */
  sessions: number;
  /** Days within which the induction should be finished (`course.off_protocol` after that). */
  withinDays: number;
  /** At most this many sessions in any rolling 7 days (1-7). */
  maxPerWeek: number;
  /**
   * Extension of API.md: the minimum interval between two induction sessions in calendar days
   * (default 1: not twice on one day). A start earlier than this is refused unless overridden
   * and raises `course.off_protocol`.
   */
  minDaysBetween?: number;
}

export interface ProtocolMaintenance {
  /** At most this many sessions in any rolling 7 days (1-7). */
  maxPerWeek: number;
  /** Minimum interval between two maintenance sessions in calendar days. */
  minDaysBetween: number;
}

export interface DosePlan {
  unit: DosePlanUnit;
  /** The first dose of the course. */
  first: number;
  /** The doses of the plan after the first (each a step the course may take without a flag). */
  steps: number[];
  /** The plan's highest dose (never above the clinic's usual maximum of CLINICAL.md s2). */
  max: number;
}

export interface ProtocolDto {
  id: string;
  /** Null for the built-in templates of CLINICAL.md s8. */
  clinicId: string | null;
  name: string;
  drug: Drug;
  route: Route;
  builtIn: boolean;
  /** The template a clinic copy was made from (null for built-ins and new protocols). */
  basedOnId: string | null;
  /** Where the numbers come from (the template's source; free text for a clinic's copy). */
  source: string | null;
  induction: ProtocolInduction;
  /** Null when no maintenance was studied (esketamine for acute suicidal ideation). */
  maintenance: ProtocolMaintenance | null;
  dosePlan: DosePlan;
  createdAt: IsoDateTime | null;
  createdBy: string | null;
}

export interface CreateProtocolRequest {
  clinicId: string;
  name: string;
  drug: Drug;
  route: Route;
  basedOnId?: string | null;
  source?: string | null;
  induction: ProtocolInduction;
  maintenance: ProtocolMaintenance | null;
  dosePlan: DosePlan;
}

/** The screening checklist items of CLINICAL.md s9, in API.md's order. */
export const SCREENING_ITEMS = [
  'aneurysmal_vascular_disease',
  'arteriovenous_malformation',
  'intracerebral_haemorrhage',
  'hypersensitivity',
  'psychosis_or_mania',
  'pregnancy_or_breastfeeding',
  'uncontrolled_hypertension',
  'cardiac_or_cerebrovascular_disease',
  'substance_use_disorder',
  'raised_intracranial_pressure',
] as const;
export type ScreeningItem = (typeof SCREENING_ITEMS)[number];

export const SCREENING_ANSWERS = ['no', 'yes', 'unknown'] as const;
export type ScreeningAnswer = (typeof SCREENING_ANSWERS)[number];

export const SCREENING_RESULTS = ['eligible', 'eligible_with_warnings', 'contraindicated'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

export interface CreateScreeningRequest {
  drug: Drug;
  /** Not in the future; the screening is valid for sessions starting within 30 days after it. */
  screenedAt: IsoDateTime;
  /** Every item of SCREENING_ITEMS. */
  answers: Record<ScreeningItem, ScreeningAnswer>;
  /** The psychiatrist's note per item; required for each `yes`. */
  notes?: Partial<Record<ScreeningItem, string>> | null;
  /**
   * Extension: the concomitant medicine classes the patient takes (CLINICAL.md s9: they feed the
   * REMS form; none: empty list). The REMS form's class names (`CONCOMITANT_CLASSES`).
   */
  concomitant?: ConcomitantClass[];
  /** Date of informed consent (required). */
  consentAt: IsoDateTime;
  /** Esketamine only, required for it: the patient's REMS enrolment date. */
  remsEnrolledAt?: IsoDateTime | null;
}

export interface ScreeningDto {
  id: string;
  patientId: string;
  drug: Drug;
  screenedAt: IsoDateTime;
  answers: Record<ScreeningItem, ScreeningAnswer>;
  notes: Partial<Record<ScreeningItem, string>>;
  concomitant: ConcomitantClass[];
  consentAt: IsoDateTime;
  remsEnrolledAt: IsoDateTime | null;
  result: ScreeningResult;
  /** Items answered `yes` that are absolute contraindications for this drug. */
  absolute: ScreeningItem[];
  /** Items answered `yes` that are relative contraindications / warnings. */
  relative: ScreeningItem[];
  /** Items answered `unknown` (to be found out; they do not block). */
  unknown: ScreeningItem[];
  /** screenedAt + 30 days: a course's first session must start by then. */
  validUntil: IsoDateTime;
  recordedBy: string;
  recordedByName?: string | null;
  createdAt: IsoDateTime;
}

export interface CreateCourseRequest {
  protocolId: string;
  screeningId: string;
  kind: CourseKind;
  /** Required when the screening is `contraindicated`: the psychiatrist's reason (raises `screening.override`). */
  overrideReason?: string | null;
}

export interface CourseBaselineDto {
  phq9Id: string;
  administeredAt: IsoDateTime;
  total: number;
}

export interface CourseDto {
  id: string;
  patientId: string;
  clinicId: string;
  protocolId: string | null;
  /** The protocol's name, for lists (null without one). */
  protocolName: string | null;
  /**
   * Extension (additive): the protocol in force with its numbers (null without one), so the order
   * form can judge a proposal with the course's own rules (`orderWarnings`).
   */
  protocol?: ProtocolDto | null;
  drug: Drug;
  route: Route;
  kind: CourseKind;
  origin: CourseOrigin;
  phase: CoursePhase;
  /** When the course was started (its creation; the first session may come later). */
  startedAt: IsoDateTime;
  /** The first given session's start (null before the first dose). */
  firstSessionAt: IsoDateTime | null;
  /** When the course moved to maintenance, by whom, and the reason when moved before the induction count. */
  maintenanceAt: IsoDateTime | null;
  maintenanceReason: string | null;
  endedAt: IsoDateTime | null;
  endReason: CourseEndReason | null;
  endNote: string | null;
  /** The course baseline of CLINICAL.md s5 (null until there is one). */
  baseline: CourseBaselineDto | null;
  /** Sessions given in this course. */
  sessionCount: number;
  screeningId: string | null;
  /** The screening's result and contraindications, for the patient page's glance. */
  screening: ScreeningDto | null;
  overrideReason: string | null;
  /** The next session the protocol proposes (null when ended or no protocol). */
  nextDue: CourseProposalDto | null;
  version: number;
}

export interface CoursePhaseRequest {
  phase: 'maintenance';
  /** Required when moving before the protocol's induction count is reached. */
  reason?: string | null;
}

export interface EndCourseRequest {
  reason: CourseEndReason;
  note?: string | null;
}

/** The order form's proposal for the course's next session (from the protocol and phase). */
export interface CourseProposalDto {
  /** Earliest date the protocol allows (clinic-local calendar date, YYYY-MM-DD). */
  earliestDate: string;
  /** The proposed dose on the plan's basis. */
  dose: number;
  unit: DosePlanUnit;
  /** The plan's allowed doses for this session (first session: the first dose only). */
  allowedDoses: number[];
  /** Plain words: why this date and dose ("session 3 of 8 of induction; at most 2 in 7 days"). */
  reason: string;
}

export type CourseListResponse = ListResponse<CourseDto>;

/** PATCH /sessions/:id/rems: the form's fields the records cannot give. */
export interface RemsFormPatchRequest {
  monitoringProvider?: string | null;
  setting?: string | null;
  /** Corrections of fields filled from the records, each with a reason. */
  corrections?: { field: string; value: string; reason: string }[];
}

export interface RemsSubmittedRequest {
  submittedAt: IsoDateTime;
  reference?: string | null;
}

/** One row of GET /rems/due: an esketamine session whose REMS form is not submitted. */
export interface RemsDueItemDto {
  sessionId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  sessionNumber: number;
  startedAt: IsoDateTime;
  /** startedAt + 7 days (CLINICAL.md s3). */
  deadline: IsoDateTime;
  overdue: boolean;
  /** Fields still missing from the form. */
  missing: string[];
}

/**
 * GET /patients/:id/course-summary?courseId= (API.md "REMS and printing (v2)"): the data of the
 * printable course summary, for referral letters and prior authorisation. Records entered in error
 * are left out. Times are ISO (UTC); `timeZone` is the clinic's, for showing them.
 */
export interface CourseSummaryDto {
  generatedAt: IsoDateTime;
  clinic: { id: string; name: string; timeZone: string };
  patient: {
    id: string;
    givenName: string;
    familyName: string;
    birthDate: IsoDate;
    sex: Sex;
    mrn: string;
  };
  course: CourseDto;
  /** The course's protocol with its numbers (null for a course without one). */
  protocol: ProtocolDto | null;
  screening: CourseSummaryScreeningDto | null;
  /** The course's sessions by start (planned time for an ordered one); cancelled orders left out. */
  sessions: CourseSummarySessionDto[];
  /** The course's PHQ-9s, oldest first, against the course baseline (CLINICAL.md s5). */
  phq9: CourseSummaryPhq9Dto[];
  /** The course's response, as GET /patients/:id/response?courseId= gives it (course session numbers). */
  response: PatientResponseDto & { courseId: string };
  sideEffects: CourseSummarySideEffectDto[];
  flags: CourseSummaryFlagDto[];
}

/** The screening of the course: the result, and the items not answered `no`. */
export interface CourseSummaryScreeningDto {
  id: string;
  screenedAt: IsoDateTime;
  result: ScreeningResult;
  consentAt: IsoDateTime;
  remsEnrolledAt: IsoDateTime | null;
  /** The items answered `yes` or `unknown`, in checklist order, with the psychiatrist's note. */
  items: {
    item: ScreeningItem;
    answer: 'yes' | 'unknown';
    /** For a `yes`: whether the item is an absolute or a relative contraindication for the drug. */
    contraindication: 'absolute' | 'relative' | null;
    note: string | null;
  }[];
  /** The psychiatrist's reason for starting despite an absolute contraindication. */
  overrideReason: string | null;
  recordedByName: string | null;
}

export interface CourseSummarySessionDto {
  id: string;
  sessionNumber: number;
  courseSessionNumber: number | null;
  status: SessionStatus;
  /** The dose start (the planned time of an ordered session). */
  startedAt: IsoDateTime;
  drug: Drug;
  route: Route;
  doseMg: number;
  doseMgPerKg: number | null;
  weightKg: number | null;
  infusionMinutes: number | null;
  dischargedAt: IsoDateTime | null;
  retrospective: boolean;
}

export interface CourseSummaryPhq9Dto {
  id: string;
  administeredAt: IsoDateTime;
  /** Null when invalid (3+ items missing: stored, not scored, CLINICAL.md s1). */
  total: number | null;
  severity: Phq9Severity | null;
  prorated: boolean;
  valid: boolean;
  recall: RecallPeriod;
  /** `clinic` or `self_report` (the follow-up link). */
  source: Phq9Source;
  /** This PHQ-9 is the course baseline. */
  baseline: boolean;
  /** Change against the course baseline in % (null without a baseline, before it, or invalid). */
  changePct: number | null;
  /** Category against the course baseline (null without a baseline, before it, or invalid). */
  category: Exclude<ResponseStatus, 'no_baseline'> | null;
}

export interface CourseSummarySideEffectDto {
  id: string;
  sessionId: string;
  courseSessionNumber: number | null;
  type: SideEffectType;
  severity: SideEffectSeverity;
  serious: boolean;
  seriousCriterion: SeriousCriterion | null;
  onsetAt: IsoDateTime;
}

export interface CourseSummaryFlagDto {
  id: string;
  rule: string;
  /** The title a person reads (flagTitleOf). */
  title: string;
  category: FlagCategory;
  severity: FlagSeverity;
  status: FlagStatus;
  message: string;
  sessionId: string | null;
  courseSessionNumber: number | null;
  raisedAt: IsoDateTime;
  resolvedAt: IsoDateTime | null;
}
