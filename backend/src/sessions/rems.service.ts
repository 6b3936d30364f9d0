import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, In, IsNull, LessThan } from 'typeorm';
import {
  GIVEN_SESSION_STATUSES,
  sessionGiven,
  type ClinicThresholds,
  DEFAULT_THRESHOLDS,
  REMS_ESKETAMINE_ONLY,
  remsForm,
  type RemsFormDto,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { sessionInScope } from './session-scope';
import { AuditService } from '../common/audit/audit.service';
import { Db } from '../common/transactions/db.service';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from './dosing-session.entity';
import { Observation } from './observation.entity';
import { SideEffect } from './side-effect.entity';

/** The Esketamine REMS Patient Monitoring Form of a session (CLINICAL.md s3), filled by remsForm. */
@Injectable()
export class RemsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async form(actor: Actor, sessionId: string): Promise<RemsFormDto> {
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, sessionId);
      if (session.drug !== 'esketamine')
        throw new UnprocessableEntityException(REMS_ESKETAMINE_ONLY);
      if (!sessionGiven(session.status))
        throw new UnprocessableEntityException(
          `The session is ${session.status}: a REMS form is for a dose given`,
        );
      const patient = await em.findOneByOrFail(Patient, { id: session.patientId });
      // Session numbers follow the order of dosing, so a lower number is an earlier session.
      const previousEsketamineSessions = await em.count(DosingSession, {
        where: {
          patientId: session.patientId,
          drug: 'esketamine',
          sessionNumber: LessThan(session.sessionNumber),
          enteredInErrorAt: IsNull(),
          status: In([...GIVEN_SESSION_STATUSES]),
        },
      });
      // Records entered in error are not part of the form.
      const observations = await em.find(Observation, {
        where: { sessionId, enteredInErrorAt: IsNull() },
        order: { recordedAt: 'ASC' },
      });
      const sideEffects = await em.find(SideEffect, {
        where: { sessionId, enteredInErrorAt: IsNull() },
        order: { onsetAt: 'ASC' },
      });
      const form = remsForm({
        patient,
        session,
        previousEsketamineSessions,
        observations,
        sideEffects,
        thresholds: await this.thresholdsFor(em, session.clinicId),
        now: new Date(),
      });
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'rems_form',
        resourceId: sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      return form;
    });
  }

  // The CLINICAL.md defaults for now; to be replaced by the clinic's own thresholds.
  private thresholdsFor(_em: EntityManager, _clinicId: string): Promise<ClinicThresholds> {
    return Promise.resolve(DEFAULT_THRESHOLDS);
  }
}
