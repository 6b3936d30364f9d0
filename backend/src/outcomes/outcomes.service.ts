import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  HOUR_MS,
  type OutcomesDto,
  outcomesBySessionNumber,
  patientOutcome,
  median,
  per100,
  PUBLISHED_REFERENCES,
  rate,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Actor } from '../common/auth/actor';
import { clinicsForList } from '../common/auth/scope';
import { AuditService } from '../common/audit/audit.service';
import { Db } from '../database/db.service';
import { Flag } from '../flags/flag.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { ThresholdsService } from '../signals/thresholds.service';
import type { OutcomesQuery } from './dto/outcomes-query.dto';

/**
 * CLINICAL.md section 6 for a cohort: patients whose first session falls in the period (and clinic,
 * clinician, drug, route). A first version computed in the service from three indexed queries; the
 * outcomes issue moves it into SQL for clinic-network scale.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly thresholds: ThresholdsService,
  ) {}

  async outcomes(actor: Actor, query: OutcomesQuery): Promise<OutcomesDto> {
    const now = new Date();
    return this.db.transaction(async (em) => {
      const clinicIds = clinicsForList(actor, query.clinicId);
      const t = await this.thresholds.forClinic(em, clinicIds[0] ?? '');
      const firsts = em
        .createQueryBuilder(DosingSession, 's')
        .select(['s.patientId'])
        .where('s.session_number = 1')
        .andWhere('s.clinic_id IN (:...clinicIds)', {
          clinicIds: clinicIds.length ? clinicIds : [''],
        });
      if (query.from)
        firsts.andWhere('s.started_at >= :from', { from: new Date(`${query.from}T00:00:00.000Z`) });
      if (query.to)
        firsts.andWhere('s.started_at < :to', {
          to: new Date(new Date(`${query.to}T00:00:00.000Z`).getTime() + 24 * HOUR_MS),
        });
      if (query.drug) firsts.andWhere('s.drug = :drug', { drug: query.drug });
      if (query.route) firsts.andWhere('s.route = :route', { route: query.route });
      if (query.clinicianId)
        firsts.andWhere('s.ordered_by = :clinicianId', { clinicianId: query.clinicianId });
      const patientIds = (await firsts.getMany()).map((s) => s.patientId);

      const sessions = patientIds.length
        ? await em.find(DosingSession, {
            where: { patientId: In(patientIds) },
            select: { id: true, patientId: true, sessionNumber: true, startedAt: true },
          })
        : [];
      const assessments = patientIds.length
        ? await em.find(Phq9Assessment, {
            where: { patientId: In(patientIds) },
            select: {
              id: true,
              patientId: true,
              administeredAt: true,
              total: true,
              valid: true,
              recall: true,
            },
          })
        : [];
      const sessionIds = sessions.map((s) => s.id);
      const sideEffects = sessionIds.length
        ? await em.find(SideEffect, {
            where: { patientId: In(patientIds) },
            select: { id: true, type: true, severity: true },
          })
        : [];
      const flags = patientIds.length
        ? await em.find(Flag, {
            where: { patientId: In(patientIds) },
            select: { id: true, category: true, severity: true },
          })
        : [];

      const byPatient = new Map<
        string,
        { sessions: typeof sessions; assessments: typeof assessments }
      >();
      for (const id of patientIds) byPatient.set(id, { sessions: [], assessments: [] });
      for (const s of sessions) byPatient.get(s.patientId)?.sessions.push(s);
      for (const a of assessments) byPatient.get(a.patientId)?.assessments.push(a);
      const outcomes = [...byPatient.entries()].map(([id, r]) =>
        patientOutcome({ id, sessions: r.sessions, assessments: r.assessments }, now, t),
      );

      // Follow-up completion over sessions whose window has closed.
      const times = new Map<string, number[]>();
      for (const a of assessments)
        times.set(a.patientId, [...(times.get(a.patientId) ?? []), a.administeredAt.getTime()]);
      const followUp = (window: { min: number; max: number }) => {
        const closed = sessions.filter(
          (s) => s.startedAt.getTime() + window.max * HOUR_MS < now.getTime(),
        );
        const done = closed.filter((s) =>
          (times.get(s.patientId) ?? []).some(
            (ms) =>
              ms >= s.startedAt.getTime() + window.min * HOUR_MS &&
              ms <= s.startedAt.getTime() + window.max * HOUR_MS,
          ),
        );
        return rate(done.length, closed.length);
      };
      const count = (keys: string[]) => {
        const counts = new Map<string, number>();
        for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
        return counts;
      };
      const responders = outcomes.filter((o) => o.firstResponseSession !== null);
      await this.audit.recordMany(
        em,
        actor,
        clinicIds.map((clinicId) => ({ action: 'read', resourceType: 'outcomes', clinicId })),
      );
      return {
        filters: {
          clinicId: query.clinicId ?? null,
          from: query.from ?? null,
          to: query.to ?? null,
          drug: query.drug ?? null,
          route: query.route ?? null,
          clinicianId: query.clinicianId ?? null,
        },
        cohortPatients: patientIds.length,
        sessions: sessions.length,
        bySessionNumber: outcomesBySessionNumber(outcomes),
        medianSessionsToFirstResponse: median(
          responders.map((o) => o.firstResponseSession as number),
        ),
        medianDaysToFirstResponse: median(responders.map((o) => o.daysToFirstResponse as number)),
        responders: responders.length,
        dropout: rate(outcomes.filter((o) => o.dropout).length, outcomes.length),
        followUp24h: followUp(t.response.window24h),
        followUp72h: followUp(t.response.window72h),
        sideEffectsPer100: per100(
          count(sideEffects.map((e) => `${e.type} (${e.severity})`)),
          sessions.length,
        ),
        flagsPer100: per100(
          count(flags.map((f) => `${f.category} (${f.severity})`)),
          sessions.length,
        ),
        references: PUBLISHED_REFERENCES.map((r) => ({ ...r })),
      };
    });
  }
}
