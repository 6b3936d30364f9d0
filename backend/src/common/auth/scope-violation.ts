import { ForbiddenException, type HttpException, NotFoundException } from '@nestjs/common';
import type { Actor } from './actor';

/**
 * A refusal that must be audited even though the unit of work rolls back: the unit of work
 * catches it, rolls back, writes the access_denied entry in a transaction of its own, and answers
 * with `toHttp()`.
 */
export abstract class AuditedDenial extends Error {
  constructor(
    readonly actor: Actor,
    readonly resourceType: string,
    readonly resourceId: string | null,
    readonly patientId: string | null,
    readonly clinicId: string | null,
    readonly publicMessage: string,
  ) {
    super(publicMessage);
  }

  abstract toHttp(): HttpException;
}

/**
 * A record exists but belongs to a clinic the actor is not a member of: answered 404, so existence
 * is never revealed.
 */
export class ScopeViolation extends AuditedDenial {
  override name = 'ScopeViolation';
  toHttp(): HttpException {
    return new NotFoundException(this.publicMessage);
  }
}

/** The actor's role may not do this to this record (e.g. a nurse resolving a misuse flag): 403. */
export class RecordRoleViolation extends AuditedDenial {
  override name = 'RecordRoleViolation';
  toHttp(): HttpException {
    return new ForbiddenException(this.publicMessage);
  }
}

/** One access_denied entry's placement: under which clinic, naming which record. */
export interface DeniedPlacement {
  clinicId: string | null;
  resourceId: string | null;
  patientId: string | null;
}

/**
 * Where a denial is audited (issue 19). A refusal on a record of the actor's own clinic (a role
 * violation) is entered under that clinic, naming the record. A refusal on another clinic's record
 * (a scope violation) is never entered under that clinic: its manager would learn our staff's ids
 * and that they probed. It is entered once under each of the actor's clinics, without the target's
 * ids (our manager sees our nurse probing, not which record of another clinic exists), and once
 * with no clinic, naming the target: that entry only the administrator sees.
 */
export function deniedPlacements(denial: AuditedDenial): DeniedPlacement[] {
  const { actor, clinicId, resourceId, patientId } = denial;
  if (clinicId === null || actor.clinicIds.includes(clinicId)) {
    return [{ clinicId, resourceId, patientId }];
  }
  return [
    ...actor.clinicIds.map((own) => ({ clinicId: own, resourceId: null, patientId: null })),
    { clinicId: null, resourceId, patientId },
  ];
}
