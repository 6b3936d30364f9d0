/**
 * What the order form shows BEFORE a psychiatrist orders a session (CLINICAL.md s3 v2 "Ordered,
 * then started"; s4 critical flags and misuse.session_frequency): each warning asks to confirm.
 * Pure: the sessions, flags and thresholds are passed in.
 */
import type { SessionStatus } from '../api/enums';
import { sessionGiven } from '../api/enums';
import { flagTitleOf } from './rules/flag-titles';
import type { ClinicThresholds } from './thresholds';
import { DAY_MS, HOUR_MS, toMs, type Timestamp } from './time';

export interface OrderWarningSession {
  sessionNumber: number;
  startedAt: Timestamp;
  status: SessionStatus;
  enteredInError?: unknown;
}

export interface OrderWarningFlag {
  rule: string;
  severity: string;
  status: string;
  message: string;
  /** For the title of a rule whose title depends on what triggered it (e.g. SpO2 alone). */
  evidence?: unknown;
  threshold?: unknown;
}

export interface OrderWarning {
  kind: 'critical_flag' | 'recent_session' | 'session_frequency';
  message: string;
}

/**
 * Sessions closer than this many days count as "recent": the spacing the clinic's cap allows on
 * average (rollingDays / (sessionsPer7Days - 1): 3.5 days for 3 within 7, i.e. twice weekly),
 * whole days, at least 1.
 */
export function recentSessionDays(t: Pick<ClinicThresholds, 'misuse'>): number {
  const gaps = Math.max(1, t.misuse.sessionsPer7Days - 1);
  return Math.max(1, Math.floor(t.misuse.rollingDays / gaps));
}

const ago = (ms: number): string => {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 48) return `${String(hours)} h`;
  return `${String(Math.floor(ms / DAY_MS))} days`;
};

/** The warnings for a dose at `at`, most serious first. */
export function orderWarnings(input: {
  at: Timestamp;
  sessions: readonly OrderWarningSession[];
  flags: readonly OrderWarningFlag[];
  thresholds: Pick<ClinicThresholds, 'misuse'>;
}): OrderWarning[] {
  const at = toMs(input.at);
  const warnings: OrderWarning[] = input.flags
    .filter((f) => f.severity === 'critical' && f.status !== 'resolved')
    .map((f) => ({
      kind: 'critical_flag' as const,
      message: `Open critical flag: ${flagTitleOf({ rule: f.rule, evidence: f.evidence ?? null, threshold: f.threshold ?? null })} — ${f.message}`,
    }));
  const given = input.sessions
    .filter((s) => sessionGiven(s.status) && !s.enteredInError)
    .map((s) => ({ ...s, ms: toMs(s.startedAt) }))
    .filter((s) => s.ms <= at)
    .sort((a, b) => b.ms - a.ms);
  const latest = given[0];
  const recentDays = recentSessionDays(input.thresholds);
  if (latest && at - latest.ms < recentDays * DAY_MS) {
    warnings.push({
      kind: 'recent_session',
      message: `Session ${String(latest.sessionNumber)} was ${ago(at - latest.ms)} before this one (within ${String(recentDays)} days)`,
    });
  }
  const { sessionsPer7Days: cap, rollingDays } = input.thresholds.misuse;
  const within = given.filter((s) => at - s.ms < rollingDays * DAY_MS).length + 1;
  if (within >= cap) {
    warnings.push({
      kind: 'session_frequency',
      message: `This would be session ${String(within)} within ${String(rollingDays)} days: the clinic's cap is under ${String(cap)} (misuse.session_frequency will be raised)`,
    });
  }
  return warnings;
}
