import { BadRequestException, Injectable } from '@nestjs/common';
import {
  evaluateScreening,
  type ListResponse,
  SCREENING_ITEMS,
  type ScreeningDto,
  type ScreeningItem,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { notInFuture } from '../common/http/time-checks';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import type { PaginationQuery } from '../common/validation/pagination.dto';
import { pageOfPatientRecords } from '../patients/patient-record-list';
import { patientInScope } from '../patients/patient-scope';
import { toScreeningDto, userNames } from './course.mapper';
import type { CreateScreeningDto } from './dto/course.dto';
import { Screening } from './screening.entity';

const MISSING_MESSAGE: Record<string, string> = {
  consentAt: 'consentAt is required: the date of informed consent (CLINICAL.md s9)',
  remsEnrolledAt:
    "remsEnrolledAt is required for esketamine: the patient's REMS enrolment date (CLINICAL.md s9)",
};

/** The screening before a course (CLINICAL.md s9): psychiatrist only, classified on recording. */
@Injectable()
export class ScreeningsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, patientId: string, dto: CreateScreeningDto): Promise<ScreeningDto> {
    const screenedAt = new Date(dto.screenedAt);
    notInFuture('screenedAt', screenedAt);
    const consentAt = new Date(dto.consentAt);
    notInFuture('consentAt', consentAt);
    const remsEnrolledAt = dto.remsEnrolledAt ? new Date(dto.remsEnrolledAt) : null;
    if (remsEnrolledAt) notInFuture('remsEnrolledAt', remsEnrolledAt);
    if (remsEnrolledAt && dto.drug !== 'esketamine') {
      throw new BadRequestException(['remsEnrolledAt is for esketamine only']);
    }
    const notes: Partial<Record<ScreeningItem, string>> = {};
    for (const item of SCREENING_ITEMS) {
      const text = dto.notes?.[item]?.trim();
      if (text) notes[item] = text;
    }
    const evaluation = evaluateScreening(
      dto.drug,
      dto.answers,
      notes,
      consentAt,
      remsEnrolledAt,
      screenedAt,
    );
    if (evaluation.missing.length > 0) {
      throw new BadRequestException(
        evaluation.missing.map((field) =>
          field.startsWith('notes.')
            ? `${field} is required: the psychiatrist's documented decision for a "yes" (CLINICAL.md s9)`
            : (MISSING_MESSAGE[field] ?? `${field} is required`),
        ),
      );
    }
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const answers = Object.fromEntries(
        SCREENING_ITEMS.map((item) => [item, dto.answers[item]]),
      ) as Screening['answers'];
      const screening = em.create(Screening, {
        id: newId(),
        patientId,
        clinicId: patient.clinicId,
        drug: dto.drug,
        screenedAt,
        answers,
        notes,
        concomitant: [...new Set(dto.concomitant ?? [])],
        consentAt,
        remsEnrolledAt,
        result: evaluation.result,
        absolute: evaluation.absolute,
        relative: evaluation.relative,
        unknown: evaluation.unknown,
        recordedBy: actor.userId,
        createdAt: new Date(),
      });
      await em.insert(Screening, screening);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'screening',
        resourceId: screening.id,
        patientId,
        clinicId: patient.clinicId,
      });
      return toScreeningDto(screening, await userNames(em, [actor.userId]));
    });
  }

  /** Newest first. */
  async list(
    actor: Actor,
    patientId: string,
    query: PaginationQuery,
  ): Promise<ListResponse<ScreeningDto>> {
    return this.db.transaction(async (em) => {
      const { rows, total } = await pageOfPatientRecords(em, this.audit, actor, patientId, query, {
        entity: Screening,
        order: { screenedAt: 'DESC', createdAt: 'DESC' },
        resourceType: 'screening',
      });
      const names = await userNames(
        em,
        rows.map((r) => r.recordedBy),
      );
      return { items: rows.map((r) => toScreeningDto(r, names)), total };
    });
  }
}
