import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { clinicsForList } from '../auth/scope';
import { Db } from '../transactions/db.service';
import { type AuditEvent, AuditService } from './audit.service';

/** What a scoped read found, and the audit entries its reading writes (one per record or patient). */
export interface ScopedResult<T> {
  result: T;
  audit: AuditEvent[];
}

export interface ScopedList<T> {
  /** The clinic asked for (it must be one of the actor's: else 404, audited), or all of theirs. */
  clinicId: string | undefined;
  /** The answer when the actor has no clinic: nothing is read, nothing is audited. */
  empty: () => T;
  /** A scope check to run first, even for an actor without clinics (e.g. the patient asked for). */
  check?: (em: EntityManager) => Promise<unknown>;
  load: (em: EntityManager, clinicIds: string[]) => Promise<ScopedResult<T>>;
}

/**
 * The clinic-scoped list with its read audit, written once (patients, flags, outcomes, the board):
 * one unit of work resolves the clinics the actor may list, reads, and writes the read's audit
 * entries in the same transaction (a failed audit write fails the read).
 */
@Injectable()
export class ScopedReads {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  list<T>(actor: Actor, list: ScopedList<T>): Promise<T> {
    return this.db.transaction(async (em) => {
      const clinicIds = clinicsForList(actor, list.clinicId);
      if (list.check) await list.check(em);
      if (clinicIds.length === 0) return list.empty();
      const { result, audit } = await list.load(em, clinicIds);
      await this.audit.recordMany(em, actor, audit);
      return result;
    });
  }
}
