import type { RuleId, SideEffectSeverity, SideEffectType } from '@clinic/shared';
import type { SideEffect } from '../../sessions/side-effect.entity';
import type {
  DemoContext,
  PatientPlan,
  Protocol,
  ResponseType,
  SessionDraft,
  Trajectory,
} from '../model';
import type { EffectPlan } from '../vitals';

/** One session of a scenario's course, while it is being drawn. */
export interface SessionShape {
  /** The drawn effects, which the scenario may replace (pre-dose values, a table by minute). */
  effects: EffectPlan;
  /** 0-based session index. */
  i: number;
  last: boolean;
  /** Today's session, still in progress. */
  inProgress: boolean;
}

/** A side effect a scenario records, `minute` minutes after the dose start. */
export interface ScenarioSideEffect {
  type: SideEffectType;
  severity: SideEffectSeverity;
  minute: number;
  notes: string;
  seriousCriterion?: SideEffect['seriousCriterion'];
}

/**
 * How a named scenario's course is set up: protocol (else drawn, or the board's), response type
 * (every scenario fixes it, so that nonresponse.after_induction is part of its design), number of
 * sessions and days since the last one (else drawn), and the exact rules of CLINICAL.md s4 it
 * raises; then what it changes in the drawn course. None of the hooks draws a random number.
 */
export interface ScenarioDefinition {
  protocol?: Protocol;
  response: ResponseType;
  sessions?: number;
  lastDaysAgo?: number;
  rules: readonly RuleId[];
  /** Days between consecutive sessions, when the scenario fixes them. */
  gaps?: readonly number[];
  /** The PHQ-9 totals, when the scenario fixes them (no measurement noise). */
  trajectory?: Trajectory;
  /** Shapes one session's effects and returns its notes (null: none). */
  session?: (s: SessionShape) => string | null;
  /** The scenario's side effect in one session, if any. */
  sideEffect?: (s: { i: number; last: boolean }) => ScenarioSideEffect | null;
  /** Records after the course (risk events, screeners, safety plans); these draw ids only. */
  afterCourse?: (
    ctx: DemoContext,
    plan: PatientPlan,
    drafts: readonly SessionDraft[],
    intakeAt: Date,
  ) => void;
}
