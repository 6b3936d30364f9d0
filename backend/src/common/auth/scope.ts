import { type Actor, isClinicMember } from './actor';
import { ScopeViolation } from './scope-violation';

/**
 * Clinic scoping (Immich's requireAccess pattern): every service loads records through these, so a
 * record of another clinic is indistinguishable from a missing one (404) and the attempt is audited.
 */
export function requireClinic(actor: Actor, clinicId: string): void {
  if (!isClinicMember(actor, clinicId)) {
    throw new ScopeViolation(actor, 'clinic', clinicId, null, clinicId, 'Clinic not found');
  }
}

/** The clinics a list may show: the one asked for (if the actor belongs to it) or all of the actor's. */
export function clinicsForList(actor: Actor, clinicId: string | undefined): string[] {
  if (clinicId === undefined) return actor.clinicIds;
  requireClinic(actor, clinicId);
  return [clinicId];
}
