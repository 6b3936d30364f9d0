/**
 * Rules on treatment courses (CLINICAL.md s4 v2, s8, s9): a course off its protocol (a session
 * earlier than the minimum interval, or an induction not finished within its window), and a course
 * started despite an absolute contraindication (`screening.override`).
 */
import type { ScreeningItem } from '../../api/course-types';
import { ABSOLUTE_CONTRAINDICATIONS } from '../protocols';
import { DAY_MS, toIso, toMs } from '../time';
import {
  combineFindings,
  courseNumberOf,
  coursesInOrder,
  dayNumberToDate,
  type GroupFinding,
  localDayNumber,
  minDaysBetween,
  phaseAt,
  phaseLimits,
  type SessionGroup,
  sessionGroups,
  sessionLabel,
} from './course-helpers';
import { formatAt, inAll, patientRule, plural } from './rule-helpers';
import type {
  PatientRecords,
  RuleCourse,
  RuleDefinition,
  RuleProtocol,
  RuleSession,
} from './types';

/** The trigger of an induction not finished within its window: one per course, stable. */
export const INDUCTION_WINDOW_TRIGGER_PREFIX = 'induction_window:';

/** The screening items as flag messages name them (CLINICAL.md s9). */
const SCREENING_ITEM_TEXT: Record<ScreeningItem, string> = {
  aneurysmal_vascular_disease: 'aneurysmal vascular disease',
  arteriovenous_malformation: 'arteriovenous malformation',
  intracerebral_haemorrhage: 'history of intracerebral haemorrhage',
  hypersensitivity: 'hypersensitivity to esketamine, ketamine or an excipient',
  psychosis_or_mania: 'current psychosis or mania',
  pregnancy_or_breastfeeding: 'pregnancy or breastfeeding',
  uncontrolled_hypertension: 'uncontrolled hypertension',
  cardiac_or_cerebrovascular_disease:
    'significant arrhythmia or unstable cardiovascular or cerebrovascular disease',
  substance_use_disorder: 'active substance use disorder',
  raised_intracranial_pressure: 'raised intracranial pressure',
};

interface IntervalHit {
  session: RuleSession;
  previous: RuleSession;
  gapDays: number;
  minDays: number;
  phase: 'induction' | 'maintenance';
}

interface WindowHit {
  firstSession: RuleSession;
  /** The first calendar day outside the window (day number). */
  endDay: number;
  given: number;
}

/**
 * One course with a protocol: sessions earlier than the phase's minimum interval since the course's
 * previous session (clinic-local calendar days), and the induction not finished within
 * `withinDays` of the first session (once those days have passed, with fewer than the induction's
 * sessions given in them and the course neither moved to maintenance nor ended before their end).
 */
function offProtocolOfCourse(
  group: SessionGroup,
  course: RuleCourse,
  protocol: RuleProtocol,
  records: PatientRecords,
  now: Date,
): GroupFinding | null {
  const tz = records.timeZone;
  const sessions = group.sessions;
  const days = sessions.map((s) => localDayNumber(s.startedAt, tz));
  const phases = sessions.map((s) => phaseAt(course, s.startedAt));
  const intervals: IntervalHit[] = [];
  for (let i = 1; i < sessions.length; i++) {
    const gapDays = days[i] - days[i - 1];
    const minDays = minDaysBetween(protocol, phases[i], phases[i - 1]);
    if (gapDays < minDays) {
      intervals.push({
        session: sessions[i],
        previous: sessions[i - 1],
        gapDays,
        minDays,
        phase: phases[i],
      });
    }
  }

  let window: WindowHit | null = null;
  if (sessions.length > 0) {
    const endDay = days[0] + protocol.induction.withinDays;
    const dayOf = (at: RuleCourse['maintenanceAt']): number | null =>
      at === null ? null : localDayNumber(at, tz);
    const maintenanceDay = dayOf(course.maintenanceAt);
    const endedDay = dayOf(course.endedAt);
    const given = days.filter((day) => day < endDay).length;
    if (
      localDayNumber(now, tz) >= endDay &&
      given < protocol.induction.sessions &&
      (maintenanceDay === null || maintenanceDay >= endDay) &&
      (endedDay === null || endedDay >= endDay)
    ) {
      window = { firstSession: sessions[0], endDay, given };
    }
  }
  if (intervals.length === 0 && window === null) return null;

  const parts: string[] = [];
  const latest = intervals.length > 0 ? intervals[intervals.length - 1] : null;
  if (latest !== null) {
    const gap =
      latest.gapDays === 0
        ? 'the same day as the previous session'
        : `${plural(latest.gapDays, 'day')} after the previous session`;
    parts.push(
      `${sessionLabel(latest.session, group, true)} on ${formatAt(latest.session.startedAt, tz)}: ` +
        `${gap}; ${protocol.name} asks for at least ${plural(latest.minDays, 'day')} between ` +
        `sessions in ${latest.phase}` +
        inAll(intervals.length, 'early session'),
    );
  }
  if (window !== null) {
    const text =
      `induction not finished within ${protocol.induction.withinDays} days of the first session ` +
      `(${formatAt(window.firstSession.startedAt, tz)}): ${window.given} of ` +
      `${protocol.induction.sessions} sessions given`;
    parts.push(parts.length === 0 ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : text);
  }
  const lastSession = sessions[sessions.length - 1];
  const windowMs = window === null ? -Infinity : window.endDay * DAY_MS;
  const intervalMs = latest === null ? -Infinity : toMs(latest.session.startedAt);
  return {
    courseId: course.id,
    atMs: Math.max(windowMs, intervalMs),
    sessionId: latest?.session.id ?? lastSession.id,
    message: parts.join('; '),
    evidence: {
      courseId: course.id,
      sessions: intervals.map((hit) => ({
        id: hit.session.id,
        sessionNumber: hit.session.sessionNumber,
        courseSessionNumber: courseNumberOf(hit.session, sessions),
        startedAt: toIso(hit.session.startedAt),
        phase: hit.phase,
        previousSessionId: hit.previous.id,
        previousStartedAt: toIso(hit.previous.startedAt),
        daysAfterPrevious: hit.gapDays,
        minDaysBetween: hit.minDays,
      })),
      inductionWindow:
        window === null
          ? null
          : {
              firstSessionId: window.firstSession.id,
              firstSessionAt: toIso(window.firstSession.startedAt),
              endsBefore: dayNumberToDate(window.endDay),
              sessionsGiven: window.given,
            },
    },
    threshold: {
      protocolId: protocol.id,
      protocol: protocol.name,
      inductionSessions: protocol.induction.sessions,
      inductionWithinDays: protocol.induction.withinDays,
      minDaysBetween: {
        induction: phaseLimits(protocol, 'induction').minDaysBetween,
        maintenance: phaseLimits(protocol, 'maintenance').minDaysBetween,
      },
    },
    triggers: [
      ...intervals.map((hit) => hit.session.id),
      ...(window === null ? [] : [`${INDUCTION_WINDOW_TRIGGER_PREFIX}${course.id}`]),
    ],
  };
}

export const courseOffProtocol: RuleDefinition = patientRule(
  {
    id: 'course.off_protocol',
    category: 'course',
    severity: 'info',
    title: 'Course off its protocol',
    note: null,
    // The induction window passes with the clock.
    timeBased: true,
    autoResolve: false,
  },
  (records, _t, now) =>
    combineFindings(
      sessionGroups(records).map((group) => {
        const protocol = group.course?.protocol ?? null;
        return group.course === null || protocol === null
          ? null // without a protocol there is nothing to be off
          : offProtocolOfCourse(group, group.course, protocol, records, now);
      }),
    ),
);

export const screeningOverride: RuleDefinition = patientRule(
  {
    id: 'screening.override',
    category: 'course',
    severity: 'warning',
    title: 'Course started despite a contraindication',
    note: null,
    timeBased: false,
    autoResolve: false,
  },
  (records) => {
    const groups = sessionGroups(records);
    return combineFindings(
      coursesInOrder(records).map((course): GroupFinding | null => {
        const reason = course.overrideReason?.trim() ?? '';
        if (reason === '') return null;
        const first = groups.find((g) => g.course === course)?.sessions[0] ?? null;
        const items = course.absoluteContraindications;
        const named =
          items.length === 0
            ? 'an absolute contraindication'
            : `absolute contraindication${items.length > 1 ? 's' : ''}: ` +
              items.map((item) => SCREENING_ITEM_TEXT[item]).join('; ');
        return {
          courseId: course.id,
          atMs: toMs(course.startedAt),
          sessionId: first?.id ?? null,
          message:
            `${course.drug.charAt(0).toUpperCase()}${course.drug.slice(1)} ${course.route} course` +
            (course.protocol === null ? '' : ` (${course.protocol.name})`) +
            ` started on ${formatAt(course.startedAt, records.timeZone)} despite ${named}. ` +
            `Psychiatrist's reason: ${reason}`,
          evidence: {
            courseId: course.id,
            drug: course.drug,
            route: course.route,
            absoluteContraindications: [...items],
            overrideReason: reason,
            overrideBy: course.overrideBy,
            firstSessionId: first?.id ?? null,
          },
          threshold: { absoluteContraindications: [...ABSOLUTE_CONTRAINDICATIONS[course.drug]] },
          triggers: [course.id],
        };
      }),
    );
  },
);

export const COURSE_RULES: readonly RuleDefinition[] = [courseOffProtocol, screeningOverride];
