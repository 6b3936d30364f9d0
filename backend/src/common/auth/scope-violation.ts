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
