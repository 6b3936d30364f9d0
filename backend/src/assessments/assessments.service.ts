import { BoardEvents } from '../realtime/board-events.service';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Patient } from '../patients/patient.entity';
import { In, IsNull, LessThan } from 'typeorm';
import {
  GIVEN_SESSION_STATUSES,
  hoursBetween,
  type ListResponse,
  type Phq9Dto,
  type Phq9Source,
  type RecallPeriod,
  type RiskEventDto,
  scorePhq9,
  type SideEffectDto,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { pageOfPatientRecords } from '../patients/patient-record-list';
import { patientInScope } from '../patients/patient-scope';
import { AuditService } from '../common/audit/audit.service';
import { notInFuture } from '../common/http/time-checks';
import { newId } from '../common/ids';
import type { PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import { DosingSession } from '../sessions/dosing-session.entity';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { nameMarkers } from '../users/marks';
import { toSideEffectDto } from '../sessions/session.mapper';
import { SideEffect } from '../sessions/side-effect.entity';
import { toPhq9Dto, toRiskEventDto } from './assessment.mapper';
import type { CreatePhq9Dto, CreateRiskEventDto } from './dto/assessment.dto';
import { Phq9Assessment } from './phq9-assessment.entity';
import { RiskEvent } from './risk-event.entity';

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly thresholds: ThresholdsService,
    private readonly events: BoardEvents,
  ) {}

  async recordPhq9(actor: Actor, patientId: string, dto: CreatePhq9Dto): Promise<Phq9Dto> {
    const administeredAt = new Date(dto.administeredAt);
    notInFuture('administeredAt', administeredAt);
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      if (dto.sessionId) {
        const linked = await em.findOne(DosingSession, {
          where: { id: dto.sessionId, patientId },
          select: { id: true },
        });
        if (!linked) throw new BadRequestException(['sessionId must be a session of this patient']);
      }
      const assessment = await this.insertPhq9(em, patient, { ...dto, administeredAt }, actor);
      return toPhq9Dto(assessment);
    });
  }

  /**
   * Scores and stores a PHQ-9 inside the caller's transaction, audits it, runs the rules and
   * announces it on the board. `actor` is null for a patient's own self-report (the audit row then
   * carries the request's address).
   */
  async insertPhq9(
    em: EntityManager,
    patient: Pick<Patient, 'id' | 'clinicId'>,
    input: {
      administeredAt: Date;
      items: (number | null)[];
      item10?: number | null;
      recall: RecallPeriod;
      sessionId?: string | null;
      source?: Phq9Source;
    },
    actor: Actor | null,
    ip: string | null = null,
  ): Promise<Phq9Assessment> {
    const t = await this.thresholds.forClinic(em, patient.clinicId);
    const score = scorePhq9(input.items, { maxMissingItems: t.phq9.maxMissingItems });
    // Hours since dose count from the latest session that began before the questionnaire (CLINICAL.md s5).
    const dose = await em.findOne(DosingSession, {
      where: {
        patientId: patient.id,
        startedAt: LessThan(input.administeredAt),
        enteredInErrorAt: IsNull(),
        // Only a dose given (v2): an ordered session's startedAt is its planned time.
        status: In([...GIVEN_SESSION_STATUSES]),
      },
      order: { startedAt: 'DESC' },
      select: { id: true, startedAt: true },
    });
    const [i1, i2, i3, i4, i5, i6, i7, i8, i9] = input.items;
    const assessment = em.create(Phq9Assessment, {
      id: newId(),
      patientId: patient.id,
      clinicId: patient.clinicId,
      sessionId: input.sessionId ?? null,
      administeredAt: input.administeredAt,
      item1: i1 ?? null,
      item2: i2 ?? null,
      item3: i3 ?? null,
      item4: i4 ?? null,
      item5: i5 ?? null,
      item6: i6 ?? null,
      item7: i7 ?? null,
      item8: i8 ?? null,
      item9: i9 ?? null,
      item10: input.item10 ?? null,
      total: score.total,
      severity: score.severity,
      prorated: score.prorated,
      valid: score.valid,
      item9Positive: score.item9Positive,
      recall: input.recall,
      source: input.source ?? 'clinic',
      hoursSinceDose: dose ? hoursBetween(dose.startedAt, input.administeredAt) : null,
      recordedBy: actor?.userId ?? null,
      createdAt: new Date(),
    });
    await em.insert(Phq9Assessment, assessment);
    const event = {
      action: 'create' as const,
      resourceType: 'phq9',
      resourceId: assessment.id,
      patientId: patient.id,
      clinicId: patient.clinicId,
    };
    if (actor) await this.audit.record(em, actor, event);
    else await this.audit.recordAs(em, { userId: null, role: null, ip }, event);
    await this.signals.evaluatePatient(em, patient.id, { actor });
    this.events.publish({
      type: 'phq9',
      clinicId: patient.clinicId,
      sessionId: assessment.sessionId,
      patientId: patient.id,
    });
    return assessment;
  }

  async listPhq9(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<Phq9Dto>> {
    return this.db.transaction(async (em) => {
      const { rows: rows, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: Phq9Assessment,
          order: { administeredAt: 'DESC', createdAt: 'DESC' },
          resourceType: 'phq9',
        },
      );
      const items = rows.map((r) => toPhq9Dto(r));
      await nameMarkers(em, items);
      return { items, total };
    });
  }

  async recordRiskEvent(
    actor: Actor,
    patientId: string,
    dto: CreateRiskEventDto,
  ): Promise<RiskEventDto> {
    const occurredAt = new Date(dto.occurredAt);
    notInFuture('occurredAt', occurredAt);
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const event = em.create(RiskEvent, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        type: dto.type,
        occurredAt,
        notes: dto.notes ?? null,
        recordedBy: actor.userId,
        createdAt: new Date(),
      });
      await em.insert(RiskEvent, event);
      await this.signals.evaluatePatient(em, patientId, { actor });
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'risk_event',
        resourceId: event.id,
        patientId,
        clinicId: patient.clinicId,
      });
      return toRiskEventDto(event);
    });
  }

  async listRiskEvents(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<RiskEventDto>> {
    return this.db.transaction(async (em) => {
      const { rows: rows, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: RiskEvent,
          order: { occurredAt: 'DESC' },
          resourceType: 'risk_event',
        },
      );
      const items = rows.map((r) => toRiskEventDto(r));
      await nameMarkers(em, items);
      return { items, total };
    });
  }

  async listSideEffects(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<SideEffectDto>> {
    return this.db.transaction(async (em) => {
      const { rows: rows, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: SideEffect,
          order: { onsetAt: 'DESC' },
          resourceType: 'side_effect',
        },
      );
      const items = rows.map((r) => toSideEffectDto(r));
      await nameMarkers(em, items);
      return { items, total };
    });
  }
}
