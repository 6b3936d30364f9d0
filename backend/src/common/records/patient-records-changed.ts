import type { EntityManager } from 'typeorm';
import { type RuleId, RULE_IDS, RULES } from '@clinic/shared';
import type { Actor } from '../auth/actor';

/** The rules that depend on the passing of time (run by the scheduler and before reads). */
export const TIME_BASED_RULES: readonly RuleId[] = RULE_IDS.filter((id) => RULES[id].timeBased);

export interface EvaluationOptions {
  /** Who caused the evaluation (null: the scheduler). New flags are audited in their name. */
  actor: Actor | null;
  now?: Date;
  only?: readonly RuleId[];
  /**
   * The evaluation follows records being marked entered in error (`ids`: the record, and for a
   * session its observations and side effects; `what`: "the risk event", `reason`: the mark's): an
   * active flag that no longer holds and was raised by one of them (or concerns that session) is
   * resolved in the actor's name -- when the actor may resolve it (shared `mayResolveFlag`); else
   * (issue 19) it stays as it is with its evidence withdrawn, a history step naming the actor.
   */
  enteredInError?: { ids: ReadonlySet<string>; what: string; reason: string };
}

/**
 * What a writer of patient records (sessions, observations, PHQ-9s, risk events, screenings)
 * tells the signals engine, and what a reader of flags asks of it. Owned here, below every
 * feature, and implemented by signals/ (SignalsService), so that the writers below signals do not
 * import it: the writer calls `evaluatePatient` with its own EntityManager, inside the same
 * transaction as the write that caused it (a flag and its cause commit or roll back together).
 */
export interface PatientRecordsChanged {
  /** Runs the rules for one patient in the caller's transaction and reconciles the flags. */
  evaluatePatient(
    em: EntityManager,
    patientId: string,
    options: EvaluationOptions,
  ): Promise<unknown>;
  /** Runs the time-based rules of the clinics first when their last run is older than a tick. */
  ensureFresh(em: EntityManager, clinicIds: string[], now?: Date): Promise<void>;
}

export const PATIENT_RECORDS_CHANGED = Symbol('PatientRecordsChanged');
