import { Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import {
  computeCourseResponse,
  type CourseSummaryDto,
  courseRecords,
  coursePhq9History,
  sessionGiven,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { Db } from '../common/transactions/db.service';
import { Clinic } from '../clinics/clinic.entity';
import { courseInScope } from '../courses/course-scope';
import { CoursesService } from '../courses/courses.service';
import { Protocol } from '../courses/protocol.entity';
import { toProtocolDto } from '../courses/course.mapper';
import { TreatmentCourse } from '../courses/treatment-course.entity';
import { Flag } from '../flags/flag.entity';
import { patientInScope } from '../patients/patient-scope';
import { DosingSession } from '../sessions/dosing-session.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { ThresholdsService } from '../thresholds/thresholds.service';
import {
  flagsOfCourse,
  screeningOfCourse,
  toSummaryFlag,
  toSummarySession,
  toSummarySideEffect,
} from './course-summary.mapper';

/**
 * The printable course summary (API.md "REMS and printing (v2)"): one course of a patient with
 * its protocol, screening, sessions, PHQ-9s against the course baseline, response, side effects
 * and flags. Records entered in error are left out. The read is audited (`course_summary`).
 */
@Injectable()
export class CourseSummaryService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly courses: CoursesService,
    private readonly thresholds: ThresholdsService,
  ) {}

  async summary(actor: Actor, patientId: string, courseId?: string): Promise<CourseSummaryDto> {
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const course = await this.courseOf(em, actor, patientId, courseId);
      const clinic = await em.findOneOrFail(Clinic, { where: { id: patient.clinicId } });
      const t = await this.thresholds.forClinic(em, patient.clinicId);

      const allCourses = await em.find(TreatmentCourse, {
        where: { patientId },
        select: { id: true, startedAt: true, endedAt: true },
      });
      const patientSessions = await em.find(DosingSession, {
        where: { patientId, enteredInErrorAt: IsNull() },
        order: { startedAt: 'ASC', sessionNumber: 'ASC' },
      });
      const phq9 = await em.find(Phq9Assessment, {
        where: { patientId, enteredInErrorAt: IsNull() },
        order: { administeredAt: 'ASC', createdAt: 'ASC' },
      });

      // The course's sessions: given and ordered ones; a cancelled order gave its number back.
      const sessions = patientSessions.filter(
        (s) => s.courseId === course.id && s.status !== 'cancelled',
      );
      const given = patientSessions
        .filter((s) => sessionGiven(s.status))
        .map((s) => ({
          id: s.id,
          courseId: s.courseId,
          // Numbered within the course, as the patient page's response chart (CLINICAL.md s5 v2).
          sessionNumber: s.courseSessionNumber ?? s.sessionNumber,
          startedAt: s.startedAt,
          doseMg: s.doseMg,
        }));
      const records = { courses: allCourses, sessions: given, phq9 };
      const response = computeCourseResponse(records, course.id, t);
      const ofCourse = courseRecords(records, course.id, t);
      if (response === null || ofCourse === null) throw new NotFoundException('Course not found');
      const history = new Map(
        coursePhq9History(ofCourse.phq9, response.baseline, t).map((row) => [row.id, row]),
      );

      const courseSessionIds = new Set(sessions.map((s) => s.id));
      const numberOf = new Map(sessions.map((s) => [s.id, s.courseSessionNumber]));
      const sideEffects =
        courseSessionIds.size === 0
          ? []
          : await em.find(SideEffect, {
              where: { sessionId: In([...courseSessionIds]), enteredInErrorAt: IsNull() },
              order: { onsetAt: 'ASC' },
            });
      const flags = await em.find(Flag, { where: { patientId }, order: { createdAt: 'ASC' } });
      const protocol = course.protocolId
        ? await em.findOne(Protocol, { where: { id: course.protocolId } })
        : null;
      const courseDto = await this.courses.load(em, course);

      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'course_summary',
        resourceId: course.id,
        patientId,
        clinicId: patient.clinicId,
      });

      return {
        generatedAt: new Date().toISOString(),
        clinic: { id: clinic.id, name: clinic.name, timeZone: clinic.timezone },
        patient: {
          id: patient.id,
          givenName: patient.givenName,
          familyName: patient.familyName,
          birthDate: patient.birthDate,
          sex: patient.sex,
          mrn: patient.mrn,
        },
        course: courseDto,
        protocol: protocol ? toProtocolDto(protocol) : null,
        screening: screeningOfCourse(courseDto),
        sessions: sessions.map(toSummarySession),
        phq9: ofCourse.phq9.map((a) => {
          const row = history.get(a.id);
          return {
            id: a.id,
            administeredAt: a.administeredAt.toISOString(),
            total: a.total,
            severity: a.severity,
            prorated: a.prorated,
            valid: a.valid,
            recall: a.recall,
            source: a.source,
            baseline: row?.baseline ?? false,
            changePct: row?.changePct ?? null,
            category: row?.category ?? null,
          };
        }),
        response,
        sideEffects: sideEffects.map((e) => toSummarySideEffect(e, numberOf)),
        flags: flagsOfCourse(flags, {
          course,
          courses: allCourses,
          courseSessionIds,
          firstSessionAt: given.find((s) => s.courseId === course.id)?.startedAt ?? null,
        }).map((f) => toSummaryFlag(f, numberOf)),
      };
    });
  }

  /** The course asked for (of this patient, else 404), or the patient's latest (none: 404). */
  private async courseOf(
    em: EntityManager,
    actor: Actor,
    patientId: string,
    courseId: string | undefined,
  ): Promise<TreatmentCourse> {
    if (courseId !== undefined) {
      const course = await courseInScope(em, actor, courseId);
      if (course.patientId !== patientId) throw new NotFoundException('Course not found');
      return course;
    }
    const latest = await em.findOne(TreatmentCourse, {
      where: { patientId },
      order: { startedAt: 'DESC', createdAt: 'DESC', id: 'ASC' },
    });
    if (!latest) throw new NotFoundException('The patient has no treatment course');
    return latest;
  }
}
