import { BadRequestException, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  type ClinicThresholds,
  type ClinicThresholdsDto,
  mergeThresholds,
  psychiatristOnlyThresholdsNamed,
  storedThresholdOverrides,
  thresholdChanges,
  type ThresholdOverrides,
  thresholdsInForce,
  validateThresholdOverrides,
} from '@clinic/shared';
import { Clinic } from '../clinics/clinic.entity';
import type { Actor } from '../common/auth/actor';
import { requireClinic } from '../common/auth/scope';
import { RecordRoleViolation } from '../common/auth/scope-violation';
import { AuditService } from '../common/audit/audit.service';
import { versionMismatch } from '../common/http/etag';
import { Db } from '../common/transactions/db.service';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge of two override objects (arrays and numbers replace). */
function mergeOverrides(base: unknown, change: unknown): unknown {
  if (!isObject(base) || !isObject(change)) return change;
  const out: Record<string, unknown> = { ...base };
  // defineProperty, not assignment: a "__proto__" key stays a key (and fails validation as one).
  for (const [key, value] of Object.entries(change))
    Object.defineProperty(out, key, {
      value: mergeOverrides(Object.hasOwn(base, key) ? base[key] : undefined, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * The thresholds in force from a clinic's stored overrides: neither a value that is no longer
 * configurable nor one that crosses a safety floor is ever applied.
 */
function applied(stored: ThresholdOverrides | null | undefined): ClinicThresholds {
  return mergeThresholds(storedThresholdOverrides(stored));
}

/** The thresholds of CLINICAL.md sections 3-5, per clinic: defaults with the clinic's changes. */
@Injectable()
export class ThresholdsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async forClinic(em: EntityManager, clinicId: string): Promise<ClinicThresholds> {
    const clinic = await em.findOne(Clinic, {
      where: { id: clinicId },
      select: { id: true, thresholds: true },
    });
    return applied(clinic?.thresholds);
  }

  /** The clinic's thresholds and time zone in one query (the rules need both). */
  async rulesSettings(
    em: EntityManager,
    clinicId: string,
  ): Promise<{ thresholds: ClinicThresholds; timeZone: string | null }> {
    const clinic = await em.findOne(Clinic, {
      where: { id: clinicId },
      select: { id: true, thresholds: true, timezone: true },
    });
    return {
      thresholds: applied(clinic?.thresholds),
      timeZone: clinic?.timezone ?? null,
    };
  }

  /** The thresholds of many clinics in one query. */
  async forClinics(em: EntityManager, clinicIds: string[]): Promise<Map<string, ClinicThresholds>> {
    const clinics =
      clinicIds.length === 0
        ? []
        : await em.find(Clinic, {
            where: { id: In(clinicIds) },
            select: { id: true, thresholds: true },
          });
    const byId = new Map(clinics.map((c) => [c.id, c.thresholds ?? null]));
    return new Map(clinicIds.map((id) => [id, applied(byId.get(id))]));
  }

  async get(actor: Actor, clinicId: string): Promise<ClinicThresholdsDto> {
    return this.db.transaction(async (em) => {
      requireClinic(actor, clinicId);
      const clinic = await em.findOneByOrFail(Clinic, { id: clinicId });
      return this.toDto(clinic);
    });
  }

  async update(
    actor: Actor,
    clinicId: string,
    expectedVersion: number,
    change: unknown,
  ): Promise<ClinicThresholdsDto> {
    if (!isObject(change) || Object.keys(change).length === 0) {
      throw new BadRequestException([
        'the body must be an object with at least one threshold to change',
      ]);
    }
    return this.db.transaction(async (em) => {
      requireClinic(actor, clinicId);
      // API.md v2: discharge and monitoring criteria are changed by psychiatrists only. A
      // manager's change naming one is refused whole (403, audited as access_denied).
      const reserved = psychiatristOnlyThresholdsNamed(change);
      if (actor.role !== 'psychiatrist' && reserved.length > 0) {
        throw new RecordRoleViolation(
          actor,
          'clinic_thresholds',
          clinicId,
          null,
          clinicId,
          `Only a psychiatrist may change the discharge and monitoring criteria (${reserved.join(', ')})`,
        );
      }
      const clinic = await em.findOneByOrFail(Clinic, { id: clinicId });
      if (clinic.thresholdsVersion !== expectedVersion)
        throw versionMismatch(clinic.thresholdsVersion);
      // A stored value that is no longer configurable (phq9.item9AtLeast before v2) or that crosses
      // a safety floor (stored before the floors) is dropped; a change naming one is refused by the
      // validation, naming it.
      const overrides = mergeOverrides(
        storedThresholdOverrides(clinic.thresholds),
        change,
      ) as ThresholdOverrides;
      const errors = validateThresholdOverrides(overrides);
      if (errors.length > 0) throw new BadRequestException(errors);
      const result = await em.update(
        Clinic,
        { id: clinicId, thresholdsVersion: expectedVersion },
        { thresholds: overrides, thresholdsVersion: expectedVersion + 1 },
      );
      if (result.affected === 0) throw versionMismatch(expectedVersion + 1);
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'clinic_thresholds',
        resourceId: clinicId,
        clinicId,
        details: {
          change: 'thresholds.update',
          ...thresholdChanges(applied(clinic.thresholds), mergeThresholds(overrides)),
        },
      });
      return this.toDto({
        ...clinic,
        thresholds: overrides,
        thresholdsVersion: expectedVersion + 1,
      });
    });
  }

  /** The thresholds in force with the fixed item-9 cut-off shown (v1 shape), and the clinic's own changes. */
  private toDto(clinic: Clinic): ClinicThresholdsDto {
    return {
      clinicId: clinic.id,
      thresholds: thresholdsInForce(applied(clinic.thresholds)),
      overrides: storedThresholdOverrides(clinic.thresholds),
      version: clinic.thresholdsVersion,
    };
  }
}
