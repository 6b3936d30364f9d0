/**
 * What the signals engine does with a fresh evaluation of one patient's rules, given the flags
 * already stored (CLINICAL.md s4): at most one active (open or acknowledged) flag per rule and
 * subject, updated in place; triggers already covered by a resolved flag never raise it again; and
 * (v2) **a signal never goes silent**: a new trigger on an acknowledged flag reopens it when its
 * rule is critical, and marks it with `newEvidenceSince` / `newEvidenceCount` otherwise.
 * Records entered in error close the flags they alone raised, but (issue 19) never a flag their
 * marker could not resolve directly: that one stays as it is with its evidence withdrawn until
 * someone who may resolve it does, or fresh evidence makes it live again.
 * Pure: the backend stores the actions this returns.
 */
import type { FlagSeverity, FlagStatus } from '../../api/enums';
import { RULES } from './index';
import type { FlagCandidate, RuleId } from './types';

/** The part of a stored flag that reconciliation reads. */
export interface StoredFlagState {
  id: string;
  rule: string;
  /** The session for session rules, the patient for patient rules. */
  subjectKey: string;
  status: FlagStatus;
  severity: FlagSeverity;
  triggers: readonly string[];
  message: string;
  evidence: unknown;
  threshold: unknown;
  sessionId: string | null;
  /** Who resolved it (null: the system, or not resolved). */
  resolvedBy: string | null;
  /** ISO time of the first trigger that arrived after the acknowledgement (null: none). */
  newEvidenceSince: string | null;
  newEvidenceCount: number;
  /**
   * (issue 19) The records that raised it were entered in error by someone who may not resolve it:
   * still open (or acknowledged), waiting for someone who may. Absent in older callers = false.
   */
  evidenceWithdrawn?: boolean;
}

/** The content a flag takes from its latest candidate. */
export interface FlagContent {
  message: string;
  evidence: Record<string, unknown>;
  threshold: Record<string, unknown>;
  triggers: string[];
  sessionId: string | null;
}

export type FlagAction =
  | { kind: 'create'; subjectKey: string; candidate: FlagCandidate }
  | {
      kind: 'update';
      flagId: string;
      content: FlagContent;
      /** Triggers that were not among the flag's triggers before (sorted). */
      freshTriggers: string[];
      /**
       * `reopen`: an acknowledged critical flag returns to open; `new_evidence`: an acknowledged
       * warning or info flag stays acknowledged and counts the new triggers; `none`: content only.
       */
      escalation: 'reopen' | 'new_evidence' | 'none';
      newEvidenceSince: string | null;
      newEvidenceCount: number;
      /**
       * Always false: the rule holds on records in force, so a flag whose evidence was withdrawn
       * is live again (it was false already on every other flag).
       */
      evidenceWithdrawn: false;
    }
  | { kind: 'resolve'; flagId: string; why: 'condition_cleared' | 'entered_in_error' }
  | {
      /**
       * The records that alone raised the flag were entered in error by someone who may not
       * resolve it: status unchanged, `evidenceWithdrawn` set, the withdrawn records leave its
       * triggers (`triggers`: those left, sorted), so the next trigger of any record is fresh.
       */
      kind: 'withdraw_evidence';
      flagId: string;
      triggers: string[];
    };

export interface ReconcileInput {
  /** The patient: the subject of patient rules. */
  patientId: string;
  /** Every stored flag of the patient for the rules in scope (any status). */
  existing: readonly StoredFlagState[];
  /** The rules' candidates of this evaluation. */
  candidates: readonly FlagCandidate[];
  /** The rules evaluated (flags of other rules are left alone). */
  rulesInScope: ReadonlySet<RuleId>;
  /**
   * Records just marked entered in error (a record id, or for a session its id): they leave the
   * triggers of flags other records still raise, and a flag they alone raised is resolved --
   * when the one who marked them may resolve it (`mayResolve`), else its evidence is withdrawn.
   */
  withdrawn?: ReadonlySet<string>;
  /**
   * Whether the user who marked the `withdrawn` records may resolve this flag themselves (shared
   * `mayResolveFlag`); absent: they may (the system, tests of other behaviour).
   */
  mayResolve?: (flag: StoredFlagState) => boolean;
  /**
   * With `withdrawn`: the rules' candidates with those records still in force (the evaluation just
   * before the mark). A flag whose rule held for its subject then and no longer does lost it to the
   * mark even when the records are not among its triggers (the PHQ-9s behind
   * tolerance.diminishing_response, whose triggers are sessions).
   */
  candidatesBefore?: readonly FlagCandidate[];
  now: Date;
}

/** Whether a trigger is one of these records (follow-up triggers read `24h:<sessionId>`). */
export function triggerIn(trigger: string, ids: ReadonlySet<string>): boolean {
  return ids.has(trigger) || ids.has(trigger.slice(trigger.lastIndexOf(':') + 1));
}

const key = (rule: string, subject: string): string => `${rule}|${subject}`;
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The actions that bring the stored flags in line with the candidates, in a stable order. */
export function reconcileFlags(input: ReconcileInput): FlagAction[] {
  const { withdrawn } = input;
  const active = new Map<string, StoredFlagState>();
  const covered = new Map<string, Set<string>>();
  for (const flag of input.existing) {
    const k = key(flag.rule, flag.subjectKey);
    if (flag.status === 'resolved') {
      // A flag that cleared itself because its condition no longer held covers nothing: should the
      // condition return (the observation that cleared it entered in error), it is raised again.
      if (flag.resolvedBy === null && RULES[flag.rule as RuleId]?.autoResolve === true) continue;
      const set = covered.get(k) ?? new Set<string>();
      for (const trigger of flag.triggers) set.add(trigger);
      covered.set(k, set);
    } else {
      active.set(k, flag);
    }
  }

  const heldBefore = new Set(
    (input.candidatesBefore ?? []).map((c) => key(c.rule, c.subjectSessionId ?? input.patientId)),
  );
  const actions: FlagAction[] = [];
  const seen = new Set<string>();
  for (const c of input.candidates) {
    const subjectKey = c.subjectSessionId ?? input.patientId;
    const k = key(c.rule, subjectKey);
    seen.add(k);
    const current = active.get(k);
    if (current === undefined) {
      const already = covered.get(k);
      // A resolved flag is never reopened; only triggers it did not cover raise a new one.
      if (already && c.triggers.every((trigger) => already.has(trigger))) continue;
      actions.push({ kind: 'create', subjectKey, candidate: c });
      continue;
    }
    const update = updateActive(current, c, withdrawn, input.now);
    if (update) actions.push(update);
  }

  // Operational flags clear themselves once their condition no longer holds (the history stays);
  // any flag clears when the records that raised it were entered in error.
  for (const [k, flag] of active) {
    const rule = RULES[flag.rule as RuleId] as (typeof RULES)[RuleId] | undefined;
    if (seen.has(k) || rule === undefined || !input.rulesInScope.has(rule.id)) continue;
    const amended =
      withdrawn !== undefined &&
      (withdrawn.has(flag.subjectKey) ||
        flag.triggers.some((t) => triggerIn(t, withdrawn)) ||
        heldBefore.has(k));
    if (amended && (input.mayResolve?.(flag) ?? true))
      actions.push({ kind: 'resolve', flagId: flag.id, why: 'entered_in_error' });
    else if (amended && withdrawn !== undefined)
      // Entered in error never closes a flag its marker could not resolve directly (issue 19).
      actions.push({
        kind: 'withdraw_evidence',
        flagId: flag.id,
        triggers: flag.triggers.filter((t) => !triggerIn(t, withdrawn)).sort(),
      });
    else if (rule.autoResolve)
      actions.push({ kind: 'resolve', flagId: flag.id, why: 'condition_cleared' });
  }
  return actions;
}

function updateActive(
  current: StoredFlagState,
  c: FlagCandidate,
  withdrawn: ReadonlySet<string> | undefined,
  now: Date,
): FlagAction | null {
  // Records entered in error no longer count among the triggers of a flag others still raise.
  const kept = withdrawn
    ? current.triggers.filter((t) => !triggerIn(t, withdrawn))
    : [...current.triggers];
  const before = new Set(current.triggers);
  const freshTriggers = [...new Set(c.triggers.filter((t) => !before.has(t)))].sort();
  const triggers = [...new Set([...kept, ...c.triggers])].sort();
  const content: FlagContent = {
    message: c.message,
    evidence: c.evidence,
    threshold: c.threshold,
    triggers,
    sessionId: c.sessionId,
  };
  const acknowledged = current.status === 'acknowledged' && freshTriggers.length > 0;
  const escalation: 'reopen' | 'new_evidence' | 'none' = !acknowledged
    ? 'none'
    : c.severity === 'critical'
      ? 'reopen'
      : 'new_evidence';
  const newEvidenceSince =
    escalation === 'none'
      ? current.newEvidenceSince
      : (current.newEvidenceSince ?? now.toISOString());
  const newEvidenceCount =
    escalation === 'none'
      ? current.newEvidenceCount
      : current.newEvidenceCount + freshTriggers.length;
  const changed =
    escalation !== 'none' ||
    current.evidenceWithdrawn === true ||
    current.message !== content.message ||
    !sameJson(current.evidence, content.evidence) ||
    !sameJson(current.threshold, content.threshold) ||
    !sameJson(current.triggers, content.triggers) ||
    current.sessionId !== content.sessionId;
  if (!changed) return null;
  return {
    kind: 'update',
    flagId: current.id,
    content,
    freshTriggers,
    escalation,
    newEvidenceSince,
    newEvidenceCount,
    evidenceWithdrawn: false,
  };
}
