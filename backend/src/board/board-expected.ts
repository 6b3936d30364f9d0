import { type EntityManager, Between, In, IsNull } from 'typeorm';
import {
  type BoardExpectedDto,
  DAY_MS,
  type ExtraPreDoseCheck,
  localDate,
  preDoseChecks,
} from '@clinic/shared';
import { Clinic } from '../clinics/clinic.entity';
import { Flag } from '../flags/flag.entity';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';

/**
 * v2 (API.md "Ordered and started sessions"): the ordered sessions planned on the clinic's local
 * day of `now`, by planned time, each with its pre-dose checklist judged for a start now.
 */
export async function expectedToday(
  em: EntityManager,
  clinicIds: string[],
  now: Date,
  /** The course's checks of a session (treatment courses, CLINICAL.md s8/s9), as the start has them. */
  courseChecks: (session: DosingSession, startedAt: Date) => Promise<ExtraPreDoseCheck[]>,
): Promise<BoardExpectedDto[]> {
  const candidates = await em.find(DosingSession, {
    where: {
      clinicId: In(clinicIds),
      status: 'ordered',
      enteredInErrorAt: IsNull(),
      // A local day is within a day and a half of now in every zone.
      plannedAt: Between(
        new Date(now.getTime() - 1.5 * DAY_MS),
        new Date(now.getTime() + 1.5 * DAY_MS),
      ),
    },
    order: { plannedAt: 'ASC', id: 'ASC' },
  });
  if (candidates.length === 0) return [];
  const zones = new Map(
    (
      await em.find(Clinic, {
        where: { id: In([...new Set(candidates.map((s) => s.clinicId))]) },
        select: { id: true, timezone: true },
      })
    ).map((c) => [c.id, c.timezone]),
  );
  const sessions = candidates.filter((s) => {
    const zone = zones.get(s.clinicId) ?? null;
    return s.plannedAt !== null && localDate(s.plannedAt, zone) === localDate(now, zone);
  });
  if (sessions.length === 0) return [];
  const patientIds = [...new Set(sessions.map((s) => s.patientId))];
  const patients = new Map(
    (
      await em.find(Patient, {
        where: { id: In(patientIds) },
        select: { id: true, givenName: true, familyName: true, mrn: true },
      })
    ).map((p) => [p.id, p]),
  );
  const observations = await em.find(Observation, {
    where: { sessionId: In(sessions.map((s) => s.id)), enteredInErrorAt: IsNull() },
  });
  const critical = await em.find(Flag, {
    where: {
      patientId: In(patientIds),
      severity: 'critical',
      status: In(['open', 'acknowledged']),
    },
    select: { id: true, patientId: true, rule: true },
  });
  const extra = new Map<string, ExtraPreDoseCheck[]>();
  // One connection per transaction: one session after another.
  for (const s of sessions) extra.set(s.id, await courseChecks(s, now));
  return sessions.map((s) => {
    const result = preDoseChecks({
      startedAt: now,
      observations: observations.filter((o) => o.sessionId === s.id),
      openCriticalFlags: critical.filter((f) => f.patientId === s.patientId),
      extraChecks: extra.get(s.id) ?? [],
    });
    const patient = patients.get(s.patientId);
    return {
      sessionId: s.id,
      patientId: s.patientId,
      clinicId: s.clinicId,
      patientName: patient ? `${patient.givenName} ${patient.familyName}` : '',
      mrn: patient?.mrn ?? '',
      sessionNumber: s.sessionNumber,
      drug: s.drug,
      route: s.route,
      doseMg: s.doseMg,
      plannedAt: (s.plannedAt as Date).toISOString(),
      version: s.version,
      checks: result.checks.map((c) => ({
        id: c.id as BoardExpectedDto['checks'][number]['id'],
        ok: c.ok,
        reason: c.reason,
      })),
      ready: result.ok,
    };
  });
}
