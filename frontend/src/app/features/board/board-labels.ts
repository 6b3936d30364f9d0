import {
  type Drug,
  type FlagDto,
  type FlagSeverity,
  RULES,
  type Route,
  type RuleDefinition,
} from '@clinic/shared';

import { toLocalInputValue } from '../record/local-time';

export const DRUG_LABELS: Record<Drug, string> = {
  ketamine: 'Ketamine',
  esketamine: 'Esketamine',
};

export const ROUTE_LABELS: Record<Route, string> = {
  iv: 'IV',
  im: 'IM',
  intranasal: 'intranasal',
  sublingual: 'sublingual',
  oral: 'oral',
};

export const FLAG_SEVERITY_LABELS: Record<FlagSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

// Side-effect wording is the dashboard's own (ui/labels.ts); the board uses it under these names.
export {
  SIDE_EFFECT_LABELS as SIDE_EFFECT_TYPE_LABELS,
  SIDE_EFFECT_SEVERITY_LABELS,
} from '../../ui/labels';

/** MOAA/S wording (CLINICAL.md s1), highest first as nurses read it. */
export const MOAAS_LEVELS: readonly { score: number; wording: string }[] = [
  { score: 5, wording: 'Responds readily to name in normal tone' },
  { score: 4, wording: 'Lethargic response to name' },
  { score: 3, wording: 'Responds only after name called loudly or repeatedly' },
  { score: 2, wording: 'Responds only after mild prodding or shaking' },
  { score: 1, wording: 'Responds only after painful trapezius squeeze' },
  { score: 0, wording: 'No response' },
];

/** CADSS-6: items 1, 2, 6, 7, 15 and 22 of the CADSS, each 0-4 (CLINICAL.md s1). */
export const CADSS6_ITEM_NUMBERS = [1, 2, 6, 7, 15, 22] as const;
export const CADSS_ANCHORS: readonly string[] = [
  'not at all',
  'slightly',
  'moderately',
  'considerably',
  'extremely',
];

/** "Esketamine 84 mg intranasal". */
export function medicationLabel(session: { drug: Drug; doseMg: number; route: Route }): string {
  return `${DRUG_LABELS[session.drug]} ${String(session.doseMg)} mg ${ROUTE_LABELS[session.route]}`;
}

/** The rule's plain title (e.g. "Severe blood pressure"); the rule id for a rule unknown here. */
export function flagTitle(flag: Pick<FlagDto, 'rule'>): string {
  const rules: Readonly<Record<string, RuleDefinition | undefined>> = RULES;
  return rules[flag.rule]?.title ?? flag.rule;
}

/** The value of an <input type="time"> for a moment: "HH:MM" in `timeZone` (else the device's). */
export function timeInputValue(ms: number, timeZone?: string): string {
  return toLocalInputValue(new Date(ms), timeZone).slice(11);
}
