import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { ClinicDto, ListResponse } from '@clinic/shared';
import { recordAdministration } from '../common/audit/admin-audit';
import { AuditService } from '../common/audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { newId } from '../common/ids';
import { page, type PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import { Clinic } from './clinic.entity';
import type { CreateClinicDto } from './dto/clinic.dto';

export const toClinicDto = (c: Clinic): ClinicDto => ({
  id: c.id,
  name: c.name,
  timezone: c.timezone,
});

@Injectable()
export class ClinicsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateClinicDto): Promise<ClinicDto> {
    const clinic: Clinic = {
      id: newId(),
      name: dto.name.trim(),
      timezone: dto.timezone,
      thresholds: null,
      thresholdsVersion: 1,
      crisisText: null,
      createdAt: new Date(),
    };
    await this.db.transaction(async (em) => {
      await em.insert(Clinic, clinic);
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'clinic',
        resourceId: clinic.id,
        clinicIds: [clinic.id],
        details: {
          change: 'clinic.create',
          before: {},
          after: { name: clinic.name, timezone: clinic.timezone },
        },
      });
    });
    return toClinicDto(clinic);
  }

  /** The actor's clinics; every clinic for an administrator. */
  async list(actor: Actor, query: PaginationQuery): Promise<ListResponse<ClinicDto>> {
    const { take, skip } = page(query);
    return this.db.read(async (em) => {
      const where = actor.role === 'admin' ? {} : { id: In(actor.clinicIds) };
      const [rows, total] = await em.findAndCount(Clinic, {
        where,
        order: { name: 'ASC' },
        take,
        skip,
      });
      return { items: rows.map(toClinicDto), total };
    });
  }
}
