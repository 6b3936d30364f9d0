import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, isClinicMember } from '../common/auth/actor';
import { ScopeViolation } from '../common/auth/scope-violation';
import { DosingSession } from './dosing-session.entity';

/** A session of one of the actor's clinics, else 404 (and the attempt audited): see common/auth/scope.ts. */
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
