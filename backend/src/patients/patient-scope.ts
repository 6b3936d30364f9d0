import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, isClinicMember } from '../common/auth/actor';
import { ScopeViolation } from '../common/auth/scope-violation';
import { Patient } from './patient.entity';

/** A patient of one of the actor's clinics, else 404 (and the attempt audited): see common/auth/scope.ts. */
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
