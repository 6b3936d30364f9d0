/**
 * Who may close which flag (API.md roles: "flags: acknowledge / resolve -- nurse: not misuse.*,
 * tolerance.*"; CLINICAL.md s10: an item-9 flag closes only after a C-SSRS screener, or with a
 * psychiatrist's reason why none was done). One rule for the flags endpoints and for every other
 * path that could close a flag (a record entered in error): no path closes a flag its actor could
 * not resolve directly.
 */
import type { Role } from '../../api/enums';
import type { RuleId } from './types';

/** Rule families only a psychiatrist may acknowledge or resolve. */
export const PSYCHIATRIST_ONLY_RULE_PREFIXES: readonly string[] = ['misuse.', 'tolerance.'];

/** The rule whose resolution needs a C-SSRS screener or a psychiatrist's reason (CLINICAL.md s10). */
export const ITEM9_SCREENER_RULE: RuleId = 'phq9.item9_positive';

/**
 * Whether a user of this role may acknowledge or resolve flags of this rule at all. Managers and
 * administrators act on no flag; nurses on every rule but the psychiatrist-only families.
 */
export function roleMayActOnRule(role: Role, rule: string): boolean {
  switch (role) {
    case 'psychiatrist':
      return true;
    case 'nurse':
      return !PSYCHIATRIST_ONLY_RULE_PREFIXES.some((prefix) => rule.startsWith(prefix));
    case 'manager':
    case 'admin':
      return false;
  }
}

/**
 * Whether a user of this role may resolve a flag of this rule now: the role rule above, and for an
 * item-9 flag a C-SSRS screener given since its PHQ-9 (`screenedSince`) unless a psychiatrist (who
 * may resolve it with a reason why no screener was done).
 */
export function mayResolveFlag(role: Role, rule: string, screenedSince: boolean): boolean {
  if (!roleMayActOnRule(role, rule)) return false;
  if (rule === ITEM9_SCREENER_RULE) return role === 'psychiatrist' || screenedSince;
  return true;
}
