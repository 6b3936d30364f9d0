import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Patient } from '../../patients/patient.entity';
import { DosingSession } from '../../sessions/dosing-session.entity';
import { type Actor, isClinicMember } from './actor';
import { ScopeViolation } from './scope-violation';

/**
 * Clinic scoping (Immich's requireAccess pattern): every service loads records through these, so a
 * record of another clinic is indistinguishable from a missing one (404) and the attempt is audited.
 */
export function requireClinic(actor: Actor, clinicId: string): void {
  if (!isClinicMember(actor, clinicId)) {
    throw new ScopeViolation(actor, 'clinic', clinicId, null, clinicId, 'Clinic not found');
  }
}

export async function patientInScope(
  em: EntityManager,
  actor: Actor,
  patientId: string,
): Promise<Patient> {
  const patient = await em.findOne(Patient, { where: { id: patientId } });
  if (!patient) throw new NotFoundException('Patient not found');
  if (!isClinicMember(actor, patient.clinicId)) {
    throw new ScopeViolation(
      actor,
      'patient',
      patientId,
      patientId,
      patient.clinicId,
      'Patient not found',
    );
  }
  return patient;
}

export async function sessionInScope(
  em: EntityManager,
  actor: Actor,
  sessionId: string,
): Promise<DosingSession> {
  const session = await em.findOne(DosingSession, { where: { id: sessionId } });
  if (!session) throw new NotFoundException('Session not found');
  if (!isClinicMember(actor, session.clinicId)) {
    throw new ScopeViolation(
      actor,
      'session',
      sessionId,
      session.patientId,
      session.clinicId,
      'Session not found',
    );
  }
  return session;
}

/** The clinics a list may show: the one asked for (if the actor belongs to it) or all of the actor's. */
export function clinicsForList(actor: Actor, clinicId: string | undefined): string[] {
  if (clinicId === undefined) return actor.clinicIds;
  requireClinic(actor, clinicId);
  return [clinicId];
}
