import { Injectable } from '@nestjs/common';
import type { AuditEntryDto, ListResponse } from '@clinic/shared';
import { Db } from '../../database/db.service';
import type { Actor } from '../auth/actor';
import { clinicsForList } from '../auth/scope';
import { page } from '../validation/pagination.dto';
import { AuditEntry } from './audit-entry.entity';
import type { AuditQuery } from './dto/audit-query.dto';

export function toAuditEntryDto(e: AuditEntry): AuditEntryDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    patientId: e.patientId,
    clinicId: e.clinicId,
    ip: e.ip,
    outcome: e.outcome,
  };
}

/** Reading the audit log: managers see their clinics' entries, administrators every entry. */
@Injectable()
export class AuditLogService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, query: AuditQuery): Promise<ListResponse<AuditEntryDto>> {
    return this.db.transaction(async (em) => {
      const qb = em.createQueryBuilder(AuditEntry, 'a');
      if (actor.role === 'admin') {
        if (query.clinicId) qb.andWhere('a.clinic_id = :clinicId', { clinicId: query.clinicId });
      } else {
        const clinicIds = clinicsForList(actor, query.clinicId);
        if (clinicIds.length === 0) return { items: [], total: 0 };
        qb.andWhere('a.clinic_id IN (:...clinicIds)', { clinicIds });
      }
      if (query.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: query.patientId });
      if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
      if (query.from) qb.andWhere('a.at >= :from', { from: new Date(query.from) });
      if (query.to) qb.andWhere('a.at < :to', { to: new Date(query.to) });
      const { take, skip } = page(query);
      const [rows, total] = await qb
        .orderBy('a.at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .take(take)
        .skip(skip)
        .getManyAndCount();
      return { items: rows.map(toAuditEntryDto), total };
    });
  }
}
