import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FlagHistoryStep } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { BoardEvents } from '../realtime/board-events.service';
import { User } from '../users/user.entity';
import { Flag } from './flag.entity';

/** The columns a transition may change besides its history step, updatedAt and version. */
export type FlagTransitionChanges = Partial<
  Pick<
    Flag,
    | 'status'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'acknowledgeNote'
    | 'resolvedAt'
    | 'resolvedBy'
    | 'note'
    | 'newEvidenceSince'
    | 'newEvidenceCount'
    | 'evidenceWithdrawn'
    | 'triggers'
    | 'message'
    | 'evidence'
    | 'threshold'
    | 'sessionId'
  >
>;

export interface FlagTransition {
  /** The history step's status (for evidence_withdrawn the flag's status does not change). */
  step: FlagHistoryStep['status'];
  /** Who caused the step: the audit entry is theirs (null: the scheduler). */
  actor: Actor | null;
  /**
   * Whether the history names the actor as the one who took the step (with their present name),
   * or the system (a flag resolving by itself, although an actor's write caused the evaluation).
   */
  takenBy: 'actor' | 'system';
  at: Date;
  note: string | null;
  changes: FlagTransitionChanges;
  /** The audit entry's action. */
  audit: 'acknowledge' | 'resolve' | 'update';
  /**
   * Only when the flag is still at the version read (a clinician's action: another user's change
   * in between must not be overwritten). The signals engine holds the patient's lock instead.
   */
  ifUnchanged: boolean;
}

/**
 * A flag's transition (acknowledge, resolve, withdraw evidence, resolve by itself or by entered in
 * error), written once for the clinician's actions (FlagsService) and the signals engine: the
 * status change with one more history step, the audit entry in the caller's transaction, and the
 * board event, published after commit. Returns the columns written, or null when `ifUnchanged`
 * and the flag changed meanwhile (nothing is then written).
 */
@Injectable()
export class FlagTransitions {
  constructor(
    private readonly audit: AuditService,
    private readonly events: BoardEvents,
  ) {}

  async apply(
    em: EntityManager,
    flag: Flag,
    t: FlagTransition,
  ): Promise<(FlagTransitionChanges & Pick<Flag, 'history' | 'updatedAt' | 'version'>) | null> {
    const by = t.takenBy === 'actor' ? t.actor : null;
    const user =
      by === null
        ? null
        : await em.findOne(User, { where: { id: by.userId }, select: { name: true } });
    const byName = user?.name ?? null;
    const written = {
      ...t.changes,
      history: [
        ...flag.history,
        {
          status: t.step,
          at: t.at.toISOString(),
          by: by?.userId ?? null,
          byName,
          note: t.note,
        },
      ],
      updatedAt: t.at,
      version: flag.version + 1,
    };
    const result = await em.update(
      Flag,
      t.ifUnchanged ? { id: flag.id, version: flag.version } : { id: flag.id },
      written,
    );
    if (t.ifUnchanged && result.affected === 0) return null;
    await this.audit.record(em, t.actor, {
      action: t.audit,
      resourceType: 'flag',
      resourceId: flag.id,
      patientId: flag.patientId,
      clinicId: flag.clinicId,
    });
    this.events.publish({
      type: 'flag',
      clinicId: flag.clinicId,
      // the session the flag is on after the step (a reopening may move it to the new record's)
      sessionId: t.changes.sessionId !== undefined ? t.changes.sessionId : flag.sessionId,
      patientId: flag.patientId,
    });
    return written;
  }
}
