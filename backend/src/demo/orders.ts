/**
 * Today's orders (v2, CLINICAL.md s3 "Ordered, then started"): two sessions of Riverside ordered by
 * the psychiatrist this morning and not started yet, so the nurse board shows "Expected today"
 * with its pre-dose checklist (no reading yet: the BP and MOAA/S checks fail until the nurse
 * records them). Drawn after everything else (ids from the id sequence only), they change no other
 * record; the rules read only doses given, so they raise nothing.
 */
import { DAY_MS, MINUTE_MS, localDate } from '@clinic/shared';
import type { DosingSession } from '../sessions/dosing-session.entity';
import { DEMO_CLINICS } from './demo-clinics';
import type { DemoContext } from './model';
import { SCENARIOS } from './scenarios';
import { mrnOf } from './demo-clinics';

/** Orders for patients whose last session was at least this long ago (no "recent session"). */
const MIN_GAP_MS = 4 * DAY_MS;
/** In maintenance, the protocols' interval (7 calendar days) with a day to spare. */
const MIN_MAINTENANCE_GAP_MS = 8 * DAY_MS;
/** Minutes after now of the planned times (before now when that would be tomorrow, local). */
const PLANNED_IN = [45, 90];

export function addTodaysOrders(
  ctx: DemoContext,
  clinic: { id: string; psychiatristId: string },
): void {
  const timeZone = DEMO_CLINICS[0].timezone;
  const today = localDate(ctx.now, timeZone);
  const scenarioMrns = new Set(Object.keys(SCENARIOS[0]).map((i) => mrnOf(0, Number(i))));
  const candidates = ctx.rows.patients
    .filter((p) => p.clinicId === clinic.id && !scenarioMrns.has(p.mrn))
    .sort((a, b) => a.mrn.localeCompare(b.mrn))
    .map((p) => {
      const sessions = ctx.rows.sessions.filter((s) => s.patientId === p.id);
      const last = sessions.reduce((a, b) => (b.sessionNumber > a.sessionNumber ? b : a));
      const course = ctx.rows.courses.find((c) => c.id === last.courseId) ?? null;
      return { patient: p, last, course };
    })
    // The next session of an active course, as its protocol allows (a week after the last one
    // in maintenance).
    .filter(
      ({ last, course }) =>
        last.status === 'discharged' &&
        course !== null &&
        course.phase !== 'ended' &&
        ctx.nowMs - last.startedAt.getTime() >=
          (course.phase === 'maintenance' ? MIN_MAINTENANCE_GAP_MS : MIN_GAP_MS),
    )
    .slice(0, PLANNED_IN.length);
  candidates.forEach(({ patient, last }, i) => {
    const later = ctx.nowMs + PLANNED_IN[i] * MINUTE_MS;
    const plannedMs =
      localDate(new Date(later), timeZone) === today
        ? later
        : ctx.nowMs - PLANNED_IN[i] * MINUTE_MS;
    const plannedAt = new Date(Math.floor(plannedMs / (5 * MINUTE_MS)) * 5 * MINUTE_MS);
    const orderedAt = new Date(Math.min(ctx.nowMs, plannedAt.getTime()) - 3 * 60 * MINUTE_MS);
    const row: DosingSession = {
      ...last,
      id: ctx.ids.uuid(),
      sessionNumber: last.sessionNumber + 1,
      courseSessionNumber: (last.courseSessionNumber ?? 0) + 1,
      startedAt: plannedAt,
      plannedAt,
      status: 'ordered',
      readyAt: null,
      dischargedAt: null,
      dischargeOverrideReason: null,
      dischargedBy: null,
      orderedBy: clinic.psychiatristId,
      retrospective: false,
      startedBy: null,
      startOverrideReason: null,
      startOverriddenChecks: null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      notes: null,
      version: 1,
      createdAt: orderedAt,
      updatedAt: orderedAt,
    };
    ctx.rows.sessions.push(row);
    ctx.rows.audit.push({
      id: ctx.ids.uuid(),
      at: orderedAt,
      actorId: clinic.psychiatristId,
      actorRole: 'psychiatrist',
      action: 'create',
      resourceType: 'session',
      resourceId: row.id,
      patientId: patient.id,
      clinicId: clinic.id,
      ip: null,
      outcome: 'success',
    });
  });
}
