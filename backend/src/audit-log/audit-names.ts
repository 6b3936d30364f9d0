import type { AuditEntryDto } from '@clinic/shared';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { AuditEntry } from '../common/audit/audit-entry.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

/** A patient as the dashboard lists them. */
export function patientDisplayName(p: Pick<Patient, 'familyName' | 'givenName'>): string {
  return `${p.familyName}, ${p.givenName}`;
}

/** `find` of ids in slices (SQLite binds at most 999 parameters a statement). */
async function inSlices<T>(ids: string[], find: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 400) out.push(...(await find(ids.slice(i, i + 400))));
  return out;
}

/**
 * The audit entries as the viewer reads them: with the acting users' names, and the patients'
 * names for a clinical viewer (a manager) when the patient belongs to one of the viewer's clinics.
 * An administrator sees no clinical data (API.md "Roles"), so no patient name.
 */
export async function withNames(
  em: EntityManager,
  viewer: Actor,
  entries: AuditEntry[],
): Promise<AuditEntryDto[]> {
  const actorIds = [...new Set(entries.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
  const patientIds =
    viewer.role === 'admin' || viewer.clinicIds.length === 0
      ? []
      : [...new Set(entries.flatMap((e) => (e.patientId ? [e.patientId] : [])))];
  const users = await inSlices(actorIds, (ids) =>
    em.find(User, { select: { id: true, name: true }, where: { id: In(ids) } }),
  );
  const patients = await inSlices(patientIds, (ids) =>
    em.find(Patient, {
      select: { id: true, familyName: true, givenName: true },
      where: { id: In(ids), clinicId: In(viewer.clinicIds) },
    }),
  );
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const patientName = new Map(patients.map((p) => [p.id, patientDisplayName(p)]));
  return entries.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorId ? (userName.get(e.actorId) ?? null) : null,
    actorRole: e.actorRole,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    patientId: e.patientId,
    patientName: e.patientId ? (patientName.get(e.patientId) ?? null) : null,
    clinicId: e.clinicId,
    ip: e.ip,
    outcome: e.outcome,
    details: e.details ?? null,
    viewId: e.viewId,
  }));
}
