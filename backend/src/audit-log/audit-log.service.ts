import { Injectable } from '@nestjs/common';
import type {
  AuditActorDto,
  AuditEntryDto,
  AuditVerifyDto,
  AuditViewDto,
  ListResponse,
} from '@clinic/shared';
import { In, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Db } from '../common/transactions/db.service';
import type { Actor } from '../common/auth/actor';
import { clinicsForList } from '../common/auth/scope';
import { page } from '../common/validation/pagination.dto';
import { AuditEntry } from '../common/audit/audit-entry.entity';
import { auditHash, GENESIS_HASH } from '../common/audit/audit-chain';
import { User, UserClinic } from '../users/user.entity';
import { withNames } from './audit-names';
import type { AuditActorsQuery, AuditQuery } from './dto/audit-query.dto';

/** The group of an entry: its page view (reads and searches of one page), else the entry alone. */
const GROUP = 'COALESCE(a.view_id, a.id)';

/**
 * Reading the audit log: managers see their clinics' entries, administrators every entry; entries
 * carry the actor's name and (for managers) the patient's, and can be listed one page view a row.
 */
@Injectable()
export class AuditLogService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, query: AuditQuery): Promise<ListResponse<AuditEntryDto>> {
    return this.db.transaction(async (em) => {
      const qb = this.filtered(em, actor, query);
      if (!qb) return { items: [], total: 0 };
      const { take, skip } = page(query);
      const [rows, total] = await qb
        .orderBy('a.at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .take(take)
        .skip(skip)
        .getManyAndCount();
      return { items: await withNames(em, actor, rows), total };
    });
  }

  /**
   * One row per page view (the entries one user made with one view id) or per entry that belongs
   * to no view, newest first; `total` counts rows. The filters apply to the entries: a view that
   * read two patients shows, filtered by one, only that patient's records.
   */
  async views(actor: Actor, query: AuditQuery): Promise<ListResponse<AuditViewDto>> {
    return this.db.transaction(async (em) => {
      const grouped = this.filtered(em, actor, query);
      if (!grouped) return { items: [], total: 0 };
      grouped
        .select('a.actor_id', 'actor')
        .addSelect(GROUP, 'grp')
        .addSelect('MAX(a.at)', 'last_at')
        .addSelect('MAX(a.seq)', 'last_seq')
        .groupBy('a.actor_id')
        .addGroupBy(GROUP);
      const counted = await em
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from(`(${grouped.getQuery()})`, 'g')
        .setParameters(grouped.getParameters())
        .getRawOne<{ n: string | number }>();
      const { take, skip } = page(query);
      const groups = await grouped
        .orderBy('last_at', 'DESC')
        .addOrderBy('last_seq', 'DESC')
        .addOrderBy('grp', 'DESC')
        .limit(take)
        .offset(skip)
        .getRawMany<{ actor: string | null; grp: string }>();
      const total = Number(counted?.n ?? 0);
      if (groups.length === 0) return { items: [], total };
      const keys = [...new Set(groups.map((g) => g.grp))];
      const rows: AuditEntry[] = [];
      for (let i = 0; i < keys.length; i += 400) {
        const slice = this.filtered(em, actor, query);
        if (!slice) break;
        rows.push(
          ...(await slice
            .andWhere(`${GROUP} IN (:...keys)`, { keys: keys.slice(i, i + 400) })
            .orderBy('a.at', 'ASC')
            .addOrderBy('a.seq', 'ASC')
            .getMany()),
        );
      }
      const entries = await withNames(em, actor, rows);
      const byGroup = new Map<string, AuditEntryDto[]>();
      for (const entry of entries) {
        const key = `${entry.actorId ?? ''}|${entry.viewId ?? entry.id}`;
        byGroup.set(key, [...(byGroup.get(key) ?? []), entry]);
      }
      const items = groups.flatMap((g): AuditViewDto[] => {
        const list = byGroup.get(`${g.actor ?? ''}|${g.grp}`);
        if (!list?.length) return [];
        const first = list[0];
        return [
          {
            id: g.grp,
            viewId: first.viewId,
            firstAt: first.at,
            lastAt: list[list.length - 1].at,
            actorId: first.actorId,
            actorName: first.actorName,
            actorRole: first.actorRole,
            entries: list,
          },
        ];
      });
      return { items, total };
    });
  }

  /** The staff of the viewer's clinics (administrators: of the clinic asked, else everyone). */
  async actors(actor: Actor, query: AuditActorsQuery): Promise<ListResponse<AuditActorDto>> {
    return this.db.transaction(async (em) => {
      const qb = em.createQueryBuilder(User, 'u');
      if (actor.role !== 'admin' || query.clinicId) {
        const clinicIds =
          actor.role === 'admin' && query.clinicId
            ? [query.clinicId]
            : clinicsForList(actor, query.clinicId);
        if (clinicIds.length === 0) return { items: [], total: 0 };
        const members = await em.find(UserClinic, { where: { clinicId: In(clinicIds) } });
        const ids = [...new Set(members.map((m) => m.userId))];
        if (ids.length === 0) return { items: [], total: 0 };
        qb.where('u.id IN (:...ids)', { ids });
      }
      const users = await qb.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').getMany();
      const items = users.map((u) => ({ id: u.id, name: u.name, role: u.role }));
      return { items, total: items.length };
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

  /** The entries the viewer may see, filtered; null when the viewer has no clinic to see. */
  private filtered(
    em: EntityManager,
    actor: Actor,
    query: AuditQuery,
  ): SelectQueryBuilder<AuditEntry> | null {
    const qb = em.createQueryBuilder(AuditEntry, 'a');
    if (actor.role === 'admin') {
      if (query.clinicId) qb.andWhere('a.clinic_id = :clinicId', { clinicId: query.clinicId });
    } else {
      const clinicIds = clinicsForList(actor, query.clinicId);
      if (clinicIds.length === 0) return null;
      qb.andWhere('a.clinic_id IN (:...clinicIds)', { clinicIds });
    }
    if (query.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: query.patientId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('a.at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('a.at < :to', { to: new Date(query.to) });
    return qb;
  }
}
