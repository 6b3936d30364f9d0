import { NotFoundException } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import {
  type ClinicThresholds,
  computeCourseResponse,
  computeResponse,
  GIVEN_SESSION_STATUSES,
  type PatientResponseDto,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { TreatmentCourse } from './treatment-course.entity';

/** A patient's courses, given sessions and valid PHQ-9s, as the per-course response maths reads them. */
export interface PatientCourseRecords {
  courses: { id: string; startedAt: Date }[];
  sessions: {
    id: string;
    sessionNumber: number;
    courseSessionNumber: number | null;
    courseId: string | null;
    startedAt: Date;
    doseMg: number;
  }[];
  phq9: {
    id: string;
    administeredAt: Date;
    total: number | null;
    valid: boolean;
    recall: Phq9Assessment['recall'];
    source: Phq9Assessment['source'];
  }[];
}

/**
 * The records of CLINICAL.md s5 for one patient, in three queries: every course (the PHQ-9s of a
 * course end where the next one starts), the doses given and in force, the valid PHQ-9s in force.
 * Records entered in error take no part (API.md).
 */
export async function loadPatientCourseRecords(
  em: EntityManager,
  patientId: string,
): Promise<PatientCourseRecords> {
  const courses = await em.find(TreatmentCourse, {
    where: { patientId },
    order: { startedAt: 'ASC', id: 'ASC' },
    select: { id: true, startedAt: true },
  });
  const sessions = await em.find(DosingSession, {
    where: { patientId, enteredInErrorAt: IsNull(), status: In([...GIVEN_SESSION_STATUSES]) },
    order: { sessionNumber: 'ASC' },
    select: {
      id: true,
      sessionNumber: true,
      courseSessionNumber: true,
      courseId: true,
      startedAt: true,
      doseMg: true,
    },
  });
  const phq9 = await em.find(Phq9Assessment, {
    where: { patientId, valid: true, enteredInErrorAt: IsNull() },
    order: { administeredAt: 'ASC' },
    select: {
      id: true,
      administeredAt: true,
      total: true,
      valid: true,
      recall: true,
      source: true,
    },
  });
  return {
    courses,
    sessions: sessions.map((s) => ({ ...s, courseSessionNumber: s.courseSessionNumber ?? null })),
    phq9,
  };
}

/** The latest course by start (then id, as `courseRecords` orders them), or null. */
export function latestCourseId(courses: readonly { id: string; startedAt: Date }[]): string | null {
  const sorted = [...courses].sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id),
  );
  return sorted.length === 0 ? null : sorted[sorted.length - 1].id;
}

/**
 * The response of one course (CLINICAL.md s5 v2; API.md `GET /patients/:id/response?courseId=`):
 * the course's baseline, status, best change and session lines from its own sessions and PHQ-9s,
 * each line with its number within the course. `courseId` absent: the latest course. A course of
 * another patient (or none such) is 404. A patient without any course (no session yet) gets the v1
 * answer over all PHQ-9s, with `courseId: null`.
 */
export function courseResponse(
  records: PatientCourseRecords,
  courseId: string | undefined,
  t: ClinicThresholds,
): PatientResponseDto {
  if (courseId !== undefined && !records.courses.some((c) => c.id === courseId)) {
    throw new NotFoundException('Course not found');
  }
  const chosen = courseId ?? latestCourseId(records.courses);
  if (chosen === null)
    return { courseId: null, ...computeResponse(records.sessions, records.phq9, t) };
  const response = computeCourseResponse(records, chosen, t);
  // courseRecords knows every course given: the chosen one is among them.
  if (response === null) throw new NotFoundException('Course not found');
  return response;
}
