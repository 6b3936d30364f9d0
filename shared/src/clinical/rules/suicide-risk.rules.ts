/**
 * Patient rules on C-SSRS screeners (CLINICAL.md s4 v2 rows, s10): a screener of high or moderate
 * Columbia triage risk raises a flag naming the answers that set the level and the action it calls for.
 */
import type { CssrsRisk } from '../../api/suicide-risk';
import { CSSRS_ACTIONS, cssrsRisk, cssrsRiskReasons } from '../cssrs';
import { toIso } from '../time';
import { byTime, formatAt, inAll, patientRule } from './rule-helpers';
import type { RuleCssrs, RuleDefinition, RuleId } from './types';

function cssrsEvidence(s: RuleCssrs): Record<string, unknown> {
  return {
    id: s.id,
    administeredAt: toIso(s.administeredAt),
    risk: cssrsRisk(s),
    wishDead: s.wishDead,
    suicidalThoughts: s.suicidalThoughts,
    method: s.method,
    intent: s.intent,
    plan: s.plan,
    behavior: s.behavior,
    behaviorPast3Months: s.behaviorPast3Months,
    phq9Id: s.phq9Id,
  };
}

function riskRule(
  id: Extract<RuleId, `suicide_risk.${string}`>,
  risk: Extract<CssrsRisk, 'high' | 'moderate'>,
  severity: RuleDefinition['severity'],
  title: string,
): RuleDefinition {
  return patientRule(
    {
      id,
      category: 'suicidality',
      severity,
      title,
      note: null,
      timeBased: false,
      autoResolve: false,
    },
    (records) => {
      const found = byTime(
        records.cssrs.filter((s) => cssrsRisk(s) === risk),
        (s) => s.administeredAt,
      );
      if (found.length === 0) return null;
      const latest = found[found.length - 1];
      const which = `with ${risk} risk`;
      return {
        sessionId: null,
        message:
          `C-SSRS screener ${formatAt(latest.administeredAt, records.timeZone)}: ` +
          `${cssrsRiskReasons(latest).join(', ')}: ${risk} risk; ${CSSRS_ACTIONS[risk]}` +
          inAll(found.length, `C-SSRS screener ${which}`, `C-SSRS screeners ${which}`),
        evidence: { cssrs: found.map(cssrsEvidence) },
        threshold: { risk, triage: 'Columbia (CLINICAL.md s10)' },
        triggers: found.map((s) => s.id),
      };
    },
  );
}

export const suicideRiskHigh = riskRule(
  'suicide_risk.high',
  'high',
  'critical',
  'C-SSRS high risk: not left alone until a psychiatrist has evaluated them',
);

export const suicideRiskModerate = riskRule(
  'suicide_risk.moderate',
  'moderate',
  'warning',
  'C-SSRS moderate risk: same-day psychiatrist review and safety plan',
);

export const SUICIDE_RISK_RULES: readonly RuleDefinition[] = [suicideRiskHigh, suicideRiskModerate];
