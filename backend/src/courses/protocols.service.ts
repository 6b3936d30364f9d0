import { BadRequestException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { type ListResponse, protocolErrors, type ProtocolDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { requireClinic } from '../common/auth/scope';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { toProtocolDto } from './course.mapper';
import type { CreateProtocolDto } from './dto/course.dto';
import { Protocol } from './protocol.entity';

/** Protocols (CLINICAL.md s8): the built-in templates and each clinic's own. */
@Injectable()
export class ProtocolsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly thresholds: ThresholdsService,
  ) {}

  /** The built-in templates, then the clinic's protocols by name. */
  async list(actor: Actor, clinicId: string): Promise<ListResponse<ProtocolDto>> {
    return this.db.transaction(async (em) => {
      requireClinic(actor, clinicId);
      const rows = await em.find(Protocol, {
        where: [{ clinicId: IsNull() }, { clinicId }],
      });
      rows.sort(
        (a, b) =>
          Number(b.builtIn) - Number(a.builtIn) ||
          a.name.localeCompare(b.name) ||
          a.id.localeCompare(b.id),
      );
      return { items: rows.map(toProtocolDto), total: rows.length };
    });
  }

  async create(actor: Actor, dto: CreateProtocolDto): Promise<ProtocolDto> {
    return this.db.transaction(async (em) => {
      requireClinic(actor, dto.clinicId);
      const limits = (await this.thresholds.forClinic(em, dto.clinicId)).doseLimits;
      const errors = protocolErrors(
        {
          drug: dto.drug,
          route: dto.route,
          induction: dto.induction,
          maintenance: dto.maintenance ?? null,
          dosePlan: dto.dosePlan,
        },
        limits,
      );
      if (dto.basedOnId) {
        const template = await visibleProtocol(em, dto.clinicId, dto.basedOnId);
        if (!template) errors.push('basedOnId must be a protocol of the clinic or a built-in one');
      }
      if (errors.length > 0) throw new BadRequestException(errors);
      const protocol = em.create(Protocol, {
        id: newId(),
        clinicId: dto.clinicId,
        name: dto.name.trim(),
        drug: dto.drug,
        route: dto.route,
        builtIn: false,
        basedOnId: dto.basedOnId ?? null,
        source: dto.source ?? null,
        induction: { ...dto.induction, minDaysBetween: dto.induction.minDaysBetween ?? 1 },
        maintenance: dto.maintenance
          ? {
              maxPerWeek: dto.maintenance.maxPerWeek,
              minDaysBetween: dto.maintenance.minDaysBetween,
            }
          : null,
        dosePlan: { ...dto.dosePlan, steps: [...dto.dosePlan.steps] },
        createdAt: new Date(),
        createdBy: actor.userId,
      });
      await em.insert(Protocol, protocol);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'protocol',
        resourceId: protocol.id,
        clinicId: dto.clinicId,
      });
      return toProtocolDto(protocol);
    });
  }
}

/** A protocol the clinic may use: a built-in template or one of the clinic's own; else null. */
export async function visibleProtocol(
  em: EntityManager,
  clinicId: string,
  protocolId: string,
): Promise<Protocol | null> {
  const protocol = await em.findOne(Protocol, { where: { id: protocolId } });
  if (!protocol) return null;
  return protocol.clinicId === null || protocol.clinicId === clinicId ? protocol : null;
}

/** A protocol the clinic may use, or 422 naming `protocolId`. */
export async function requireVisibleProtocol(
  em: EntityManager,
  clinicId: string,
  protocolId: string,
): Promise<Protocol> {
  const protocol = await visibleProtocol(em, clinicId, protocolId);
  if (!protocol) {
    throw new UnprocessableEntityException(
      "protocolId must be a built-in protocol or one of the patient's clinic",
    );
  }
  return protocol;
}
