import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type CssrsDto,
  type CssrsField,
  cssrsRisk,
  cssrsSkipProblems,
  type ListResponse,
  type SafetyPlanDto,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { BoardEvents } from '../realtime/board-events.service';
import type { Actor } from '../common/auth/actor';
import { pageOfPatientRecords } from '../patients/patient-record-list';
import { patientInScope } from '../patients/patient-scope';
import { AuditService } from '../common/audit/audit.service';
import { requireIfMatch, versionMismatch } from '../common/http/etag';
import { notInFuture } from '../common/http/time-checks';
import { newId } from '../common/ids';
import type { PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import { Patient } from '../patients/patient.entity';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { CssrsScreening } from './cssrs-screening.entity';
import type { CreateCssrsDto } from './dto/cssrs.dto';
import type { PutSafetyPlanDto } from './dto/safety-plan.dto';
import { SafetyPlan } from './safety-plan.entity';
import { toCssrsDto, toSafetyPlanDto, userNames } from './suicide-risk.mapper';

/** The question a follow-up depends on (CLINICAL.md s10 skip logic). */
const ASKED_AFTER: Partial<Record<CssrsField, 'suicidalThoughts' | 'behavior'>> = {
  method: 'suicidalThoughts',
  intent: 'suicidalThoughts',
  plan: 'suicidalThoughts',
  behaviorPast3Months: 'behavior',
};

/** A 400 message naming the field that breaks the skip logic. */
function skipMessage(dto: CreateCssrsDto, field: CssrsField): string {
  const parent = ASKED_AFTER[field];
  if (parent === undefined) return `${field} must be a boolean value`;
  return dto[parent] === true
    ? `${field} is required when ${parent} is true`
    : `${field} must not be answered when ${parent} is false (the question is not asked)`;
}

const PLAN_FIELDS = [
  'warningSigns',
  'copingStrategies',
  'socialDistractions',
  'helpContacts',
  'professionalContacts',
  'meansSafety',
  'reasonsForLiving',
] as const;

/**
 * The suicide-risk workflow (CLINICAL.md s10, API.md "Suicide risk"): C-SSRS screeners, whose
 * Columbia triage level raises the suicide_risk.* flags, and the versioned safety plan.
 */
@Injectable()
export class SuicideRiskService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly events: BoardEvents,
  ) {}

  async recordCssrs(actor: Actor, patientId: string, dto: CreateCssrsDto): Promise<CssrsDto> {
    const problems = cssrsSkipProblems(dto);
    if (problems.length > 0) {
      throw new BadRequestException(problems.map((field) => skipMessage(dto, field)));
    }
    const administeredAt = new Date(dto.administeredAt);
    notInFuture('administeredAt', administeredAt);
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      if (dto.phq9Id) {
        const phq9 = await em.findOne(Phq9Assessment, {
          where: { id: dto.phq9Id, patientId },
          select: { id: true },
        });
        if (!phq9) throw new BadRequestException(['phq9Id must be a PHQ-9 of this patient']);
      }
      const answers = {
        wishDead: dto.wishDead,
        suicidalThoughts: dto.suicidalThoughts,
        method: dto.method ?? null,
        intent: dto.intent ?? null,
        plan: dto.plan ?? null,
        behavior: dto.behavior,
        behaviorPast3Months: dto.behaviorPast3Months ?? null,
      };
      const screening = em.create(CssrsScreening, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        administeredAt,
        ...answers,
        risk: cssrsRisk(answers),
        phq9Id: dto.phq9Id ?? null,
        recordedBy: actor.userId,
        createdAt: new Date(),
      });
      await em.insert(CssrsScreening, screening);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'cssrs',
        resourceId: screening.id,
        patientId,
        clinicId: patient.clinicId,
      });
      await this.signals.evaluatePatient(em, patientId, { actor });
      this.events.publish({
        type: 'cssrs',
        clinicId: patient.clinicId,
        sessionId: null,
        patientId,
      });
      return toCssrsDto(screening, await userNames(em, [actor.userId]));
    });
  }

  async listCssrs(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<CssrsDto>> {
    return this.db.transaction(async (em) => {
      const { rows: rows, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: CssrsScreening,
          order: { administeredAt: 'DESC', createdAt: 'DESC' },
          resourceType: 'cssrs',
        },
      );
      const names = await userNames(
        em,
        rows.flatMap((r) => [r.recordedBy, r.enteredInErrorBy ?? null]),
      );
      return { items: rows.map((r) => toCssrsDto(r, names)), total };
    });
  }

  async safetyPlan(actor: Actor, patientId: string): Promise<SafetyPlanDto> {
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const current = await this.currentPlan(em, patientId);
      if (!current) throw new NotFoundException('The patient has no safety plan');
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'safety_plan',
        resourceId: current.id,
        patientId,
        clinicId: patient.clinicId,
      });
      return toSafetyPlanDto(current, await userNames(em, [current.updatedBy]));
    });
  }

  /**
   * Writes version n+1 (the first plan: version 1). When a plan exists the caller must say which
   * version it edited (If-Match): none is 428, another is 412, so nobody overwrites a newer plan
   * unseen. Earlier versions are kept.
   */
  async putSafetyPlan(
    actor: Actor,
    patientId: string,
    expectedVersion: number | undefined,
    dto: PutSafetyPlanDto,
  ): Promise<SafetyPlanDto> {
    const lines = (list: string[]): string[] =>
      list.map((entry) => entry.trim()).filter((entry) => entry !== '');
    const fields = {
      warningSigns: lines(dto.warningSigns),
      copingStrategies: lines(dto.copingStrategies),
      socialDistractions: lines(dto.socialDistractions),
      helpContacts: lines(dto.helpContacts),
      professionalContacts: lines(dto.professionalContacts),
      meansSafety: dto.meansSafety.trim(),
      reasonsForLiving: dto.reasonsForLiving.trim(),
    };
    if (PLAN_FIELDS.every((field) => fields[field].length === 0)) {
      throw new BadRequestException([
        `the safety plan is empty: at least one of ${PLAN_FIELDS.join(', ')} must have content`,
      ]);
    }
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      // One writer per patient at a time (PostgreSQL; SQLite runs one unit of work at a time), so
      // two saves of the same version cannot both become n+1.
      if (this.db.kind === 'postgres') {
        await em.findOne(Patient, {
          where: { id: patientId },
          lock: { mode: 'for_no_key_update' },
          select: { id: true },
        });
      }
      const current = await this.currentPlan(em, patientId);
      if (current && expectedVersion === undefined) requireIfMatch(undefined);
      if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
        throw versionMismatch(current?.version ?? 0);
      }
      const plan = em.create(SafetyPlan, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        version: (current?.version ?? 0) + 1,
        ...fields,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      });
      await em.insert(SafetyPlan, plan);
      await this.audit.record(em, actor, {
        action: current ? 'update' : 'create',
        resourceType: 'safety_plan',
        resourceId: plan.id,
        patientId,
        clinicId: patient.clinicId,
      });
      return toSafetyPlanDto(plan, await userNames(em, [actor.userId]));
    });
  }

  async safetyPlanVersions(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<SafetyPlanDto>> {
    return this.db.transaction(async (em) => {
      const { rows: rows, total } = await pageOfPatientRecords(
        em,
        this.audit,
        actor,
        patientId,
        query,
        {
          entity: SafetyPlan,
          order: { version: 'DESC' },
          resourceType: 'safety_plan',
        },
      );
      const names = await userNames(
        em,
        rows.map((r) => r.updatedBy),
      );
      return { items: rows.map((r) => toSafetyPlanDto(r, names)), total };
    });
  }

  private currentPlan(em: EntityManager, patientId: string): Promise<SafetyPlan | null> {
    return em.findOne(SafetyPlan, { where: { patientId }, order: { version: 'DESC' } });
  }
}
