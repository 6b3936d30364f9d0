/**
 * The course's pre-dose checks (CLINICAL.md s8 and s9, plugged into the `extraChecks` of
 * pre-dose.ts) and the induction count that moves a course to maintenance (s8).
 */
import type { CoursePhase, ProtocolInduction, ProtocolMaintenance } from '../api/course-types';
import type { ExtraPreDoseCheck } from './pre-dose';
import { SCREENING_VALID_DAYS } from './protocols';
import { screeningValidFor } from './screening';
import { localDate, toIso, type Timestamp } from './time';

/**
 * Sessions of induction without a protocol (migrated IM/oral courses): "induction: typically 6
 * sessions" (CLINICAL.md s2), the IV template of s8.
 */
export const DEFAULT_INDUCTION_SESSIONS = 6;

/** The induction count of a course: its protocol's, else DEFAULT_INDUCTION_SESSIONS. */
export function inductionCount(protocol: { induction: ProtocolInduction } | null): number {
  return protocol?.induction.sessions ?? DEFAULT_INDUCTION_SESSIONS;
}

/** Whole calendar days between two instants in a time zone (clinic-local dates; b minus a). */
export function calendarDaysBetween(a: Timestamp, b: Timestamp, timeZone?: string | null): number {
  const day = (t: Timestamp): number => Date.parse(`${localDate(t, timeZone)}T00:00:00.000Z`);
  return Math.round((day(b) - day(a)) / 86_400_000);
}

/**
 * `screening_valid` (s9): the first session of a clinical course needs the course's screening
 * valid at its start (at or after the screening, within SCREENING_VALID_DAYS). Null when the check
 * does not apply (not the first session, or a migrated/legacy course without a screening).
 */
export function screeningValidCheck(
  screening: { screenedAt: Timestamp } | null,
  startedAt: Timestamp,
): ExtraPreDoseCheck<'screening_valid'> {
  if (screening === null) {
    return {
      id: 'screening_valid',
      ok: false,
      reason: "No screening on the course: record one before the course's first session",
    };
  }
  if (screeningValidFor(screening, startedAt)) {
    return {
      id: 'screening_valid',
      ok: true,
      reason: `Screening of ${toIso(screening.screenedAt).slice(0, 10)} valid for the first session`,
    };
  }
  return {
    id: 'screening_valid',
    ok: false,
    reason:
      `The course's screening (${toIso(screening.screenedAt).slice(0, 10)}) is not valid at this start: ` +
      `a first session must start within ${String(SCREENING_VALID_DAYS)} days after the screening`,
  };
}

/** The minimum days between two sessions of a phase (induction default 1: not twice a day). */
export function minDaysBetween(
  phase: CoursePhase,
  protocol: { induction: ProtocolInduction; maintenance: ProtocolMaintenance | null },
): number {
  if (phase === 'maintenance' && protocol.maintenance !== null) {
    return protocol.maintenance.minDaysBetween;
  }
  return protocol.induction.minDaysBetween ?? 1;
}

/**
 * `protocol_interval` (s8): at least the protocol's `minDaysBetween` of the course's phase, in
 * clinic-local calendar days, since the course's previous given session. Ok when there is no
 * previous session or the interval is 0.
 */
export function protocolIntervalCheck(input: {
  phase: CoursePhase;
  protocol: {
    name: string;
    induction: ProtocolInduction;
    maintenance: ProtocolMaintenance | null;
  };
  previousStartedAt: Timestamp | null;
  startedAt: Timestamp;
  timeZone?: string | null;
}): ExtraPreDoseCheck<'protocol_interval'> {
  const min = minDaysBetween(input.phase, input.protocol);
  const phase = input.phase === 'maintenance' ? 'maintenance' : 'induction';
  if (input.previousStartedAt === null) {
    return { id: 'protocol_interval', ok: true, reason: "The course's first session" };
  }
  const days = calendarDaysBetween(input.previousStartedAt, input.startedAt, input.timeZone);
  const plural = (n: number): string => `${String(n)} day${n === 1 ? '' : 's'}`;
  if (days >= min) {
    return {
      id: 'protocol_interval',
      ok: true,
      reason: `${plural(days)} since the course's previous session (${input.protocol.name}, ${phase}: at least ${plural(min)})`,
    };
  }
  return {
    id: 'protocol_interval',
    ok: false,
    reason: `Only ${plural(days)} since the course's previous session; ${input.protocol.name} (${phase}) asks for at least ${plural(min)}`,
  };
}
