import { type EntityManager, In } from 'typeorm';
import {
  courseBaseline,
  type CourseBaselineDto,
  type CourseDto,
  type CourseProposalDto,
  type ProtocolDto,
  type ResponseAssessmentInput,
  DAY_MS,
  SCREENING_VALID_DAYS,
  type ScreeningDto,
} from '@clinic/shared';
import { User } from '../users/user.entity';
import type { Protocol } from './protocol.entity';
import type { Screening } from './screening.entity';
import type { TreatmentCourse } from './treatment-course.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The names of these users, in one query (a user no longer known: absent). */
export async function userNames(
  em: EntityManager,
  ids: Iterable<string | null>,
): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await em.find(User, {
    where: { id: In(unique) },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

export function toProtocolDto(p: Protocol): ProtocolDto {
  return {
    id: p.id,
    clinicId: p.clinicId,
    name: p.name,
    drug: p.drug,
    route: p.route,
    builtIn: p.builtIn,
    basedOnId: p.basedOnId,
    source: p.source,
    induction: p.induction,
    maintenance: p.maintenance,
    dosePlan: p.dosePlan,
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy,
  };
}

export function toScreeningDto(s: Screening, names: Map<string, string>): ScreeningDto {
  return {
    id: s.id,
    patientId: s.patientId,
    drug: s.drug,
    screenedAt: s.screenedAt.toISOString(),
    answers: s.answers,
    notes: s.notes,
    concomitant: s.concomitant,
    consentAt: s.consentAt.toISOString(),
    remsEnrolledAt: iso(s.remsEnrolledAt),
    result: s.result,
    absolute: s.absolute,
    relative: s.relative,
    unknown: s.unknown,
    validUntil: new Date(s.screenedAt.getTime() + SCREENING_VALID_DAYS * DAY_MS).toISOString(),
    recordedBy: s.recordedBy ?? '',
    recordedByName: s.recordedBy === null ? null : (names.get(s.recordedBy) ?? null),
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * The course baseline (CLINICAL.md s5) from the course's given sessions and the patient's PHQ-9s:
 * the one place to swap in a per-course baseline function.
 */
export function baselineOfCourse(
  sessions: { startedAt: Date }[],
  phq9: (ResponseAssessmentInput & { total: number | null })[],
): CourseBaselineDto | null {
  const baseline = courseBaseline(sessions, phq9);
  if (baseline === null || baseline.total === null) return null;
  return {
    phq9Id: baseline.id,
    administeredAt: new Date(baseline.administeredAt).toISOString(),
    total: baseline.total,
  };
}

export interface CourseExtras {
  protocol: Protocol | null;
  screening: ScreeningDto | null;
  baseline: CourseBaselineDto | null;
  sessionCount: number;
  firstSessionAt: Date | null;
  /** The protocol's proposal for the next session (null: ended, or no protocol). */
  nextDue?: CourseProposalDto | null;
}

export function toCourseDto(c: TreatmentCourse, extras: CourseExtras): CourseDto {
  return {
    id: c.id,
    patientId: c.patientId,
    clinicId: c.clinicId,
    protocolId: c.protocolId,
    protocolName: extras.protocol?.name ?? null,
    drug: c.drug,
    route: c.route,
    kind: c.kind,
    origin: c.origin,
    phase: c.phase,
    startedAt: c.startedAt.toISOString(),
    firstSessionAt: iso(extras.firstSessionAt),
    maintenanceAt: iso(c.maintenanceAt),
    maintenanceReason: c.maintenanceReason,
    endedAt: iso(c.endedAt),
    endReason: c.endReason,
    endNote: c.endNote,
    baseline: extras.baseline,
    sessionCount: extras.sessionCount,
    screeningId: c.screeningId,
    screening: extras.screening,
    overrideReason: c.overrideReason,
    nextDue: extras.nextDue ?? null,
    version: c.version,
  };
}
