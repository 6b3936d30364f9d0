import {
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type EntityManager, type EntityTarget, In, IsNull, MoreThan } from 'typeorm';
import type { AmendableResource, EnteredInErrorDto as EnteredInErrorResult } from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import { BoardEvents } from '../realtime/board-events.service';
import { type Actor, isClinicMember } from '../common/auth/actor';
import { RecordRoleViolation, ScopeViolation } from '../common/auth/scope-violation';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import type { AmendableRecord } from '../database/amendable-record';
import { Db } from '../common/transactions/db.service';
import { FollowUpRequest } from '../followups/follow-up-request.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SESSION_COURSES, type SessionCourses } from '../sessions/session-hooks';
import { SideEffect } from '../sessions/side-effect.entity';
import { SignalsService } from '../signals/signals.service';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';
import { User } from '../users/user.entity';

type Amendable = AmendableRecord & {
  id: string;
  patientId: string;
  clinicId: string;
  sessionId?: string | null;
};

/**
 * The records that can be marked: those of API.md "Amendments" and the C-SSRS screener (v2).
 * `cssrs` is kept out of the shared AmendableResource until the dashboard offers it.
 */
export type AmendableTarget = AmendableResource | 'cssrs';
/** The result, whose resourceType may be `cssrs` too. */
export type AmendmentResult = Omit<EnteredInErrorResult, 'resourceType'> & {
  resourceType: AmendableTarget;
};

const TARGETS: Record<AmendableTarget, { entity: EntityTarget<Amendable>; label: string }> = {
  session: { entity: DosingSession, label: 'Session' },
  observation: { entity: Observation, label: 'Observation' },
  side_effect: { entity: SideEffect, label: 'Side effect' },
  phq9: { entity: Phq9Assessment, label: 'PHQ-9' },
  risk_event: { entity: RiskEvent, label: 'Risk event' },
  cssrs: { entity: CssrsScreening, label: 'C-SSRS screener' },
};

/**
 * Amendments, never deletes (API.md): a clinical record marked entered in error keeps its row and
 * history, carries who, when and why, and drops out of scores, charts, flags and outcomes. The mark,
 * its audit entry and the re-evaluation of the patient's flags are one transaction.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly signals: SignalsService,
    private readonly events: BoardEvents,
    @Inject(SESSION_COURSES) private readonly courses: SessionCourses,
  ) {}

  async markEnteredInError(
    actor: Actor,
    resource: AmendableTarget,
    id: string,
    reason: string,
    expectedVersion?: number,
  ): Promise<AmendmentResult> {
    const { entity, label } = TARGETS[resource];
    return this.db.transaction(async (em) => {
      const record = await em.findOne(entity, { where: { id } });
      if (!record) throw new NotFoundException(`${label} not found`);
      if (!isClinicMember(actor, record.clinicId)) {
        throw new ScopeViolation(
          actor,
          resource,
          id,
          record.patientId,
          record.clinicId,
          `${label} not found`,
        );
      }
      if (resource === 'session' && actor.role !== 'psychiatrist') {
        throw new RecordRoleViolation(
          actor,
          resource,
          id,
          record.patientId,
          record.clinicId,
          'Only a psychiatrist can mark a session entered in error',
        );
      }
      const at = new Date();
      const mark = {
        enteredInErrorAt: at,
        enteredInErrorBy: actor.userId,
        enteredInErrorReason: reason,
      };
      let version: number | undefined;
      if (record instanceof DosingSession) {
        // Sessions are versioned (API.md): If-Match is honoured and the mark is a new version.
        checkIfMatch(expectedVersion, record.version);
        if (record.enteredInErrorAt) {
          throw new UnprocessableEntityException(`${label} is already marked entered in error`);
        }
        version = record.version + 1;
        const result = await em.update(
          DosingSession,
          { id, version: record.version, enteredInErrorAt: IsNull() },
          { ...mark, version, updatedAt: at },
        );
        if (result.affected !== 1) {
          const current = await em.findOne(DosingSession, {
            where: { id },
            select: { id: true, version: true },
          });
          throw versionMismatch(current?.version ?? version);
        }
      } else {
        const result = await em.update(entity, { id, enteredInErrorAt: IsNull() }, mark);
        if (result.affected !== 1) {
          throw new UnprocessableEntityException(`${label} is already marked entered in error`);
        }
      }
      await this.audit.record(em, actor, {
        action: 'entered_in_error',
        resourceType: resource,
        resourceId: id,
        patientId: record.patientId,
        clinicId: record.clinicId,
      });
      await this.afterMark(em, actor, record, label, reason);
      const marker = await em.findOne(User, {
        where: { id: actor.userId },
        select: { id: true, name: true },
      });
      return {
        resourceType: resource,
        id,
        enteredInError: {
          at: at.toISOString(),
          by: actor.userId,
          byName: marker?.name ?? null,
          reason,
        },
        ...(version === undefined ? {} : { version }),
      };
    });
  }

  /**
   * A session that did not happen asks nothing of the patient: its follow-up links not yet answered
   * expire now (the self-report page answers them 410 like any expired link) and messages still
   * queued to send them are cancelled, so the patient is not sent a dead link.
   */
  private async closeFollowUps(em: EntityManager, actor: Actor, session: DosingSession) {
    const now = new Date();
    const open = await em.find(FollowUpRequest, {
      where: { sessionId: session.id, completedAt: IsNull(), expiresAt: MoreThan(now) },
      select: { id: true, opensAt: true },
    });
    if (open.length === 0) return;
    const ids = open.map((f) => f.id);
    // A window not yet open closes as it opens, so the request reads as expired from now on.
    for (const f of open) {
      await em.update(
        FollowUpRequest,
        { id: f.id },
        { expiresAt: now, opensAt: f.opensAt < now ? f.opensAt : now },
      );
    }
    await em.update(
      OutboxMessage,
      { followUpId: In(ids), status: 'queued' },
      { status: 'failed', lastError: 'session entered in error' },
    );
    for (const id of ids) {
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'follow_up_request',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
    }
  }

  /**
   * Flags are recomputed without the record: an active flag that no longer holds because the
   * records that raised it are now entered in error is resolved in the marking user's name (the
   * rules' own re-evaluation keeps the flags other records still raise) -- unless that user may not
   * resolve it (a nurse, on misuse.* / tolerance.*, or on item 9 without a screener since): then it
   * stays open with its evidence withdrawn (issue 19). The board hears about it after the commit.
   */
  private async afterMark(
    em: EntityManager,
    actor: Actor,
    record: Amendable,
    label: string,
    reason: string,
  ): Promise<void> {
    const ids = new Set<string>([record.id]);
    // A session's observations and side effects leave the course with it.
    if (record instanceof DosingSession) {
      await this.closeFollowUps(em, actor, record);
      await this.courses.afterWithdrawn(em, actor, record);
      for (const child of [
        ...(await em.find(Observation, { where: { sessionId: record.id }, select: { id: true } })),
        ...(await em.find(SideEffect, { where: { sessionId: record.id }, select: { id: true } })),
      ])
        ids.add(child.id);
    }
    await this.signals.evaluatePatient(em, record.patientId, {
      actor,
      enteredInError: {
        ids,
        what: `the ${label === 'PHQ-9' || label === 'C-SSRS screener' ? label : label.toLowerCase()}`,
        reason,
      },
    });
    this.events.publish({
      type: 'session',
      clinicId: record.clinicId,
      sessionId: record.sessionId ?? (record instanceof DosingSession ? record.id : null),
      patientId: record.patientId,
    });
  }
}
