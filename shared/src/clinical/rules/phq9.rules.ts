/**
 * Patient rules on PHQ-9 answers (CLINICAL.md s1, s4): item 9 positive or unanswered, and worsening
 * over the course baseline.
 */
import { PHQ9_ITEM9_POSITIVE_AT_LEAST, PHQ9_ITEM_COUNT } from '../phq9';
import { attributeToSession, courseBaseline, courseRecords } from '../response';
import { roundHalfUp } from '../rounding';
import type { ClinicThresholds } from '../thresholds';
import { hoursBetween, toIso, toMs } from '../time';
import { coursesInOrder, hasCourses } from './course-helpers';
import { byTime, formatAt, inAll, patientRule } from './rule-helpers';
import type { PatientRecords, RuleDefinition, RulePhq9, RuleSession } from './types';

/** Answer labels of items 1-9 for 0-3. Source: CLINICAL.md s1 (LOINC answer list LL358-3). */
const PHQ9_ANSWER_LABELS = [
  'Not at all',
  'Several days',
  'More than half the days',
  'Nearly every day',
] as const;

function item9Of(a: RulePhq9): number | null {
  return a.items[PHQ9_ITEM_COUNT - 1] ?? null;
}

/** The session a PHQ-9 was recorded with, else the latest that started before it (CLINICAL.md s5). */
function sessionOf(a: RulePhq9, sessions: RuleSession[]): RuleSession | null {
  const linked = a.sessionId === null ? undefined : sessions.find((s) => s.id === a.sessionId);
  return linked ?? attributeToSession(a.administeredAt, sessions);
}

/** The context session of a flag raised by this PHQ-9. */
function phq9ContextSessionId(a: RulePhq9, sessions: RuleSession[]): string | null {
  return a.sessionId ?? sessionOf(a, sessions)?.id ?? null;
}

/** "on 2026-03-03 05:00 EST, 24 h after session 2" (UTC when the clinic zone is unknown) */
function whenGiven(a: RulePhq9, sessions: RuleSession[], timeZone?: string | null): string {
  const session = sessionOf(a, sessions);
  const on = `on ${formatAt(a.administeredAt, timeZone)}`;
  if (session === null) return `${on}, before the first session`;
  const hours = roundHalfUp(hoursBetween(session.startedAt, a.administeredAt), 1);
  return hours < 0
    ? `${on}, ${-hours} h before session ${session.sessionNumber}`
    : `${on}, ${hours} h after session ${session.sessionNumber}`;
}

function phq9Evidence(a: RulePhq9): Record<string, unknown> {
  return {
    id: a.id,
    administeredAt: toIso(a.administeredAt),
    total: a.total,
    valid: a.valid,
    recall: a.recall,
    item9: item9Of(a),
    sessionId: a.sessionId,
  };
}

export const phq9Item9Positive: RuleDefinition = patientRule(
  {
    id: 'phq9.item9_positive',
    category: 'suicidality',
    severity: 'critical',
    title: 'PHQ-9 item 9 positive: same-day clinician review',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (records) => {
    // Fixed cut-off, not a clinic threshold (CLINICAL.md s4 v2: no clinic may silence 1 or 2).
    const atLeast = PHQ9_ITEM9_POSITIVE_AT_LEAST;
    // Invalid questionnaires count too: item 9 needs review whatever the total (CLINICAL.md s1).
    const positive = byTime(
      records.phq9.filter((a) => {
        const item9 = item9Of(a);
        return item9 !== null && item9 >= atLeast;
      }),
      (a) => a.administeredAt,
    );
    if (positive.length === 0) return null;
    const latest = positive[positive.length - 1];
    const answer = item9Of(latest) ?? 0;
    const label = PHQ9_ANSWER_LABELS[answer] ?? String(answer);
    const which = `with item 9 >= ${atLeast}`;
    return {
      sessionId: phq9ContextSessionId(latest, records.sessions),
      message:
        `PHQ-9 item 9 answered ${answer} ("${label}") ${whenGiven(latest, records.sessions, records.timeZone)}: ` +
        `item 9 >= ${atLeast} needs same-day clinician review` +
        inAll(positive.length, `PHQ-9 ${which}`, `PHQ-9s ${which}`),
      evidence: { phq9: positive.map(phq9Evidence) },
      threshold: { item9AtLeast: atLeast },
      triggers: positive.map((a) => a.id),
    };
  },
);

export const phq9Item9Unanswered: RuleDefinition = patientRule(
  {
    id: 'phq9.item9_unanswered',
    category: 'suicidality',
    severity: 'warning',
    title: 'PHQ-9 item 9 not answered: ask it the same day',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (records) => {
    // Valid (prorated) or invalid: a missing item 9 is never prorated away (CLINICAL.md s1/s4 v2).
    const unanswered = byTime(
      records.phq9.filter((a) => item9Of(a) === null),
      (a) => a.administeredAt,
    );
    if (unanswered.length === 0) return null;
    const latest = unanswered[unanswered.length - 1];
    const total = latest.total === null ? 'no total (invalid)' : `total ${latest.total}`;
    const which = 'with item 9 not answered';
    return {
      sessionId: phq9ContextSessionId(latest, records.sessions),
      message:
        `PHQ-9 ${whenGiven(latest, records.sessions, records.timeZone)} recorded with item 9 ` +
        `not answered (${total}): suicidality is unknown; ask item 9 the same day` +
        inAll(unanswered.length, `PHQ-9 ${which}`, `PHQ-9s ${which}`),
      evidence: { phq9: unanswered.map(phq9Evidence) },
      // No number: item 9 must be answered, whatever the proration rule allows for the others.
      threshold: { item9Required: true },
      triggers: unanswered.map((a) => a.id),
    };
  },
);

/**
 * The baseline a PHQ-9 compares with: v1, the patient's course baseline; (v2) with courses, the
 * baseline of the latest course whose PHQ-9s it is among (CLINICAL.md s5: per course; a
 * re-induction compares with its own).
 */
function baselineFor(a: RulePhq9, records: PatientRecords, t: ClinicThresholds): RulePhq9 | null {
  if (!hasCourses(records)) return courseBaseline(records.sessions, records.phq9, t);
  const owners = coursesInOrder(records)
    .map((course) => courseRecords(records, course.id, t))
    .filter((own) => own !== null && own.phq9.includes(a));
  const own = owners[owners.length - 1];
  return own === undefined || own === null ? null : courseBaseline(own.sessions, own.phq9, t);
}

export const phq9Worsening: RuleDefinition = patientRule(
  {
    id: 'phq9.worsening',
    category: 'response',
    severity: 'warning',
    title: 'PHQ-9 worse than the course baseline',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (records, t) => {
    const valid = byTime(
      records.phq9.filter((a) => a.valid && a.total !== null),
      (a) => a.administeredAt,
    );
    const latest = valid[valid.length - 1] as RulePhq9 | undefined;
    if (latest === undefined) return null;
    const baseline = baselineFor(latest, records, t);
    if (baseline === null || baseline.total === null) return null; // no baseline: nothing to compare
    if (latest === baseline || toMs(latest.administeredAt) <= toMs(baseline.administeredAt)) {
      return null;
    }
    const total = latest.total ?? 0;
    const rise = total - baseline.total;
    if (rise < t.phq9.worseningPoints) return null;
    return {
      sessionId: phq9ContextSessionId(latest, records.sessions),
      message:
        `PHQ-9 total ${total} ${whenGiven(latest, records.sessions, records.timeZone)} is ${rise} points above the ` +
        `course baseline of ${baseline.total} (${formatAt(baseline.administeredAt, records.timeZone)}): ` +
        `total >= baseline + ${t.phq9.worseningPoints}`,
      evidence: {
        phq9: phq9Evidence(latest),
        baseline: {
          id: baseline.id,
          administeredAt: toIso(baseline.administeredAt),
          total: baseline.total,
        },
        points: rise,
      },
      threshold: { worseningPoints: t.phq9.worseningPoints },
      triggers: [latest.id],
    };
  },
);

export const PHQ9_RULES: readonly RuleDefinition[] = [
  phq9Item9Positive,
  phq9Item9Unanswered,
  phq9Worsening,
];
