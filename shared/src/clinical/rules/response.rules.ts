/**
 * Rules on the response over the course (CLINICAL.md s4-s5): diminishing response (tolerance),
 * no response after induction, and missed 24-h / 72-h follow-up PHQ-9s.
 */
import { computeResponse, courseBaseline, courseRecords, isResponse } from '../response';
import { roundHalfUp } from '../rounding';
import type { ClinicThresholds, HourWindow } from '../thresholds';
import { DAY_MS, HOUR_MS, toIso, toMs } from '../time';
import { doseOnBasis, EPSILON, formatAt, patientRule, plural, sessionRule } from './rule-helpers';
import {
  combineFindings,
  courseNumberOf,
  type GroupFinding,
  phaseAt,
  type SessionGroup,
  sessionGroups,
} from './course-helpers';
import {
  PROXY_RULE_NOTE,
  type PatientRecords,
  type RuleCourse,
  type RuleDefinition,
  type RulePhq9,
  type RuleSession,
} from './types';

export const toleranceDiminishingResponse: RuleDefinition = patientRule(
  {
    id: 'tolerance.diminishing_response',
    category: 'tolerance',
    severity: 'warning',
    title: 'Diminishing response at the same or a higher dose',
    note: PROXY_RULE_NOTE,
    timeBased: false,
    autoResolve: false,
  },
  (records, t) => {
    const n = t.tolerance.sessions;
    // Sessions without a 24-h point are skipped: the series is the last n that have one.
    const withPoint = computeResponse(records.sessions, records.phq9, t).sessions.filter(
      (s) => s.at24h !== null,
    );
    if (withPoint.length < n) return null;
    const series = withPoint.slice(-n).map((s) => ({
      ...s,
      session: records.sessions.find((r) => r.id === s.sessionId),
      improvement:
        s.preDoseTotal === null || s.at24h === null ? null : s.preDoseTotal - s.at24h.total,
    }));
    const improvements = series.map((s) => s.improvement);
    if (improvements.some((i) => i === null)) return null; // needs a pre-dose score on every session
    const values = improvements as number[];
    const first = values[0];
    const latest = values[values.length - 1];
    // Without an improvement at the start of the series there is no response to diminish.
    if (first <= 0) return null;
    if (values.some((value, index) => index > 0 && value >= values[index - 1])) return null;
    if (!(latest < t.tolerance.ratio * first - EPSILON)) return null;

    // "At the same or a higher dose": the doses must be comparable (same drug, same basis).
    const firstSession = series[0].session;
    const latestSession = series[series.length - 1].session;
    if (firstSession === undefined || latestSession === undefined) return null;
    const firstDose = doseOnBasis(firstSession);
    const latestDose = doseOnBasis(latestSession);
    if (
      firstDose === null ||
      latestDose === null ||
      firstSession.drug !== latestSession.drug ||
      firstDose.basis !== latestDose.basis ||
      latestDose.value < firstDose.value - EPSILON
    ) {
      return null;
    }

    const percent = roundHalfUp(t.tolerance.ratio * 100, 1);
    return {
      sessionId: latestSession.id,
      message:
        `24-h PHQ-9 improvement over the pre-dose score fell ${values.join(' -> ')} points over ` +
        `sessions ${series.map((s) => s.sessionNumber).join(', ')} (latest < ${percent}% of the ` +
        `first) at ${firstDose.value} -> ${latestDose.value} ${latestDose.unit}`,
      evidence: {
        sessions: series.map((s) => ({
          id: s.sessionId,
          sessionNumber: s.sessionNumber,
          preDoseTotal: s.preDoseTotal,
          at24h: s.at24h,
          improvement: s.improvement,
          dose: s.session === undefined ? null : (doseOnBasis(s.session)?.value ?? null),
          unit: firstDose.unit,
        })),
      },
      threshold: { sessions: n, ratio: t.tolerance.ratio },
      triggers: series.map((s) => s.sessionId),
    };
  },
);

interface NonresponseInput {
  group: SessionGroup;
  /** The PHQ-9s judged (the course's, or the patient's in v1). */
  phq9: RulePhq9[];
  /** The session that completed the induction. */
  nth: RuleSession;
  /** Sessions given by then (v1: all the patient's sessions). */
  given: number;
  t: ClinicThresholds;
  /** What the message says was given ("8 sessions given"). */
  givenText: string;
  threshold: Record<string, unknown>;
}

function nonresponseFinding(input: NonresponseInput): GroupFinding | null {
  const { group, nth, t } = input;
  const baseline = courseBaseline(group.sessions, input.phq9, t);
  if (baseline === null || baseline.total === null) return null; // no baseline: nothing to judge
  const baselineTotal = baseline.total;
  const baselineMs = toMs(baseline.administeredAt);
  const since = input.phq9
    .filter((a) => a.valid && a.total !== null && toMs(a.administeredAt) > baselineMs)
    .map((a) => ({ a, total: a.total ?? 0 }));
  // CLINICAL.md s5 v2: response is total <= 50% of the baseline and nothing else; a remission
  // above that line (baseline 6 -> 4) is not a response.
  const reached = (total: number): boolean => isResponse(total, baselineTotal, t);
  if (since.some(({ total }) => reached(total))) return null;
  const lowest = since.reduce<(typeof since)[number] | null>(
    (best, x) => (best === null || x.total < best.total ? x : best),
    null,
  );
  const limit = roundHalfUp(baselineTotal * t.response.responseRatio, 1);
  const percent = roundHalfUp(t.response.responseRatio * 100, 1);
  const lowestText =
    lowest === null ? 'no PHQ-9 since the baseline' : `lowest since: ${lowest.total}`;
  const course = group.course;
  return {
    courseId: course?.id ?? null,
    atMs: toMs(nth.startedAt),
    sessionId: nth.id,
    message:
      `${input.givenText} and no PHQ-9${course === null ? '' : ' of the course'} has reached ` +
      `response (total <= ${limit}, ${percent}% of the course baseline of ${baselineTotal}); ` +
      lowestText,
    evidence: {
      ...(course === null ? {} : { courseId: course.id }),
      sessionsGiven: input.given,
      session: {
        id: nth.id,
        sessionNumber: nth.sessionNumber,
        ...(course === null ? {} : { courseSessionNumber: courseNumberOf(nth, group.sessions) }),
        startedAt: toIso(nth.startedAt),
      },
      baseline: {
        id: baseline.id,
        administeredAt: toIso(baseline.administeredAt),
        total: baselineTotal,
      },
      lowest:
        lowest === null
          ? null
          : {
              id: lowest.a.id,
              administeredAt: toIso(lowest.a.administeredAt),
              total: lowest.total,
            },
    },
    threshold: { ...input.threshold, responseRatio: t.response.responseRatio },
    triggers: [nth.id],
  };
}

/**
 * One course (CLINICAL.md s4, s8): its induction is complete (the protocol's induction count, or
 * the v1 count without a protocol; or the course moved to maintenance earlier, by the
 * psychiatrist) and no PHQ-9 of the course reached response against the course baseline.
 */
function nonresponseOfCourse(
  group: SessionGroup,
  course: RuleCourse,
  records: PatientRecords,
  t: ClinicThresholds,
): GroupFinding | null {
  const protocol = course.protocol;
  const n = protocol?.induction.sessions ?? t.nonresponseAfterSessions;
  const inInduction = group.sessions.filter((s) => phaseAt(course, s.startedAt) === 'induction');
  const movedEarly = course.maintenanceAt !== null && inInduction.length < n;
  const nth = movedEarly ? inInduction[inInduction.length - 1] : group.sessions[n - 1];
  if (nth === undefined) return null;
  const own = courseRecords(records, course.id, t);
  if (own === null) return null;
  const given = group.sessions.length;
  const inductionText =
    protocol === null ? 'induction' : `induction of ${protocol.name}: ${n} sessions`;
  return nonresponseFinding({
    group,
    phq9: own.phq9,
    nth,
    given,
    t,
    givenText:
      `${plural(given, 'session')} of the course given (${inductionText}` +
      (movedEarly ? `; moved to maintenance after ${inInduction.length}` : '') +
      ')',
    threshold:
      protocol === null
        ? { nonresponseAfterSessions: n }
        : { protocolId: protocol.id, protocol: protocol.name, inductionSessions: n },
  });
}

export const nonresponseAfterInduction: RuleDefinition = patientRule(
  {
    id: 'nonresponse.after_induction',
    category: 'response',
    severity: 'info',
    title: 'No response after induction',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (records, t) =>
    combineFindings(
      sessionGroups(records).map((group) => {
        if (group.course !== null) return nonresponseOfCourse(group, group.course, records, t);
        // v1: the patient's sessions (or, with courses, those naming none) and every PHQ-9.
        const n = t.nonresponseAfterSessions;
        const nth = group.sessions[n - 1] as RuleSession | undefined;
        if (nth === undefined) return null;
        return nonresponseFinding({
          group,
          phq9: records.phq9,
          nth,
          given: group.sessions.length,
          t,
          givenText: `${group.sessions.length} sessions given`,
          threshold: { nonresponseAfterSessions: n },
        });
      }),
    ),
);

interface FollowUpWindow {
  name: '24h' | '72h';
  window: HourWindow;
  fromMs: number;
  toMs: number;
}

export const followupMissed: RuleDefinition = sessionRule(
  {
    id: 'followup.missed',
    category: 'follow-up',
    severity: 'warning',
    title: 'Follow-up PHQ-9 missed',
    note: null,
    timeBased: true,
    autoResolve: false,
  },
  (session, _observations, t, now, records) => {
    const startMs = toMs(session.startedAt);
    const nowMs = now.getTime();
    // Any PHQ-9 inside the window counts, valid or not and whatever it is linked to: the flag asks
    // for the questionnaire to be given, not for it to be scored.
    const given = records.phq9.map((a) => toMs(a.administeredAt));
    const windowOf = (name: FollowUpWindow['name'], window: HourWindow): FollowUpWindow => ({
      name,
      window,
      fromMs: startMs + window.min * HOUR_MS,
      toMs: startMs + window.max * HOUR_MS,
    });
    const windows = [windowOf('24h', t.response.window24h), windowOf('72h', t.response.window72h)];
    const missed = windows.filter(
      (w) =>
        nowMs > w.toMs && // closed
        // Only windows closed within the look-back: older gaps belong to the outcomes (s6), not
        // to today's inbox (ClinicThresholds.followup.lookbackDays).
        nowMs - w.toMs <= t.followup.lookbackDays * DAY_MS &&
        !given.some((ms) => ms >= w.fromMs && ms <= w.toMs),
    );
    if (missed.length === 0) return null;
    const label = (w: FollowUpWindow): string =>
      `the ${w.name.replace('h', '-h')} window (${w.window.min}-${w.window.max} h)`;
    return {
      message:
        `No PHQ-9 in ${missed.map(label).join(' or ')} after session ${session.sessionNumber} ` +
        `(${formatAt(session.startedAt, records.timeZone)})`,
      evidence: {
        session: {
          id: session.id,
          sessionNumber: session.sessionNumber,
          startedAt: toIso(session.startedAt),
        },
        windows: missed.map((w) => ({
          window: w.name,
          from: new Date(w.fromMs).toISOString(),
          to: new Date(w.toMs).toISOString(),
        })),
      },
      threshold: {
        window24h: { ...t.response.window24h },
        window72h: { ...t.response.window72h },
        lookbackDays: t.followup.lookbackDays,
      },
      triggers: missed.map((w) => `${w.name}:${session.id}`),
    };
  },
);

export const RESPONSE_RULES: readonly RuleDefinition[] = [
  toleranceDiminishingResponse,
  nonresponseAfterInduction,
  followupMissed,
];
