/** The shapes the demo builder passes between its steps. */
import type { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { RiskEvent } from '../assessments/risk-event.entity';
import type { Clinic } from '../clinics/clinic.entity';
import type { Protocol as ProtocolRow } from '../courses/protocol.entity';
import type { Screening } from '../courses/screening.entity';
import type { TreatmentCourse } from '../courses/treatment-course.entity';
import type { RemsFormRecord } from '../rems/rems-form.entity';
import type { AuditRow } from '../common/audit/audit-chain';
import type { Patient } from '../patients/patient.entity';
import type { DosingSession } from '../sessions/dosing-session.entity';
import type { Observation } from '../sessions/observation.entity';
import type { SideEffect } from '../sessions/side-effect.entity';
import type { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';
import type { SafetyPlan } from '../suicide-risk/safety-plan.entity';
import type { User, UserClinic } from '../users/user.entity';
import type { LocalClock } from './local-clock';
import type { Prng } from './prng';

export type Protocol = 'iv' | 'im' | 'esketamine';
export type ResponseType = 'remitter' | 'responder' | 'partial' | 'non';
export type Scenario =
  | 'dissociation'
  | 'misuse'
  | 'tolerance'
  | 'item9_1'
  | 'item9_2'
  | 'predose_bp'
  | 'severe_bp'
  | 'worsening'
  | 'deep_sedation'
  | 'respiratory'
  | 'tachycardia'
  | 'bp_rise'
  | 'early_discharge'
  | 'reported_use'
  | 'overdue'
  | 'serious_ae'
  | 'vasovagal'
  | 'item9_unanswered'
  | 'no_predose'
  | 'off_protocol'
  | 'override';

export interface ClinicCtx {
  index: number;
  id: string;
  clock: LocalClock;
  psychiatristId: string;
  nurseId: string;
  lots: Record<Protocol, readonly string[]>;
  /** The protocol (id and numbers) each of the demo's protocols follows in this clinic (courses.ts). */
  protocols: Record<Protocol, ProtocolRow>;
  /** The clinic's nurse and name, for the REMS forms (monitoring provider, setting). */
  nurseName: string;
  name: string;
}

export interface PatientPlan {
  clinic: ClinicCtx;
  index: number;
  id: string;
  mrn: string;
  weightKg: number;
  protocol: Protocol;
  response: ResponseType;
  sessionCount: number;
  scenario: Scenario | null;
  /** Minutes since the dose start of today's in-progress session, or null. */
  boardElapsed: number | null;
  /** Days between today and the last session (non-board patients). */
  lastDaysAgo: number;
  medications: string[];
  /**
   * A re-induction (courses.ts): the number of sessions of the first course, which ended; the
   * sessions after it are a re-induction course months later. Null: one course.
   */
  reinductionAfter: number | null;
  vitals: { sys: number; dia: number; hr: number; spo2: number; rr: number };
}

export interface SessionDraft {
  row: DosingSession;
  observations: Observation[];
  /** Peak CADSS-6 total and deepest MOAA/S, for side effects. */
  peakCadss: number;
  lowestMoaas: number;
  end: number;
}

export interface Rows {
  clinics: Clinic[];
  users: User[];
  userClinics: UserClinic[];
  patients: Patient[];
  sessions: DosingSession[];
  observations: Observation[];
  sideEffects: SideEffect[];
  riskEvents: RiskEvent[];
  phq9: Phq9Assessment[];
  cssrs: CssrsScreening[];
  safetyPlans: SafetyPlan[];
  protocols: ProtocolRow[];
  screenings: Screening[];
  courses: TreatmentCourse[];
  remsForms: RemsFormRecord[];
  audit: AuditRow[];
}

/** A course of PHQ-9 totals: the baseline, then per session (index 0 = session 1). */
export interface Trajectory {
  readonly baseline: number;
  /** Sustained (pre-dose) level before each session. */
  readonly pre: readonly number[];
  readonly at24: readonly number[];
  readonly at72: readonly number[];
  readonly noise: number;
}

/** What every step of the builder shares. */
export interface DemoContext {
  readonly now: Date;
  readonly nowMs: number;
  /** The data draws: one sequence, so the order of the steps is part of the data. */
  readonly rng: Prng;
  /** The ids: a sequence of their own. */
  readonly ids: Prng;
  readonly rows: Rows;
}
