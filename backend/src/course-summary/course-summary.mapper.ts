import {
  type CourseDto,
  type CourseSummaryFlagDto,
  type CourseSummaryScreeningDto,
  type CourseSummarySessionDto,
  type CourseSummarySideEffectDto,
  flagTitleOf,
  SCREENING_ITEMS,
} from '@clinic/shared';
import type { Flag } from '../flags/flag.entity';
import type { DosingSession } from '../sessions/dosing-session.entity';
import type { SideEffect } from '../sessions/side-effect.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The course's screening as printed: the result and the items not answered `no`, in order. */
export function screeningOfCourse(course: CourseDto): CourseSummaryScreeningDto | null {
  const s = course.screening;
  if (s === null) return null;
  const items: CourseSummaryScreeningDto['items'] = [];
  for (const item of SCREENING_ITEMS) {
    const answer = s.answers[item];
    if (answer !== 'yes' && answer !== 'unknown') continue;
    items.push({
      item,
      answer,
      contraindication:
        answer !== 'yes'
          ? null
          : s.absolute.includes(item)
            ? 'absolute'
            : s.relative.includes(item)
              ? 'relative'
              : null,
      note: s.notes[item]?.trim() || null,
    });
  }
  return {
    id: s.id,
    screenedAt: s.screenedAt,
    result: s.result,
    consentAt: s.consentAt,
    remsEnrolledAt: s.remsEnrolledAt,
    items,
    overrideReason: course.overrideReason,
    recordedByName: s.recordedByName ?? null,
  };
}

export function toSummarySession(s: DosingSession): CourseSummarySessionDto {
  return {
    id: s.id,
    sessionNumber: s.sessionNumber,
    courseSessionNumber: s.courseSessionNumber,
    status: s.status,
    startedAt: s.startedAt.toISOString(),
    drug: s.drug,
    route: s.route,
    doseMg: s.doseMg,
    doseMgPerKg: s.doseMgPerKg,
    weightKg: s.weightKg,
    infusionMinutes: s.infusionMinutes,
    dischargedAt: iso(s.dischargedAt),
    retrospective: s.retrospective,
  };
}

export function toSummarySideEffect(
  e: SideEffect,
  numberOf: Map<string, number | null>,
): CourseSummarySideEffectDto {
  return {
    id: e.id,
    sessionId: e.sessionId,
    courseSessionNumber: numberOf.get(e.sessionId) ?? null,
    type: e.type,
    severity: e.severity,
    serious: e.serious,
    seriousCriterion: e.serious ? e.seriousCriterion : null,
    onsetAt: e.onsetAt.toISOString(),
  };
}

export function toSummaryFlag(f: Flag, numberOf: Map<string, number | null>): CourseSummaryFlagDto {
  return {
    id: f.id,
    rule: f.rule,
    title: flagTitleOf(f),
    category: f.category,
    severity: f.severity,
    status: f.status,
    message: f.message,
    sessionId: f.sessionId,
    courseSessionNumber: f.sessionId === null ? null : (numberOf.get(f.sessionId) ?? null),
    raisedAt: f.createdAt.toISOString(),
    resolvedAt: iso(f.resolvedAt),
  };
}

export interface CourseFlagScope {
  course: { id: string; startedAt: Date; endedAt: Date | null };
  /** Every course of the patient (the next one's start ends this one's span). */
  courses: readonly { id: string; startedAt: Date }[];
  /** The course's sessions (not entered in error, not cancelled). */
  courseSessionIds: ReadonlySet<string>;
  /** The course's first given session's start. */
  firstSessionAt: Date | null;
}

/**
 * The flags of a course (docs/decisions.md "Printable course summary"): a session's flag when the
 * session is one of the course's (so none of a session entered in error or of another course); a
 * patient's flag when raised in the course's span: from its start (or first session, if earlier)
 * until it ended or the next course started, whichever is first (open-ended while it runs).
 */
export function flagsOfCourse<F extends Pick<Flag, 'sessionId' | 'createdAt'>>(
  flags: readonly F[],
  scope: CourseFlagScope,
): F[] {
  const start = Math.min(
    scope.course.startedAt.getTime(),
    scope.firstSessionAt?.getTime() ?? Infinity,
  );
  const next = scope.courses
    .filter(
      (c) => c.id !== scope.course.id && c.startedAt.getTime() > scope.course.startedAt.getTime(),
    )
    .map((c) => c.startedAt.getTime());
  const ends = [...next, ...(scope.course.endedAt ? [scope.course.endedAt.getTime()] : [])];
  const end = ends.length > 0 ? Math.min(...ends) : Infinity;
  return flags.filter((f) => {
    if (f.sessionId !== null) return scope.courseSessionIds.has(f.sessionId);
    const at = f.createdAt.getTime();
    return at >= start && at <= end;
  });
}
