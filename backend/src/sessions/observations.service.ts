import { BoardEvents } from '../realtime/board-events.service';
import {
  BadRequestException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  cadss6Total,
  minutesSinceDose,
  type ObservationDto,
  type SideEffectDto,
  validateObservationMeasurements,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { sessionInScope } from './session-scope';
import { AuditService } from '../common/audit/audit.service';
import { notInFuture } from '../common/http/time-checks';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import type { DosingSession } from './dosing-session.entity';
import type { CreateObservationDto, CreateSideEffectDto } from './dto/session.dto';
import { Observation } from './observation.entity';
import { toObservationDto, toSideEffectDto } from './session.mapper';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { SessionsService } from './sessions.service';
import { SideEffect } from './side-effect.entity';

/** A session entered in error is out of the record: nothing more is added to it. */
function refuseEnteredInError(session: DosingSession): void {
  if (session.enteredInErrorAt) {
    throw new UnprocessableEntityException(
      'The session was marked entered in error; record on the correct session',
    );
  }
}

/** A pre-dose reading may be taken up to this long before the dose start. */
const PRE_DOSE_WINDOW_MS = 24 * 3_600_000;

@Injectable()
export class ObservationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly events: BoardEvents,
  ) {}

  async record(
    actor: Actor,
    sessionId: string,
    dto: CreateObservationDto,
  ): Promise<ObservationDto> {
    const errors = validateObservationMeasurements(dto);
    if (errors.length > 0) throw new BadRequestException(errors);
    const recordedAt = new Date(dto.recordedAt);
    notInFuture('recordedAt', recordedAt);
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, sessionId);
      refuseEnteredInError(session);
      if (session.status === 'discharged') {
        throw new UnprocessableEntityException(
          'The session is discharged; observations can no longer be added',
        );
      }
      // An ordered session takes its pre-dose readings (v2); a cancelled order takes none.
      if (session.status === 'cancelled') {
        throw new UnprocessableEntityException(
          'The order was cancelled; observations can no longer be added',
        );
      }
      if (recordedAt.getTime() < session.startedAt.getTime() - PRE_DOSE_WINDOW_MS) {
        throw new BadRequestException(['recordedAt must be within 24 hours before the dose start']);
      }
      const observation = em.create(Observation, {
        id: newId(),
        sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
        recordedAt,
        minutesSinceDose: minutesSinceDose(session.startedAt, recordedAt),
        systolic: dto.systolic ?? null,
        diastolic: dto.diastolic ?? null,
        heartRate: dto.heartRate ?? null,
        spo2: dto.spo2 ?? null,
        respiratoryRate: dto.respiratoryRate ?? null,
        moaas: dto.moaas ?? null,
        cadss6: dto.cadss6 ?? null,
        cadss6Total: dto.cadss6 ? cadss6Total(dto.cadss6) : null,
        recordedBy: actor.userId,
        createdAt: new Date(),
      });
      await em.insert(Observation, observation);
      // Rules first: a critical flag they raise blocks discharge readiness.
      await this.signals.evaluatePatient(em, session.patientId, { actor });
      await this.sessions.evaluateReadiness(em, session, new Date());
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'observation',
        resourceId: observation.id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      this.events.publish({
        type: 'observation',
        clinicId: session.clinicId,
        sessionId,
        patientId: session.patientId,
      });
      return toObservationDto(observation);
    });
  }

  async recordSideEffect(
    actor: Actor,
    sessionId: string,
    dto: CreateSideEffectDto,
  ): Promise<SideEffectDto> {
    const onsetAt = new Date(dto.onsetAt);
    notInFuture('onsetAt', onsetAt);
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, sessionId);
      refuseEnteredInError(session);
      if (session.status === 'ordered' || session.status === 'cancelled') {
        throw new UnprocessableEntityException(
          `The session is ${session.status}: no dose was given, so no side effect of it`,
        );
      }
      if (onsetAt < session.startedAt)
        throw new BadRequestException(['onsetAt must not be before the dose start']);
      const sideEffect = em.create(SideEffect, {
        id: newId(),
        sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
        type: dto.type,
        severity: dto.severity,
        onsetAt,
        notes: dto.notes ?? null,
        serious: dto.serious ?? false,
        seriousCriterion: dto.serious === true ? (dto.seriousCriterion ?? null) : null,
        recordedBy: actor.userId,
        createdAt: new Date(),
      });
      await em.insert(SideEffect, sideEffect);
      await this.signals.evaluatePatient(em, session.patientId, { actor });
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'side_effect',
        resourceId: sideEffect.id,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      this.events.publish({
        type: 'side_effect',
        clinicId: session.clinicId,
        sessionId,
        patientId: session.patientId,
      });
      return toSideEffectDto(sideEffect);
    });
  }
}
