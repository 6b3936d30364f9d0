import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ListResponse, PatientDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { requireClinic } from '../common/auth/scope';
import { ScopedReads } from '../common/audit/scoped-read';
import { patientInScope } from './patient-scope';
import { AuditService } from '../common/audit/audit.service';
import { versionMismatch } from '../common/http/etag';
import { newId } from '../common/ids';
import { page } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import type { CreatePatientDto, ListPatientsQuery, UpdatePatientDto } from './dto/patient.dto';
import { Patient } from './patient.entity';
import { patientSearchText, toPatientDto } from './patient.mapper';

function checkBirthDate(birthDate: string | undefined, now = new Date()): void {
  if (birthDate === undefined) return;
  if (birthDate > now.toISOString().slice(0, 10))
    throw new BadRequestException(['birthDate must not be in the future']);
  if (birthDate < '1900-01-01')
    throw new BadRequestException(['birthDate must not be before 1900-01-01']);
}

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The words of a search, each of which must appear in the name or MRN: "Marlow, Dora",
 * "dora marlow" and "Marlow Dora" all find Dora Marlow (the list shows "family, given"). Commas
 * separate words like spaces; at most 8 words are used.
 */
export function searchWords(term: string | undefined): string[] {
  return (term ?? '')
    .split(/[\s,]+/)
    .filter((word) => word !== '')
    .slice(0, 8);
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scoped: ScopedReads,
  ) {}

  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    checkBirthDate(dto.birthDate);
    return this.db.transaction(async (em) => {
      requireClinic(actor, dto.clinicId);
      await this.assertMrnFree(em, dto.clinicId, dto.mrn, null);
      const now = new Date();
      const patient = em.create(Patient, {
        id: newId(),
        clinicId: dto.clinicId,
        mrn: dto.mrn,
        givenName: dto.givenName.trim(),
        familyName: dto.familyName.trim(),
        birthDate: dto.birthDate,
        sex: dto.sex,
        weightKg: dto.weightKg ?? null,
        email: dto.email?.trim().toLowerCase() ?? null,
        phone: dto.phone ?? null,
        searchText: '',
        version: 1,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      patient.searchText = patientSearchText(patient);
      await em.insert(Patient, patient);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'patient',
        resourceId: patient.id,
        patientId: patient.id,
        clinicId: patient.clinicId,
      });
      return toPatientDto(patient);
    });
  }

  async list(actor: Actor, query: ListPatientsQuery): Promise<ListResponse<PatientDto>> {
    return this.scoped.list(actor, {
      clinicId: query.clinicId,
      empty: () => ({ items: [], total: 0 }),
      load: async (em, clinicIds) => {
        const { take, skip } = page(query);
        const qb = em
          .createQueryBuilder(Patient, 'p')
          .where('p.clinic_id IN (:...clinicIds)', { clinicIds })
          .orderBy('p.family_name', 'ASC')
          .addOrderBy('p.given_name', 'ASC')
          .addOrderBy('p.id', 'ASC')
          .take(take)
          .skip(skip);
        searchWords(query.search).forEach((word, i) => {
          qb.andWhere(`p.search_text LIKE :word${i} ESCAPE '\\'`, {
            [`word${i}`]: likePattern(word),
          });
        });
        const [patients, total] = await qb.getManyAndCount();
        return {
          result: { items: patients.map(toPatientDto), total },
          audit: patients.map((p) => ({
            action: 'search' as const,
            resourceType: 'patient',
            resourceId: p.id,
            patientId: p.id,
            clinicId: p.clinicId,
          })),
        };
      },
    });
  }

  async get(actor: Actor, id: string): Promise<PatientDto> {
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, id);
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'patient',
        resourceId: id,
        patientId: id,
        clinicId: patient.clinicId,
      });
      return toPatientDto(patient);
    });
  }

  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    dto: UpdatePatientDto,
  ): Promise<PatientDto> {
    checkBirthDate(dto.birthDate);
    if (Object.values(dto).every((value) => value === undefined))
      throw new BadRequestException(['the body must change at least one field']);
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, id);
      if (patient.version !== expectedVersion) throw versionMismatch(patient.version);
      if (dto.mrn !== undefined && dto.mrn !== patient.mrn)
        await this.assertMrnFree(em, patient.clinicId, dto.mrn, id);
      const changes: Partial<Patient> = {};
      if (dto.mrn !== undefined) changes.mrn = dto.mrn;
      if (dto.givenName !== undefined) changes.givenName = dto.givenName.trim();
      if (dto.familyName !== undefined) changes.familyName = dto.familyName.trim();
      if (dto.birthDate !== undefined) changes.birthDate = dto.birthDate;
      if (dto.sex !== undefined) changes.sex = dto.sex;
      if (dto.weightKg !== undefined) changes.weightKg = dto.weightKg;
      if (dto.email !== undefined)
        changes.email = dto.email === null ? null : dto.email.trim().toLowerCase();
      if (dto.phone !== undefined) changes.phone = dto.phone;
      const next: Patient = {
        ...patient,
        ...changes,
        version: patient.version + 1,
        updatedAt: new Date(),
      };
      next.searchText = patientSearchText(next);
      const result = await em.update(
        Patient,
        { id, version: expectedVersion },
        {
          ...changes,
          searchText: next.searchText,
          version: next.version,
          updatedAt: next.updatedAt,
        },
      );
      if (result.affected === 0) throw versionMismatch(patient.version + 1);
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'patient',
        resourceId: id,
        patientId: id,
        clinicId: patient.clinicId,
      });
      return toPatientDto(next);
    });
  }

  private async assertMrnFree(
    em: EntityManager,
    clinicId: string,
    mrn: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await em.findOne(Patient, { where: { clinicId, mrn }, select: { id: true } });
    if (existing && existing.id !== exceptId)
      throw new ConflictException('mrn already exists in this clinic');
  }
}
