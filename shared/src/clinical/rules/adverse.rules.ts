/** Session rule on serious adverse events (CLINICAL.md s3 and s4 v2, 21 CFR 312.32). */
import { SERIOUS_CRITERION_LABELS } from '../adverse-events';
import { minutesSinceDose, toIso } from '../time';
import { byTime, formatAt, inAll, sessionRule } from './rule-helpers';
import type { RuleDefinition, RuleSideEffect } from './types';

function criterionWords(e: RuleSideEffect): string {
  return e.seriousCriterion ? SERIOUS_CRITERION_LABELS[e.seriousCriterion] : 'criterion not given';
}

/**
 * adverse.serious: a side effect of the session recorded as serious, whatever its severity (a mild
 * reaction can be serious, a severe one need not be). Triggered by those side effects; the message
 * names the latest: its type, the criterion and the time.
 */
export const adverseSerious: RuleDefinition = sessionRule(
  {
    id: 'adverse.serious',
    category: 'adverse_event',
    severity: 'critical',
    title: 'Serious adverse event',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (session, _observations, _t, _now, records) => {
    const serious = byTime(
      records.sideEffects.filter((e) => e.sessionId === session.id && e.serious === true),
      (e) => e.onsetAt,
    );
    if (serious.length === 0) return null;
    const latest = serious[serious.length - 1];
    return {
      message:
        `Serious adverse event: ${latest.type.replace(/_/g, ' ')} (${latest.severity}), ` +
        `${criterionWords(latest).toLowerCase()}, onset ${formatAt(latest.onsetAt, records.timeZone)} ` +
        `(${minutesSinceDose(session.startedAt, latest.onsetAt)} min after the dose start of ` +
        `session ${session.sessionNumber})` +
        inAll(serious.length, 'serious side effect'),
      evidence: {
        sideEffects: serious.map((e) => ({
          id: e.id,
          type: e.type,
          severity: e.severity,
          seriousCriterion: e.seriousCriterion ?? null,
          onsetAt: toIso(e.onsetAt),
        })),
      },
      threshold: { definition: '21 CFR 312.32' },
      triggers: serious.map((e) => e.id),
    };
  },
);

export const ADVERSE_RULES: readonly RuleDefinition[] = [adverseSerious];
