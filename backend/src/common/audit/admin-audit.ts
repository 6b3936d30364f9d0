import type { EntityManager } from 'typeorm';
import type { AuditDetails } from '@clinic/shared';
import type { Actor } from '../auth/actor';
import type { AuditService } from './audit.service';

/**
 * An administration action (API.md v2 "Accounts and administration"): one entry with no clinic,
 * the whole change, for administrators; and one under each clinic concerned, so that the clinic's
 * managers see who was added to, removed from or changed in their clinic. A clinic's copy shows
 * only its own membership (`clinicIds` cut to that clinic): another clinic's ids never reach it.
 */
export async function recordAdministration(
  audit: AuditService,
  em: EntityManager,
  actor: Actor,
  event: {
    resourceType: 'user' | 'clinic';
    resourceId: string;
    details: AuditDetails;
    /** The clinics the change concerns (a user's clinics before and after; the clinic itself). */
    clinicIds: string[];
  },
): Promise<void> {
  const forClinic = (clinicId: string): AuditDetails => ({
    ...event.details,
    before: onlyClinic(event.details.before, clinicId),
    after: onlyClinic(event.details.after, clinicId),
  });
  await audit.recordMany(em, actor, [
    {
      action: 'admin',
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      details: event.details,
    },
    ...[...new Set(event.clinicIds)].sort().map((clinicId) => ({
      action: 'admin' as const,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      clinicId,
      details: forClinic(clinicId),
    })),
  ]);
}

function onlyClinic(fields: Record<string, unknown>, clinicId: string): Record<string, unknown> {
  const ids = fields['clinicIds'];
  if (!Array.isArray(ids)) return fields;
  return { ...fields, clinicIds: ids.filter((id) => id === clinicId) };
}
