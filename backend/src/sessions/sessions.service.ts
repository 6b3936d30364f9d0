import { BoardEvents } from '../realtime/board-events.service';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import {
  checkDose,
  dischargeReadiness,
  sessionGiven,
  type DischargeReadinessDto,
  type ListResponse,
  type SessionDto,
  type SessionSummaryDto,
} from '@clinic/shared';
import { nameMarkers } from '../users/marks';
import type { Actor } from '../common/auth/actor';
import { pageOfPatientRecords } from '../patients/patient-record-list';
import { patientInScope } from '../patients/patient-scope';
import { sessionInScope } from './session-scope';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { CLOCK_SKEW_MS, notInFuture } from '../common/http/time-checks';
import { newId } from '../common/ids';
import type { PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
  TIME_BASED_RULES,
} from '../common/records/patient-records-changed';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { DosingSession } from './dosing-session.entity';
import type { CreateSessionDto, DischargeDto } from './dto/session.dto';
import { Observation } from './observation.entity';
import {
  SESSION_COURSES,
  SESSION_FLAGS,
  SESSION_FOLLOW_UPS,
  type SessionCourses,
  type SessionFlags,
  type SessionFollowUps,
} from './session-hooks';
import { toSessionDto, toSessionSummaryDto } from './session.mapper';
import { isRetrospective, orderTimes } from './session-times';
import { SideEffect } from './side-effect.entity';

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly thresholds: ThresholdsService,
    private readonly events: BoardEvents,
    @Inject(SESSION_FOLLOW_UPS) private readonly followUps: SessionFollowUps,
    @Inject(SESSION_FLAGS) private readonly flags: SessionFlags,
    @Inject(SESSION_COURSES) private readonly courses: SessionCourses,
  ) {}

  async create(actor: Actor, patientId: string, dto: CreateSessionDto): Promise<SessionDto> {
    const requestedAt = new Date();
    const { startedAt, plannedAt, ordered } = orderTimes(dto, requestedAt);
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const weightKg = dto.weightKg ?? patient.weightKg;
      // The clinic's dose limits (never above CLINICAL.md s2) and, for IV ketamine, the required
      // infusion length (s2 v2).
      const thresholds = await this.thresholds.forClinic(em, patient.clinicId);
      const check = checkDose({
        drug: dto.drug,
        route: dto.route,
        doseMg: dto.doseMg,
        weightKg,
        limits: thresholds.doseLimits,
        infusionMinutes: dto.infusionMinutes ?? null,
      });
      if (check.errors.length > 0) throw new BadRequestException(check.errors);

      // Numbers count every session given or pending; a session entered in error neither blocks
      // nor orders the next, a cancelled order gave its number back (v2).
      const last = await em.findOne(DosingSession, {
        where: { patientId, sessionNumber: MoreThan(0) },
        order: { sessionNumber: 'DESC' },
        select: { id: true, sessionNumber: true },
      });
      const previous = await em.findOne(DosingSession, {
        where: { patientId, enteredInErrorAt: IsNull(), status: Not('cancelled') },
        order: { sessionNumber: 'DESC' },
      });
      if (previous?.status === 'in_progress') {
        throw new UnprocessableEntityException(
          `Session ${previous.sessionNumber} is still in progress; discharge it before ordering another`,
        );
      }
      if (previous?.status === 'ordered') {
        throw new UnprocessableEntityException(
          `Session ${previous.sessionNumber} is ordered and not started; start or cancel it before ordering another`,
        );
      }
      if (previous && startedAt <= previous.startedAt) {
        throw new UnprocessableEntityException(
          `${ordered ? 'plannedAt' : 'startedAt'} must be after the previous session's start (${previous.startedAt.toISOString()})`,
        );
      }
      // Every session belongs to a treatment course (CLINICAL.md s8; API.md "Treatment courses").
      const course = await this.courses.courseForNewSession(em, actor, {
        patientId,
        clinicId: patient.clinicId,
        courseId: dto.courseId,
        drug: dto.drug,
        route: dto.route,
        at: startedAt,
        atField: ordered ? 'plannedAt' : 'startedAt',
      });
      const now = new Date();
      const session = em.create(DosingSession, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        sessionNumber: (last?.sessionNumber ?? 0) + 1,
        drug: dto.drug,
        route: dto.route,
        doseMg: dto.doseMg,
        doseMgPerKg: check.doseMgPerKg,
        weightKg: weightKg ?? null,
        startedAt,
        infusionMinutes: dto.infusionMinutes ?? null,
        lotNumber: dto.lotNumber ?? null,
        concomitantMedications: dto.concomitantMedications ?? [],
        notes: dto.notes ?? null,
        doseWarnings: check.warnings,
        status: ordered ? 'ordered' : 'in_progress',
        plannedAt,
        retrospective: !ordered && isRetrospective(startedAt, requestedAt),
        startedBy: ordered ? null : actor.userId,
        startOverrideReason: null,
        startOverriddenChecks: null,
        cancelledAt: null,
        cancelledBy: null,
        cancelReason: null,
        courseId: course.courseId,
        courseSessionNumber: course.courseSessionNumber,
        readyAt: null,
        dischargedAt: null,
        dischargeOverrideReason: null,
        dischargedBy: null,
        orderedBy: actor.userId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(DosingSession, session);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'session',
        resourceId: session.id,
        patientId,
        clinicId: patient.clinicId,
      });
      // An ordered session is not a dose: its follow-ups and rules wait for its start.
      if (!ordered) {
        await this.followUps.ensureForSession(em, session);
        await this.courses.afterGiven(em, actor, session);
        await this.signals.evaluatePatient(em, patientId, { actor });
      }
      this.events.publish({
        type: 'session',
        clinicId: session.clinicId,
        sessionId: session.id,
        patientId,
      });
      return this.load(em, session);
    });
  }

  async listForPatient(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<SessionSummaryDto>> {
    return this.db.transaction(async (em) => {
      const { rows: sessions, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: DosingSession,
          order: { sessionNumber: 'DESC' },
          resourceType: 'session',
        },
      );
      const items = sessions.map((s) => toSessionSummaryDto(s));
      await nameMarkers(em, items);
      return { items, total };
    });
  }

  async get(actor: Actor, id: string): Promise<SessionDto> {
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, id);
      await this.signals.evaluatePatient(em, session.patientId, { actor, only: TIME_BASED_RULES });
      const dto = await this.load(em, session);
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'session',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      return dto;
    });
  }

  async readiness(actor: Actor, id: string): Promise<DischargeReadinessDto> {
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, id);
      await this.signals.evaluatePatient(em, session.patientId, { actor, only: TIME_BASED_RULES });
      const result = await this.evaluateReadiness(em, session, new Date());
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'discharge_readiness',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      return result;
    });
  }

  async discharge(
    actor: Actor,
    id: string,
    dto: DischargeDto,
    expectedVersion?: number,
  ): Promise<SessionDto> {
    const dischargedAt = new Date(dto.dischargedAt);
    notInFuture('dischargedAt', dischargedAt);
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, id);
      checkIfMatch(expectedVersion, session.version);
      if (session.status === 'discharged')
        throw new UnprocessableEntityException('The session is already discharged');
      if (session.status !== 'in_progress')
        throw new UnprocessableEntityException(`The session is ${session.status}, not in progress`);
      if (dischargedAt < session.startedAt)
        throw new BadRequestException(['dischargedAt must not be before the dose start']);
      const readiness = await this.evaluateReadiness(em, session, dischargedAt);
      let overrideReason: string | null = null;
      if (!readiness.ready) {
        if (!dto.overrideReason) {
          throw new UnprocessableEntityException({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: readiness.reasons,
          });
        }
        if (actor.role !== 'psychiatrist') {
          throw new ForbiddenException(
            'Only a psychiatrist can discharge a patient before the discharge criteria are met',
          );
        }
        overrideReason = dto.overrideReason;
      }
      const changes = {
        status: 'discharged' as const,
        dischargedAt,
        dischargedBy: actor.userId,
        dischargeOverrideReason: overrideReason,
        readyAt: readiness.readyAt ? new Date(readiness.readyAt) : null,
        version: session.version + 1,
        updatedAt: new Date(),
      };
      const result = await em.update(DosingSession, { id, version: session.version }, changes);
      if (result.affected === 0) {
        if (expectedVersion !== undefined) {
          const current = await em.findOne(DosingSession, {
            where: { id },
            select: { id: true, version: true },
          });
          throw versionMismatch(current?.version ?? session.version + 1);
        }
        throw new UnprocessableEntityException('The session changed while discharging; try again');
      }
      Object.assign(session, changes);
      await this.audit.record(em, actor, {
        action: 'discharge',
        resourceType: 'session',
        resourceId: id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      await this.signals.evaluatePatient(em, session.patientId, { actor });
      this.events.publish({
        type: 'discharge',
        clinicId: session.clinicId,
        sessionId: session.id,
        patientId: session.patientId,
      });
      return this.load(em, session);
    });
  }

  /** Readiness at `at` with the clinic's thresholds; keeps the stored readyAt current while in progress. */
  async evaluateReadiness(
    em: EntityManager,
    session: DosingSession,
    at: Date,
  ): Promise<DischargeReadinessDto> {
    if (!sessionGiven(session.status)) {
      const reason =
        session.status === 'cancelled'
          ? 'The order was cancelled; no dose was given'
          : 'The dose has not been started';
      return { ready: false, reasons: [reason], readyAt: null, monitoringEndsAt: null };
    }
    // One connection per transaction: queries run one after another.
    const observations = await em.find(Observation, {
      where: { sessionId: session.id, enteredInErrorAt: IsNull() },
      order: { recordedAt: 'ASC' },
    });
    // Every critical flag of the session: an open (or acknowledged) one makes readyAt null, a
    // resolved one breaks the stretch of readiness until its resolution (CLINICAL.md s3 v2).
    const criticalFlags = await this.flags.criticalOfSession(em, session.id);
    const result = dischargeReadiness({
      session: {
        drug: session.drug,
        route: session.route,
        startedAt: session.startedAt,
        infusionMinutes: session.infusionMinutes,
      },
      observations: observations.filter(
        (o) => o.recordedAt.getTime() <= at.getTime() + CLOCK_SKEW_MS,
      ),
      openCriticalFlags: criticalFlags.filter((f) => f.status !== 'resolved').length,
      criticalFlagsResolvedAt: criticalFlags.flatMap((f) =>
        f.status === 'resolved' && f.resolvedAt !== null ? [f.resolvedAt] : [],
      ),
      now: at,
      thresholds: await this.thresholds.forClinic(em, session.clinicId),
    });
    // While the patient is on site, readyAt follows the start of the current stretch in which every
    // non-time criterion has held (a later sedated reading starts the count again); discharge freezes it.
    if (session.status === 'in_progress') {
      const readyAt = result.readyAt ? new Date(result.readyAt) : null;
      if ((readyAt?.getTime() ?? null) !== (session.readyAt?.getTime() ?? null)) {
        session.readyAt = readyAt;
        await em.update(DosingSession, { id: session.id }, { readyAt });
      }
    }
    return {
      ready: result.ready,
      reasons: result.reasons,
      readyAt: session.readyAt?.toISOString() ?? null,
      monitoringEndsAt: result.monitoringEndsAt,
    };
  }

  async load(em: EntityManager, session: DosingSession): Promise<SessionDto> {
    const observations = await em.find(Observation, {
      where: { sessionId: session.id },
      order: { recordedAt: 'ASC' },
    });
    const sideEffects = await em.find(SideEffect, {
      where: { sessionId: session.id },
      order: { onsetAt: 'ASC' },
    });
    const flags = await this.flags.ofSession(em, session.id);
    const dto = toSessionDto(session, observations, sideEffects, flags);
    await nameMarkers(em, [dto, ...dto.observations, ...dto.sideEffects]);
    return dto;
  }
}
