import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditAction, AuditDetails, AuditOutcome, Role } from '@clinic/shared';
import type { Actor } from '../auth/actor';
import { newId } from '../ids';
import { Db } from '../transactions/db.service';

export interface AuditEvent {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  clinicId?: string | null;
  outcome?: AuditOutcome;
  /** (v2) Administration and threshold changes: the fields changed, before and after. */
  details?: AuditDetails | null;
}

/**
 * Details as stored and hashed: a plain JSON copy (a Date becomes its ISO text, undefined keys
 * go), so what is hashed on writing is what is read back on verification.
 */
function jsonDetails(details: AuditDetails | null | undefined): AuditDetails | null {
  return details ? (JSON.parse(JSON.stringify(details)) as AuditDetails) : null;
}

/** Reads and searches carry the page view they were made for; every other entry stands alone. */
function viewIdOf(actor: { viewId?: string | null } | null, event: AuditEvent): string | null {
  return event.action === 'read' || event.action === 'search' ? (actor?.viewId ?? null) : null;
}

/**
 * Writes audit entries inside the caller's transaction: if the entry cannot be written, the work
 * fails too. Within a unit of work the entries are appended to the hash chain as its last step
 * (Db.transaction); elsewhere (bootstrap) at once.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(em: EntityManager, actor: Actor | null, event: AuditEvent): Promise<void> {
    await this.recordAs(
      em,
      actor ? { userId: actor.userId, role: actor.role, ip: actor.ip, viewId: actor.viewId } : null,
      event,
    );
  }

  /** For events before an actor exists (login, failed login). */
  async recordAs(
    em: EntityManager,
    who: {
      userId: string | null;
      role: Role | null;
      ip: string | null;
      viewId?: string | null;
    } | null,
    event: AuditEvent,
  ): Promise<void> {
    await this.db.audit(em, [
      {
        id: newId(),
        at: new Date(),
        actorId: who?.userId ?? null,
        actorRole: who?.role ?? null,
        action: event.action,
        resourceType: event.resourceType,
        resourceId: event.resourceId ?? null,
        patientId: event.patientId ?? null,
        clinicId: event.clinicId ?? null,
        ip: who?.ip ?? null,
        outcome: event.outcome ?? 'success',
        details: jsonDetails(event.details),
        viewId: viewIdOf(who, event),
      },
    ]);
  }

  /** One entry per record for list reads, written in one statement. */
  async recordMany(em: EntityManager, actor: Actor, events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = new Date();
    const rows = events.map((event) => ({
      id: newId(),
      at,
      actorId: actor.userId,
      actorRole: actor.role,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId ?? null,
      patientId: event.patientId ?? null,
      clinicId: event.clinicId ?? null,
      ip: actor.ip,
      outcome: event.outcome ?? 'success',
      details: jsonDetails(event.details),
      viewId: viewIdOf(actor, event),
    }));
    await this.db.audit(em, rows);
  }
}
