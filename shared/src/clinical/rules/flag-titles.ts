/**
 * A flag's title by what triggered it (issue 20): respiratory.depression raised by SpO2 alone is
 * "Low oxygen saturation (SpO2 85 %)", by respiratory rate alone "Slow breathing (respiratory
 * rate 8/min)"; the rule id stays `respiratory.depression`. Other rules keep their rule title.
 */
import { RULES } from './index';
import type { RuleId } from './types';

interface TitledFlag {
  rule: string;
  evidence: unknown;
  threshold: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const numberOf = (record: Record<string, unknown>, key: string): number | null => {
  const value = record[key];
  return typeof value === 'number' ? value : null;
};

function respiratoryTitle(flag: TitledFlag): string | null {
  if (!isRecord(flag.evidence) || !isRecord(flag.threshold)) return null;
  const observations = flag.evidence['observations'];
  if (!Array.isArray(observations)) return null;
  const spo2Below = numberOf(flag.threshold, 'spo2Below');
  const rateBelow = numberOf(flag.threshold, 'rateBelow');
  const low = (key: string, below: number | null): number | null => {
    if (below === null) return null;
    const values = observations
      .filter(isRecord)
      .map((o) => numberOf(o, key))
      .filter((v): v is number => v !== null && v < below);
    return values.length === 0 ? null : Math.min(...values);
  };
  const spo2 = low('spo2', spo2Below);
  const rate = low('respiratoryRate', rateBelow);
  if (spo2 !== null && rate !== null) {
    return `Respiratory depression (SpO2 ${String(spo2)} %, respiratory rate ${String(rate)}/min)`;
  }
  if (spo2 !== null) return `Low oxygen saturation (SpO2 ${String(spo2)} %)`;
  if (rate !== null) return `Slow breathing (respiratory rate ${String(rate)}/min)`;
  return null;
}

/**
 * course.off_protocol (v2) by what it found: an early session, an induction past its window, or
 * (both, or evidence of another shape) the rule's title.
 */
function offProtocolTitle(flag: TitledFlag): string | null {
  if (!isRecord(flag.evidence)) return null;
  const sessions = flag.evidence['sessions'];
  const early = Array.isArray(sessions) && sessions.length > 0;
  const window = isRecord(flag.evidence['inductionWindow']);
  if (early && !window) return 'Session earlier than the protocol allows';
  if (window && !early) return 'Induction not finished within the protocol window';
  return null;
}

/** The title a person reads for this flag; the rule id for a rule unknown here. */
export function flagTitleOf(flag: TitledFlag): string {
  if (flag.rule === 'respiratory.depression') {
    const title = respiratoryTitle(flag);
    if (title !== null) return title;
  }
  if (flag.rule === 'course.off_protocol') {
    const title = offProtocolTitle(flag);
    if (title !== null) return title;
  }
  const rules: Readonly<Record<string, { title: string } | undefined>> = RULES;
  return rules[flag.rule as RuleId]?.title ?? flag.rule;
}
