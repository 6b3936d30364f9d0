import { Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import {
  DEFAULT_THRESHOLDS,
  GIVEN_SESSION_STATUSES,
  type ListResponse,
  type RemsDueItemDto,
  remsDeadline,
  remsForm,
  remsOverdue,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { ScopedReads } from '../common/audit/scoped-read';
import { page } from '../common/validation/pagination.dto';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import type { RemsDueQuery } from './dto/rems.dto';
import { RemsFormRecord } from './rems-form.entity';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/**
 * `GET /rems/due`: esketamine sessions given, not entered in error, whose REMS form is not
 * submitted, oldest first. One query finds the page (a left join on rems_forms); the page's forms
 * are then filled from four batched queries, whatever the page size, so the list stays fast with
 * hundreds of sessions due.
 */
@Injectable()
export class RemsDueService {
  constructor(private readonly scoped: ScopedReads) {}

  due(actor: Actor, query: RemsDueQuery): Promise<ListResponse<RemsDueItemDto>> {
    return this.scoped.list(actor, {
      clinicId: query.clinicId,
      empty: () => ({ items: [], total: 0 }),
      load: async (em, clinicIds) => {
        const { take, skip } = page(query);
        const [sessions, total] = await em
          .createQueryBuilder(DosingSession, 's')
          .leftJoin(RemsFormRecord, 'r', 'r.sessionId = s.id')
          .where('s.clinicId IN (:...clinicIds)', { clinicIds })
          .andWhere('s.drug = :drug', { drug: 'esketamine' })
          .andWhere('s.status IN (:...statuses)', { statuses: [...GIVEN_SESSION_STATUSES] })
          .andWhere('s.enteredInErrorAt IS NULL')
          .andWhere('r.submittedAt IS NULL')
          .orderBy('s.startedAt', 'ASC')
          .addOrderBy('s.id', 'ASC')
          .limit(take)
          .offset(skip)
          .getManyAndCount();
        const items = await this.items(em, sessions, new Date());
        const patients = new Map(sessions.map((s) => [s.patientId, s.clinicId]));
        return {
          result: { items, total },
          audit: [...patients].map(([patientId, clinicId]) => ({
            action: 'search' as const,
            resourceType: 'rems_form',
            patientId,
            clinicId,
          })),
        };
      },
    });
  }

  private async items(
    em: EntityManager,
    sessions: DosingSession[],
    now: Date,
  ): Promise<RemsDueItemDto[]> {
    if (sessions.length === 0) return [];
    const sessionIds = sessions.map((s) => s.id);
    const patientIds = [...new Set(sessions.map((s) => s.patientId))];
    // One after another: the transaction has one connection.
    const patients = await em.find(Patient, { where: { id: In(patientIds) } });
    const observations = await em.find(Observation, {
      where: { sessionId: In(sessionIds), enteredInErrorAt: IsNull() },
      order: { recordedAt: 'ASC' },
    });
    const sideEffects = await em.find(SideEffect, {
      where: { sessionId: In(sessionIds), enteredInErrorAt: IsNull() },
      order: { onsetAt: 'ASC' },
    });
    const records = await em.find(RemsFormRecord, { where: { sessionId: In(sessionIds) } });
    const patientById = new Map(patients.map((p) => [p.id, p]));
    const observationsBySession = groupBy(observations, (o) => o.sessionId);
    const sideEffectsBySession = groupBy(sideEffects, (e) => e.sessionId);
    const recordBySession = new Map(records.map((r) => [r.sessionId, r]));
    return sessions.map((session) => {
      const patient = patientById.get(session.patientId);
      if (!patient) throw new Error('a session without its patient');
      // firstTreatment does not bear on `missing`, so the earlier sessions are not counted here.
      const form = remsForm({
        patient,
        session,
        previousEsketamineSessions: 0,
        observations: observationsBySession.get(session.id) ?? [],
        sideEffects: sideEffectsBySession.get(session.id) ?? [],
        thresholds: DEFAULT_THRESHOLDS,
        now,
        record: recordBySession.get(session.id) ?? null,
      });
      return {
        sessionId: session.id,
        patientId: session.patientId,
        patientName: `${patient.givenName.trim()} ${patient.familyName.trim()}`,
        mrn: patient.mrn,
        sessionNumber: session.sessionNumber,
        startedAt: session.startedAt.toISOString(),
        deadline: remsDeadline(session.startedAt),
        overdue: remsOverdue(session.startedAt, null, now),
        missing: form.missing,
      };
    });
  }
}
