/**
 * The signals engine's rules (CLINICAL.md s4) as pure functions: RULES by id and evaluateRules.
 * The backend persists the candidates as flags (one active flag per rule and subject).
 */
import type { ClinicThresholds } from '../thresholds';
import { ADVERSE_RULES } from './adverse.rules';
import { COURSE_RULES } from './course.rules';
import { MISUSE_RULES } from './misuse.rules';
import { MONITORING_RULES } from './monitoring.rules';
import { PHQ9_RULES } from './phq9.rules';
import { RESPONSE_RULES } from './response.rules';
import { SUICIDE_RISK_RULES } from './suicide-risk.rules';
import { uniqueSorted } from './rule-helpers';
import {
  RULE_IDS,
  type FlagCandidate,
  type PatientRecords,
  type RuleDefinition,
  type RuleId,
} from './types';
import { VITALS_RULES } from './vitals.rules';

export * from './types';
export {
  NO_PREDOSE_DUE_TRIGGER,
  NO_PREDOSE_WITHDRAWN_PREFIX,
  nextObservationDue,
  OBSERVATION_SLOT_EARLY_MINUTES,
  type ObservationDue,
} from './monitoring.rules';
export { formatAt } from './rule-helpers';
export { INDUCTION_WINDOW_TRIGGER_PREFIX } from './course.rules';
export {
  DOSE_PLAN_TOLERANCE,
  localDayNumber,
  phaseAt,
  phaseLimits,
  type PhaseLimits,
} from './course-helpers';

function byId(definitions: readonly RuleDefinition[]): Readonly<Record<RuleId, RuleDefinition>> {
  const rules = new Map(definitions.map((definition) => [definition.id, definition]));
  const missing = RULE_IDS.filter((id) => !rules.has(id));
  if (missing.length > 0 || rules.size !== definitions.length) {
    throw new Error(`rule definitions do not match RULE_IDS (missing: ${missing.join(', ')})`);
  }
  return Object.freeze(
    Object.fromEntries(RULE_IDS.map((id) => [id, rules.get(id)])) as Record<RuleId, RuleDefinition>,
  );
}

/** Every rule of CLINICAL.md s4 by id. */
export const RULES: Readonly<Record<RuleId, RuleDefinition>> = byId([
  ...PHQ9_RULES,
  ...SUICIDE_RISK_RULES,
  ...VITALS_RULES,
  ...MONITORING_RULES,
  ...MISUSE_RULES,
  ...RESPONSE_RULES,
  ...ADVERSE_RULES,
  ...COURSE_RULES,
]);

/**
 * Runs every rule (or only those in `only`, in RULE_IDS order) over one patient's records with the
 * clinic's thresholds at `now`, and returns the candidates concatenated: at most one per rule and
 * subject (session, or the patient), triggers sorted and unique.
 */
export function evaluateRules(
  records: PatientRecords,
  t: ClinicThresholds,
  now: Date,
  only?: readonly RuleId[],
): FlagCandidate[] {
  const selected = only === undefined ? RULE_IDS : RULE_IDS.filter((id) => only.includes(id));
  const seen = new Set<string>();
  const candidates: FlagCandidate[] = [];
  for (const id of selected) {
    for (const found of RULES[id].evaluate(records, t, now)) {
      const key = `${found.rule}|${found.subjectSessionId ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ ...found, triggers: uniqueSorted(found.triggers) });
    }
  }
  return candidates;
}
