/**
 * Pre-dose checks of an ordered session (CLINICAL.md s3 v2 "Ordered, then started"): what must
 * hold before the nurse gives the dose. A failed check refuses the start with its reason unless a
 * psychiatrist overrides with a reason.
 */
import type { PreDoseCheckId } from '../api/enums';
import { MINUTE_MS, toMs, type Timestamp } from './time';

/** The pre-dose BP (and MOAA/S) must be recorded within this many minutes before the dose start. */
export const PRE_DOSE_READING_WINDOW_MINUTES = 60;

export interface PreDoseReading {
  recordedAt: Timestamp;
  systolic: number | null;
  diastolic: number | null;
  moaas: number | null;
}

/**
 * A check added by a later feature, judged by the caller: issue 14 (treatment courses, s8/s9) adds
 * the valid screening and the protocol's minimum interval here without changing the checks above.
 */
export interface ExtraPreDoseCheck<Id extends string = string> {
  id: Id;
  ok: boolean;
  reason: string;
}

export interface PreDoseInput {
  /** The dose start being judged (the time the nurse gives, or now for the board's checklist). */
  startedAt: Timestamp;
  /** The session's readings in force (entered-in-error ones left out), in any order. */
  observations: readonly PreDoseReading[];
  /** Open or acknowledged (not resolved) critical flags of the patient or the session. */
  openCriticalFlags: readonly { rule: string }[];
  extraChecks?: readonly ExtraPreDoseCheck[];
}

/** One check; `id` is a PreDoseCheckId, or an extra check's own id. */
export interface PreDoseCheck<Id extends string = string> {
  id: Id;
  ok: boolean;
  /** Plain words: what holds, or why it fails (with the numbers). */
  reason: string;
}

export interface PreDoseResult {
  ok: boolean;
  checks: PreDoseCheck[];
  /** The reasons of the failing checks (what a refused start answers with). */
  failing: string[];
}

const minutesBefore = (at: number, start: number): number => Math.floor((start - at) / MINUTE_MS);

/** The latest reading in the window [start - 60 min, start] that has the measurement. */
function latestInWindow(
  observations: readonly PreDoseReading[],
  start: number,
  has: (o: PreDoseReading) => boolean,
): { reading: PreDoseReading; at: number } | null {
  const from = start - PRE_DOSE_READING_WINDOW_MINUTES * MINUTE_MS;
  let best: { reading: PreDoseReading; at: number } | null = null;
  for (const reading of observations) {
    const at = toMs(reading.recordedAt);
    if (at < from || at > start || !has(reading)) continue;
    if (best === null || at > best.at) best = { reading, at };
  }
  return best;
}

function readingCheck(
  id: PreDoseCheckId,
  what: string,
  observations: readonly PreDoseReading[],
  start: number,
  has: (o: PreDoseReading) => boolean,
  show: (o: PreDoseReading) => string,
): PreDoseCheck {
  const found = latestInWindow(observations, start, has);
  if (found === null) {
    return {
      id,
      ok: false,
      reason: `No pre-dose ${what} in the ${String(PRE_DOSE_READING_WINDOW_MINUTES)} min before the dose`,
    };
  }
  return {
    id,
    ok: true,
    reason: `Pre-dose ${what} ${show(found.reading)}, ${String(minutesBefore(found.at, start))} min before the dose`,
  };
}

/** Every pre-dose check, in a fixed order, with whether it holds and why. */
export function preDoseChecks(input: PreDoseInput): PreDoseResult {
  const start = toMs(input.startedAt);
  const checks: PreDoseCheck[] = [
    readingCheck(
      'predose_bp',
      'BP',
      input.observations,
      start,
      (o) => o.systolic !== null && o.diastolic !== null,
      (o) => `${String(o.systolic)}/${String(o.diastolic)}`,
    ),
    readingCheck(
      'predose_moaas',
      'MOAA/S',
      input.observations,
      start,
      (o) => o.moaas !== null,
      (o) => String(o.moaas),
    ),
    criticalFlagCheck(input.openCriticalFlags),
    ...(input.extraChecks ?? []),
  ];
  const failing = checks.filter((c) => !c.ok).map((c) => c.reason);
  return { ok: failing.length === 0, checks, failing };
}

function criticalFlagCheck(flags: readonly { rule: string }[]): PreDoseCheck {
  if (flags.length === 0) {
    return { id: 'no_critical_flag', ok: true, reason: 'No open critical flag on the patient' };
  }
  const rules = [...new Set(flags.map((f) => f.rule))].sort();
  const count = flags.length;
  return {
    id: 'no_critical_flag',
    ok: false,
    reason: `${String(count)} open critical flag${count === 1 ? '' : 's'} on the patient (${rules.join(', ')})`,
  };
}
