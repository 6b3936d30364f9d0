import type { Actor } from './actor';

/**
 * Thrown when a record exists but belongs to a clinic the actor is not a member of. The unit of
 * work rolls back, audits the attempt as access_denied and answers 404 (existence is never revealed).
 */
export class ScopeViolation extends Error {
  constructor(
    readonly actor: Actor,
    readonly resourceType: string,
    readonly resourceId: string | null,
    readonly patientId: string | null,
    readonly clinicId: string | null,
    readonly publicMessage: string,
  ) {
    super(publicMessage);
    this.name = 'ScopeViolation';
  }
}
