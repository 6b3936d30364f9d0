import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, In, IsNull, Not } from 'typeorm';
import {
  type CourseDto,
  GIVEN_SESSION_STATUSES,
  inductionCount,
  type ListResponse,
  proposeNextSession,
  screeningValidFor,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { Clinic } from '../clinics/clinic.entity';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { newId } from '../common/ids';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { Db } from '../common/transactions/db.service';
import { page, type PaginationQuery } from '../common/validation/pagination.dto';
import { Patient } from '../patients/patient.entity';
import { patientInScope } from '../patients/patient-scope';
import { DosingSession } from '../sessions/dosing-session.entity';
import { courseInScope } from './course-scope';
import { baselineOfCourse, toCourseDto, toScreeningDto, userNames } from './course.mapper';
import type { CoursePhaseDto, CreateCourseDto, EndCourseDto } from './dto/course.dto';
import { Protocol } from './protocol.entity';
import { requireVisibleProtocol } from './protocols.service';
import { Screening } from './screening.entity';
import { TreatmentCourse } from './treatment-course.entity';

/**
 * Treatment courses (CLINICAL.md s8; API.md "Treatment courses (v2)"): started by a psychiatrist
 * from a valid screening and a protocol, moved to maintenance, ended with a reason. Each write is
 * one transaction with its audit entry and re-evaluates the patient's signals.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
  ) {}

  async create(actor: Actor, patientId: string, dto: CreateCourseDto): Promise<CourseDto> {
    const now = new Date();
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      await lockPatient(em, this.db.kind, patientId);
      const open = await openCourseOf(em, patientId);
      if (open) {
        throw new UnprocessableEntityException(
          `The patient has a ${open.drug} ${open.route} course that has not ended (${open.phase}); end it before starting another`,
        );
      }
      const screening = await em.findOne(Screening, { where: { id: dto.screeningId, patientId } });
      if (!screening) {
        throw new UnprocessableEntityException('screeningId must be a screening of this patient');
      }
      const protocol = await requireVisibleProtocol(em, patient.clinicId, dto.protocolId);
      if (protocol.drug !== screening.drug) {
        throw new UnprocessableEntityException(
          `protocolId: the protocol is for ${protocol.drug}, the screening for ${screening.drug}`,
        );
      }
      if (!screeningValidFor(screening, now)) {
        throw new UnprocessableEntityException(
          `screeningId: the screening of ${screening.screenedAt.toISOString().slice(0, 10)} is no longer valid (30 days, CLINICAL.md s9); record a new one`,
        );
      }
      const contraindicated = screening.result === 'contraindicated';
      if (contraindicated && !dto.overrideReason) {
        throw new UnprocessableEntityException(
          `overrideReason is required: the screening found absolute contraindications (${screening.absolute.join(', ')})`,
        );
      }
      const course = em.create(TreatmentCourse, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        protocolId: protocol.id,
        drug: protocol.drug,
        route: protocol.route,
        kind: dto.kind,
        origin: 'clinical',
        phase: 'induction',
        startedAt: now,
        maintenanceAt: null,
        maintenanceReason: null,
        maintenanceBy: null,
        endedAt: null,
        endReason: null,
        endNote: null,
        endedBy: null,
        screeningId: screening.id,
        // Only a contraindicated screening is overridden (it raises screening.override).
        overrideReason: contraindicated ? (dto.overrideReason ?? null) : null,
        overrideBy: contraindicated ? actor.userId : null,
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
        patientId,
        clinicId: patient.clinicId,
      });
      await this.signals.evaluatePatient(em, patientId, { actor });
      return this.load(em, course);
    });
  }

  /** Newest first. */
  async list(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<CourseDto>> {
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const { take, skip } = page(query);
      const [rows, total] = await em.findAndCount(TreatmentCourse, {
        where: { patientId },
        order: { startedAt: 'DESC', createdAt: 'DESC', id: 'ASC' },
        take,
        skip,
      });
      const items: CourseDto[] = [];
      for (const row of rows) items.push(await this.load(em, row));
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'course',
        patientId,
        clinicId: patient.clinicId,
      });
      return { items, total };
    });
  }

  async get(actor: Actor, id: string): Promise<CourseDto> {
    return this.db.transaction(async (em) => {
      const course = await courseInScope(em, actor, id);
      const dto = await this.load(em, course);
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'course',
        resourceId: id,
        patientId: course.patientId,
        clinicId: course.clinicId,
      });
      return dto;
    });
  }

  /** Induction -> maintenance (s8): a reason is required before the induction count is reached. */
  async phase(
    actor: Actor,
    id: string,
    dto: CoursePhaseDto,
    expectedVersion?: number,
  ): Promise<CourseDto> {
    return this.db.transaction(async (em) => {
      const course = await courseInScope(em, actor, id);
      checkIfMatch(expectedVersion, course.version);
      if (course.phase !== 'induction') {
        throw new UnprocessableEntityException(
          `The course is in ${course.phase}, not in induction: only an induction moves to maintenance`,
        );
      }
      const protocol = course.protocolId
        ? await em.findOne(Protocol, { where: { id: course.protocolId } })
        : null;
      if (protocol && protocol.maintenance === null) {
        throw new UnprocessableEntityException(
          `${protocol.name} has no maintenance phase (none was studied); end the course instead`,
        );
      }
      const given = await givenSessionsOf(em, course.id);
      const count = inductionCount(protocol);
      const reason = dto.reason?.trim() || null;
      if (given.length < count && reason === null) {
        throw new UnprocessableEntityException(
          `reason is required: ${String(given.length)} of ${String(count)} induction sessions given`,
        );
      }
      const changes = {
        phase: 'maintenance' as const,
        maintenanceAt: new Date(),
        maintenanceReason: reason,
        maintenanceBy: actor.userId,
        version: course.version + 1,
        updatedAt: new Date(),
      };
      await update(em, course, expectedVersion, changes);
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'course',
        resourceId: id,
        patientId: course.patientId,
        clinicId: course.clinicId,
        details: {
          change: 'course.phase',
          before: { phase: 'induction' },
          after: { phase: 'maintenance' },
        },
      });
      await this.signals.evaluatePatient(em, course.patientId, { actor });
      return this.load(em, course);
    });
  }

  async end(
    actor: Actor,
    id: string,
    dto: EndCourseDto,
    expectedVersion?: number,
  ): Promise<CourseDto> {
    return this.db.transaction(async (em) => {
      const course = await courseInScope(em, actor, id);
      checkIfMatch(expectedVersion, course.version);
      if (course.phase === 'ended') {
        throw new UnprocessableEntityException('The course has already ended');
      }
      const pending = await em.findOne(DosingSession, {
        where: { courseId: id, status: In(['ordered', 'in_progress']), enteredInErrorAt: IsNull() },
        select: { id: true, sessionNumber: true, status: true },
      });
      if (pending) {
        throw new UnprocessableEntityException(
          `Session ${String(pending.sessionNumber)} of the course is ${pending.status === 'ordered' ? 'ordered and not started (cancel it first)' : 'in progress (discharge it first)'}`,
        );
      }
      const before = course.phase;
      const changes = {
        phase: 'ended' as const,
        endedAt: new Date(),
        endReason: dto.reason,
        endNote: dto.note?.trim() || null,
        endedBy: actor.userId,
        version: course.version + 1,
        updatedAt: new Date(),
      };
      await update(em, course, expectedVersion, changes);
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'course',
        resourceId: id,
        patientId: course.patientId,
        clinicId: course.clinicId,
        details: {
          change: 'course.end',
          before: { phase: before },
          after: { phase: 'ended', endReason: dto.reason },
        },
      });
      await this.signals.evaluatePatient(em, course.patientId, { actor });
      return this.load(em, course);
    });
  }

  /** The course as the API shows it: protocol, screening, baseline, sessions given. */
  async load(em: EntityManager, course: TreatmentCourse): Promise<CourseDto> {
    const protocol = course.protocolId
      ? await em.findOne(Protocol, { where: { id: course.protocolId } })
      : null;
    const screening = course.screeningId
      ? await em.findOne(Screening, { where: { id: course.screeningId } })
      : null;
    const given = await givenSessionsOf(em, course.id);
    const phq9 = await em.find(Phq9Assessment, {
      where: { patientId: course.patientId, enteredInErrorAt: IsNull() },
      order: { administeredAt: 'ASC' },
      select: { id: true, administeredAt: true, total: true, valid: true, recall: true },
    });
    // The protocol's proposal for the course's next session (CLINICAL.md s8), in the clinic's days.
    const clinic =
      protocol === null || course.phase === 'ended'
        ? null
        : await em.findOne(Clinic, { where: { id: course.clinicId }, select: { timezone: true } });
    const nextDue =
      protocol === null || course.phase === 'ended'
        ? null
        : proposeNextSession({
            protocol: {
              id: protocol.id,
              name: protocol.name,
              drug: protocol.drug,
              route: protocol.route,
              induction: protocol.induction,
              maintenance: protocol.maintenance,
              dosePlan: protocol.dosePlan,
            },
            phase: course.phase,
            courseSessions: given.map((s) => ({
              startedAt: s.startedAt,
              doseMg: s.doseMg,
              doseMgPerKg: s.doseMgPerKg,
            })),
            maintenanceAt: course.maintenanceAt,
            timeZone: clinic?.timezone ?? null,
            now: new Date(),
          });
    return toCourseDto(course, {
      nextDue,
      protocol,
      screening: screening
        ? toScreeningDto(screening, await userNames(em, [screening.recordedBy]))
        : null,
      baseline: baselineOfCourse(given, phq9),
      sessionCount: given.length,
      firstSessionAt: given[0]?.startedAt ?? null,
    });
  }
}

/** The patient's course that has not ended, if any (at most one, CLINICAL.md s8). */
export function openCourseOf(
  em: EntityManager,
  patientId: string,
): Promise<TreatmentCourse | null> {
  return em.findOne(TreatmentCourse, {
    where: { patientId, phase: Not('ended') },
    order: { startedAt: 'DESC' },
  });
}

/** The course's doses given and in force, in order of start. */
export function givenSessionsOf(em: EntityManager, courseId: string): Promise<DosingSession[]> {
  return em.find(DosingSession, {
    where: {
      courseId,
      status: In([...GIVEN_SESSION_STATUSES]),
      enteredInErrorAt: IsNull(),
    },
    order: { startedAt: 'ASC' },
  });
}

/**
 * One course write per patient at a time (PostgreSQL; SQLite runs one unit of work at a time), so
 * two requests cannot both open a course.
 */
export async function lockPatient(
  em: EntityManager,
  kind: 'postgres' | 'sqlite',
  patientId: string,
): Promise<void> {
  if (kind !== 'postgres') return;
  await em.findOne(Patient, {
    where: { id: patientId },
    lock: { mode: 'for_no_key_update' },
    select: { id: true },
  });
}

/** Optimistic update on the version read: a concurrent change loses with 412 (If-Match) or 422. */
async function update(
  em: EntityManager,
  course: TreatmentCourse,
  expectedVersion: number | undefined,
  changes: Partial<TreatmentCourse>,
): Promise<void> {
  const result = await em.update(
    TreatmentCourse,
    { id: course.id, version: course.version },
    changes,
  );
  if (result.affected === 0) {
    if (expectedVersion !== undefined) throw versionMismatch(course.version + 1);
    throw new UnprocessableEntityException('The course changed meanwhile; reload it');
  }
  Object.assign(course, changes);
}
