import { Injectable } from '@nestjs/common';
import type { AuditEntryDto, AuditVerifyDto, ListResponse } from '@clinic/shared';
import { IsNull } from 'typeorm';
import { Db } from '../transactions/db.service';
import type { Actor } from '../auth/actor';
import { clinicsForList } from '../auth/scope';
import { page } from '../validation/pagination.dto';
import { AuditEntry } from './audit-entry.entity';
import { auditHash, GENESIS_HASH } from './audit-chain';
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
    details: e.details ?? null,
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

  /**
   * Walks the chain in order, 5,000 entries a query: each entry's position follows the previous
   * one, its prev_hash is the previous hash and its hash is what its content gives.
   */
  async verify(): Promise<AuditVerifyDto> {
    return this.db.read(async (em) => {
      const unchained = await em.count(AuditEntry, { where: { seq: IsNull() } });
      let checked = 0;
      let prev = { seq: 0, hash: GENESIS_HASH };
      for (;;) {
        const batch = await em
          .createQueryBuilder(AuditEntry, 'a')
          .where('a.seq > :after', { after: prev.seq })
          .orderBy('a.seq', 'ASC')
          .limit(5000)
          .getMany();
        if (batch.length === 0) return { ok: true, checked, firstBrokenId: null, unchained };
        for (const entry of batch) {
          const seq = entry.seq ?? -1;
          const expected = auditHash(prev.hash, { ...entry, seq });
          if (seq !== prev.seq + 1 || entry.prevHash !== prev.hash || entry.hash !== expected) {
            return { ok: false, checked, firstBrokenId: entry.id, unchained };
          }
          checked += 1;
          prev = { seq, hash: entry.hash };
        }
      }
    });
  }
}
