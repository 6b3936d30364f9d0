import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { FlagDto, ListResponse } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { clinicsForList, patientInScope } from '../common/auth/scope';
import { AuditService } from '../common/audit/audit.service';
import { page } from '../common/validation/pagination.dto';
import { Db } from '../database/db.service';
import type { ListFlagsQuery } from './dto/flag-query.dto';
import { Flag } from './flag.entity';
import { toFlagDto } from './flag.mapper';

@Injectable()
export class FlagsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListFlagsQuery): Promise<ListResponse<FlagDto>> {
    return this.db.transaction(async (em) => {
      const clinicIds = clinicsForList(actor, query.clinicId);
      if (query.patientId) await patientInScope(em, actor, query.patientId);
      if (clinicIds.length === 0) return { items: [], total: 0 };
      const { take, skip } = page(query);
      const [rows, total] = await em.findAndCount(Flag, {
        where: {
          clinicId: In(clinicIds),
          ...(query.patientId ? { patientId: query.patientId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.category ? { category: query.category } : {}),
          ...(query.severity ? { severity: query.severity } : {}),
        },
        order: { createdAt: 'DESC', id: 'ASC' },
        take,
        skip,
      });
      const patients = new Map(rows.map((f) => [f.patientId, f.clinicId]));
      await this.audit.recordMany(
        em,
        actor,
        [...patients].map(([patientId, clinicId]) => ({
          action: 'search',
          resourceType: 'flag',
          patientId,
          clinicId,
        })),
      );
      return { items: rows.map(toFlagDto), total };
    });
  }
}
