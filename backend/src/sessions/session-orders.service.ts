import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import { minutesSinceDose, preDoseChecks, type SessionDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { Db } from '../common/transactions/db.service';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { BoardEvents } from '../realtime/board-events.service';
import { DosingSession } from './dosing-session.entity';
import type { CancelSessionDto, StartSessionDto } from './dto/session.dto';
import { Observation } from './observation.entity';
import {
  SESSION_COURSES,
  SESSION_FLAGS,
  SESSION_FOLLOW_UPS,
  type SessionCourses,
  type SessionFlags,
  type SessionFollowUps,
} from './session-hooks';
import { sessionInScope } from './session-scope';
import { isRetrospective, startTime } from './session-times';
import { SessionsService } from './sessions.service';

/**
 * v2 (CLINICAL.md s3 "Ordered, then started"; API.md "Ordered and started sessions"): the nurse
 * starts an ordered session after the pre-dose checks, or the order is cancelled before the dose.
 */
@Injectable()
export class SessionOrdersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly events: BoardEvents,
    @Inject(SESSION_FOLLOW_UPS) private readonly followUps: SessionFollowUps,
    @Inject(SESSION_FLAGS) private readonly flags: SessionFlags,
    @Inject(SESSION_COURSES) private readonly courses: SessionCourses,
  ) {}

  /** The pre-dose checks of a session for a dose start at `startedAt`. */
  async checks(em: EntityManager, session: DosingSession, startedAt: Date) {
    const observations = await em.find(Observation, {
      where: { sessionId: session.id, enteredInErrorAt: IsNull() },
    });
    return preDoseChecks({
      startedAt,
      observations,
      openCriticalFlags: await this.flags.openCriticalOfPatient(em, session.patientId),
      // The course's valid screening (s9) and the protocol's minimum interval (s8).
      extraChecks: await this.courses.preDoseChecks(em, session, startedAt),
    });
  }

  async start(
    actor: Actor,
    id: string,
    dto: StartSessionDto,
    expectedVersion?: number,
  ): Promise<SessionDto> {
    const startedAt = startTime(dto.startedAt);
    const requestedAt = new Date();
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, id);
      checkIfMatch(expectedVersion, session.version);
      refuseUnlessOrdered(session, 'started');
      const previous = await em.findOne(DosingSession, {
        where: {
          patientId: session.patientId,
          enteredInErrorAt: IsNull(),
          status: Not('cancelled'),
          id: Not(session.id),
          sessionNumber: MoreThan(0),
        },
        order: { sessionNumber: 'DESC' },
        select: { id: true, startedAt: true },
      });
      if (previous && startedAt <= previous.startedAt) {
        throw new UnprocessableEntityException(
          `startedAt must be after the previous session's start (${previous.startedAt.toISOString()})`,
        );
      }
      const result = await this.checks(em, session, startedAt);
      let overrideReason: string | null = null;
      if (!result.ok) {
        if (!dto.overrideReason) {
          throw new UnprocessableEntityException({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: result.failing,
          });
        }
        if (actor.role !== 'psychiatrist') {
          throw new ForbiddenException(
            'Only a psychiatrist can start a dose despite failed pre-dose checks',
          );
        }
        overrideReason = dto.overrideReason;
      }
      const changes = {
        status: 'in_progress' as const,
        startedAt,
        startedBy: actor.userId,
        retrospective: isRetrospective(startedAt, requestedAt),
        startOverrideReason: overrideReason,
        startOverriddenChecks: overrideReason === null ? null : result.failing,
        version: session.version + 1,
        updatedAt: new Date(),
      };
      await this.update(em, session, expectedVersion, changes);
      // The readings taken while ordered are pre-dose readings: their minutes count from the start.
      const observations = await em.find(Observation, { where: { sessionId: id } });
      for (const o of observations) {
        const minutes = minutesSinceDose(startedAt, o.recordedAt);
        if (minutes !== o.minutesSinceDose)
          await em.update(Observation, { id: o.id }, { minutesSinceDose: minutes });
      }
      await this.audit.record(em, actor, {
        action: 'start',
        resourceType: 'session',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
        // The override is audited by the checks it set aside; its reason stays on the session.
        details:
          overrideReason === null
            ? null
            : {
                change: 'session.start_override',
                before: { status: 'ordered' },
                after: {
                  status: 'in_progress',
                  overriddenChecks: result.checks.filter((c) => !c.ok).map((c) => c.id),
                },
              },
      });
      await this.followUps.ensureForSession(em, session);
      await this.courses.afterGiven(em, actor, session);
      await this.signals.evaluatePatient(em, session.patientId, { actor });
      this.events.publish({
        type: 'session',
        clinicId: session.clinicId,
        sessionId: id,
        patientId: session.patientId,
      });
      return this.sessions.load(em, session);
    });
  }

  async cancel(
    actor: Actor,
    id: string,
    dto: CancelSessionDto,
    expectedVersion?: number,
  ): Promise<SessionDto> {
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, id);
      checkIfMatch(expectedVersion, session.version);
      refuseUnlessOrdered(session, 'cancelled');
      // The order gives its number back: cancelled orders count down from -1, so the next session
      // takes the number this one had (numbers count the sessions given or pending).
      const lowest = await em.findOne(DosingSession, {
        where: { patientId: session.patientId },
        order: { sessionNumber: 'ASC' },
        select: { id: true, sessionNumber: true },
      });
      const changes = {
        status: 'cancelled' as const,
        sessionNumber: Math.min(0, lowest?.sessionNumber ?? 0) - 1,
        // ... and its number within the course (CLINICAL.md s8: numbers count doses given or pending).
        courseSessionNumber: null,
        cancelledAt: new Date(),
        cancelledBy: actor.userId,
        cancelReason: dto.reason,
        version: session.version + 1,
        updatedAt: new Date(),
      };
      await this.update(em, session, expectedVersion, changes);
      await this.audit.record(em, actor, {
        action: 'cancel',
        resourceType: 'session',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      this.events.publish({
        type: 'session',
        clinicId: session.clinicId,
        sessionId: id,
        patientId: session.patientId,
      });
      return this.sessions.load(em, session);
    });
  }

  /** Optimistic update on the version read: a concurrent start or cancel loses with 409/412. */
  private async update(
    em: EntityManager,
    session: DosingSession,
    expectedVersion: number | undefined,
    changes: Partial<DosingSession>,
  ): Promise<void> {
    const result = await em.update(
      DosingSession,
      { id: session.id, version: session.version, status: 'ordered' },
      changes,
    );
    if (result.affected === 0) {
      if (expectedVersion !== undefined) throw versionMismatch(session.version + 1);
      throw new ConflictException(
        'The session changed meanwhile (started or cancelled); reload it',
      );
    }
    Object.assign(session, changes);
  }
}

function refuseUnlessOrdered(session: DosingSession, action: 'started' | 'cancelled'): void {
  if (session.enteredInErrorAt) {
    throw new UnprocessableEntityException('The session was entered in error');
  }
  if (session.status === 'ordered') return;
  if (action === 'cancelled' && session.status !== 'cancelled') {
    throw new UnprocessableEntityException(
      `The session is ${session.status === 'in_progress' ? 'in progress' : session.status}: ` +
        'only an ordered session can be cancelled (a dose given by mistake is entered in error)',
    );
  }
  // Another user got there first (or the request was repeated): a conflict, not bad input.
  throw new ConflictException(
    `The session is already ${session.status === 'in_progress' ? 'in progress' : session.status}`,
  );
}
