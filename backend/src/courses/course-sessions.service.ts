import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, In, IsNull, Not } from 'typeorm';
import {
  BUILT_IN_PROTOCOL_IDS,
  type Drug,
  type ExtraPreDoseCheck,
  GIVEN_SESSION_STATUSES,
  inductionCount,
  protocolIntervalCheck,
  type Route,
  SCREENING_VALID_DAYS,
  screeningValidCheck,
  screeningValidFor,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import { Clinic } from '../clinics/clinic.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import type { NewSessionCourseInput, SessionCourses } from '../sessions/session-hooks';
import { givenSessionsOf, lockPatient, openCourseOf } from './courses.service';
import { Protocol } from './protocol.entity';
import { Screening } from './screening.entity';
import { TreatmentCourse } from './treatment-course.entity';

/** The built-in template of s8 for a drug and route, or null (IM, oral, sublingual ketamine). */
export function builtInProtocolId(drug: Drug, route: Route): string | null {
  if (drug === 'esketamine' && route === 'intranasal') return BUILT_IN_PROTOCOL_IDS.esketamineUs;
  if (drug === 'ketamine' && route === 'iv') return BUILT_IN_PROTOCOL_IDS.ketamineIv;
  return null;
}

/**
 * What sessions/ asks of treatment courses (SESSION_COURSES): the course of a new session, the move
 * to maintenance when the induction count is reached, and the course's pre-dose checks.
 */
@Injectable()
export class CourseSessionsService implements SessionCourses {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async courseForNewSession(
    em: EntityManager,
    actor: Actor,
    input: NewSessionCourseInput,
  ): Promise<{ courseId: string; courseSessionNumber: number }> {
    await lockPatient(em, this.db.kind, input.patientId);
    let course: TreatmentCourse | null;
    if (input.courseId !== undefined) {
      course = await em.findOne(TreatmentCourse, { where: { id: input.courseId } });
      // Another patient's course is not found, whichever clinic it is in.
      if (!course || course.patientId !== input.patientId) {
        throw new NotFoundException('Course not found');
      }
      if (course.phase === 'ended') {
        throw new UnprocessableEntityException(
          'courseId: the course has ended; start a new treatment course',
        );
      }
    } else {
      course = await openCourseOf(em, input.patientId);
      // v1 behaviour in a clinic without courses: another drug or route starts another legacy course.
      if (course?.origin === 'legacy' && !sameTreatment(course, input)) {
        await this.endLegacy(em, actor, course);
        course = null;
      }
      if (!course) {
        if (await this.inCourseMode(em, input.clinicId)) {
          throw new UnprocessableEntityException(
            'courseId: the patient has no active treatment course; start a treatment course first',
          );
        }
        course = await this.startLegacy(em, actor, input);
      }
    }
    if (!sameTreatment(course, input)) {
      throw new UnprocessableEntityException(
        `courseId: the course is ${course.drug} ${course.route}, not ${input.drug} ${input.route}`,
      );
    }
    const numbered = await em.find(DosingSession, {
      where: { courseId: course.id, courseSessionNumber: Not(IsNull()) },
      order: { courseSessionNumber: 'DESC' },
      select: { id: true, courseSessionNumber: true },
      take: 1,
    });
    const last = numbered[0]?.courseSessionNumber ?? 0;
    if (last === 0 && course.origin === 'clinical') await this.requireScreening(em, course, input);
    return { courseId: course.id, courseSessionNumber: last + 1 };
  }

  async afterGiven(em: EntityManager, actor: Actor, session: DosingSession): Promise<void> {
    if (!session.courseId) return;
    const course = await em.findOne(TreatmentCourse, { where: { id: session.courseId } });
    if (!course || course.phase !== 'induction') return;
    const protocol = await this.protocolOf(em, course);
    if (protocol !== null && protocol.maintenance === null) return;
    const given = await givenSessionsOf(em, course.id);
    const count = inductionCount(protocol);
    if (given.length < count) return;
    const changes = {
      phase: 'maintenance' as const,
      maintenanceAt: given[count - 1].startedAt,
      maintenanceReason: null,
      maintenanceBy: null,
      version: course.version + 1,
      updatedAt: new Date(),
    };
    await em.update(TreatmentCourse, { id: course.id }, changes);
    await this.audit.record(em, actor, {
      action: 'update',
      resourceType: 'course',
      resourceId: course.id,
      patientId: course.patientId,
      clinicId: course.clinicId,
      details: {
        change: 'course.phase',
        reason: `induction count reached (${String(count)} sessions)`,
        before: { phase: 'induction' },
        after: { phase: 'maintenance' },
      },
    });
  }

  async afterWithdrawn(em: EntityManager, actor: Actor, session: DosingSession): Promise<void> {
    if (!session.courseId) return;
    const course = await em.findOne(TreatmentCourse, { where: { id: session.courseId } });
    // Only the engine's own move is undone: a psychiatrist's move (maintenanceBy) was a decision.
    if (!course || course.phase !== 'maintenance' || course.maintenanceBy !== null) return;
    const protocol = await this.protocolOf(em, course);
    const given = await givenSessionsOf(em, course.id);
    const count = inductionCount(protocol);
    if (given.length >= count) {
      // Still reached: the move dates from the session that now completes the count.
      const maintenanceAt = given[count - 1].startedAt;
      if (course.maintenanceAt?.getTime() === maintenanceAt.getTime()) return;
      await em.update(
        TreatmentCourse,
        { id: course.id },
        { maintenanceAt, version: course.version + 1, updatedAt: new Date() },
      );
      return;
    }
    await em.update(
      TreatmentCourse,
      { id: course.id },
      {
        phase: 'induction',
        maintenanceAt: null,
        version: course.version + 1,
        updatedAt: new Date(),
      },
    );
    await this.audit.record(em, actor, {
      action: 'update',
      resourceType: 'course',
      resourceId: course.id,
      patientId: course.patientId,
      clinicId: course.clinicId,
      details: {
        change: 'course.phase',
        reason: `a session was entered in error: ${String(given.length)} of ${String(count)} induction sessions given`,
        before: { phase: 'maintenance' },
        after: { phase: 'induction' },
      },
    });
  }

  async preDoseChecks(
    em: EntityManager,
    session: DosingSession,
    startedAt: Date,
  ): Promise<ExtraPreDoseCheck[]> {
    if (!session.courseId) return [];
    const course = await em.findOne(TreatmentCourse, { where: { id: session.courseId } });
    // A legacy course stands for a clinic that does not use courses: its checks are v1's.
    if (!course || course.origin === 'legacy') return [];
    const previous = await em.findOne(DosingSession, {
      where: {
        courseId: course.id,
        id: Not(session.id),
        status: In([...GIVEN_SESSION_STATUSES]),
        enteredInErrorAt: IsNull(),
      },
      order: { startedAt: 'DESC' },
      select: { id: true, startedAt: true },
    });
    const checks: ExtraPreDoseCheck[] = [];
    if (course.origin === 'clinical' && previous === null) {
      const screening = course.screeningId
        ? await em.findOne(Screening, { where: { id: course.screeningId } })
        : null;
      checks.push(screeningValidCheck(screening, startedAt));
    }
    const protocol = await this.protocolOf(em, course);
    if (protocol !== null) {
      const clinic = await em.findOne(Clinic, {
        where: { id: course.clinicId },
        select: { id: true, timezone: true },
      });
      checks.push(
        protocolIntervalCheck({
          phase: course.phase,
          protocol,
          previousStartedAt: previous?.startedAt ?? null,
          startedAt,
          timeZone: clinic?.timezone ?? null,
        }),
      );
    }
    return checks;
  }

  /** A clinic is in course mode once it has a clinical or migrated course (docs/decisions.md). */
  private async inCourseMode(em: EntityManager, clinicId: string): Promise<boolean> {
    const found = await em.findOne(TreatmentCourse, {
      where: { clinicId, origin: In(['clinical', 'migrated']) },
      select: { id: true },
    });
    return found !== null;
  }

  /** CLINICAL.md s9: the first session of a clinical course needs its screening valid then. */
  private async requireScreening(
    em: EntityManager,
    course: TreatmentCourse,
    input: NewSessionCourseInput,
  ): Promise<void> {
    const screening = course.screeningId
      ? await em.findOne(Screening, { where: { id: course.screeningId } })
      : null;
    if (!screening) {
      throw new UnprocessableEntityException(
        "screening: the course has no screening; record one before the course's first session",
      );
    }
    if (!screeningValidFor(screening, input.at)) {
      throw new UnprocessableEntityException(
        `${input.atField}: the course's screening of ${screening.screenedAt.toISOString().slice(0, 10)} ` +
          `is not valid then (a first session starts within ${String(SCREENING_VALID_DAYS)} days after the screening); record a new screening`,
      );
    }
  }

  private async protocolOf(em: EntityManager, course: TreatmentCourse): Promise<Protocol | null> {
    return course.protocolId ? em.findOne(Protocol, { where: { id: course.protocolId } }) : null;
  }

  private async startLegacy(
    em: EntityManager,
    actor: Actor,
    input: NewSessionCourseInput,
  ): Promise<TreatmentCourse> {
    const earlier = await em.findOne(TreatmentCourse, {
      where: { patientId: input.patientId, drug: input.drug },
      select: { id: true },
    });
    const now = new Date();
    const course = em.create(TreatmentCourse, {
      id: newId(),
      patientId: input.patientId,
      clinicId: input.clinicId,
      protocolId: builtInProtocolId(input.drug, input.route),
      drug: input.drug,
      route: input.route,
      kind: earlier ? 'reinduction' : 'initial',
      origin: 'legacy',
      phase: 'induction',
      startedAt: input.at,
      maintenanceAt: null,
      maintenanceReason: null,
      maintenanceBy: null,
      endedAt: null,
      endReason: null,
      endNote: null,
      endedBy: null,
      screeningId: null,
      overrideReason: null,
      overrideBy: null,
      createdBy: actor.userId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await em.insert(TreatmentCourse, course);
    await this.audit.record(em, actor, {
      action: 'create',
      resourceType: 'course',
      resourceId: course.id,
      patientId: input.patientId,
      clinicId: input.clinicId,
    });
    return course;
  }

  private async endLegacy(em: EntityManager, actor: Actor, course: TreatmentCourse): Promise<void> {
    const before = course.phase;
    await em.update(
      TreatmentCourse,
      { id: course.id },
      {
        phase: 'ended',
        endedAt: new Date(),
        endReason: 'other',
        endNote:
          'Closed when a session of another drug or route was recorded (no treatment courses in use)',
        endedBy: actor.userId,
        version: course.version + 1,
        updatedAt: new Date(),
      },
    );
    await this.audit.record(em, actor, {
      action: 'update',
      resourceType: 'course',
      resourceId: course.id,
      patientId: course.patientId,
      clinicId: course.clinicId,
      details: { change: 'course.end', before: { phase: before }, after: { phase: 'ended' } },
    });
  }
}

function sameTreatment(course: TreatmentCourse, input: { drug: Drug; route: Route }): boolean {
  return course.drug === input.drug && course.route === input.route;
}
