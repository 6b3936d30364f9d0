import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, isClinicMember } from '../common/auth/actor';
import { ScopeViolation } from '../common/auth/scope-violation';
import { TreatmentCourse } from './treatment-course.entity';

/** A course of one of the actor's clinics, else 404 (and the attempt audited): see common/auth/scope.ts. */
export async function courseInScope(
  em: EntityManager,
  actor: Actor,
  courseId: string,
): Promise<TreatmentCourse> {
  const course = await em.findOne(TreatmentCourse, { where: { id: courseId } });
  if (!course) throw new NotFoundException('Course not found');
  if (!isClinicMember(actor, course.clinicId)) {
    throw new ScopeViolation(
      actor,
      'course',
      courseId,
      course.patientId,
      course.clinicId,
      'Course not found',
    );
  }
  return course;
}
