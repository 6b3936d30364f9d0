import { Injectable } from '@nestjs/common';
import {
  DAY_MS,
  type CountPer100Dto,
  OUTCOME_MAX_SESSION_NUMBER,
  type OutcomesDto,
  PUBLISHED_REFERENCES,
  rate,
  roundHalfUp,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { ScopedReads } from '../common/audit/scoped-read';
import { ThresholdsService } from '../thresholds/thresholds.service';
import type { OutcomesQuery } from './dto/outcomes-query.dto';
import { type OutcomeRow, outcomesStatement, type SqlDialect, toOutcomeRows } from './outcomes.sql';

/** Epoch ms of a calendar date's midnight (UTC). */
const dayStartMs = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

/**
 * CLINICAL.md section 6 for a cohort: treatment courses whose first session falls in the period (and
 * clinic, clinician, drug, route, protocol, kind; v2). Response and remission rates over those with a baseline >= 10 (v2). Computed by the database in one statement (outcomes.sql.ts), the same
 * on SQLite and PostgreSQL; this service only turns counts into rates.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly scoped: ScopedReads,
    private readonly thresholds: ThresholdsService,
  ) {}

  /** `action`: how the read is audited (`export` for the CSV). */
  async outcomes(
    actor: Actor,
    query: OutcomesQuery,
    action: 'read' | 'export' = 'read',
    now = new Date(),
  ): Promise<OutcomesDto> {
    return this.scoped.list(actor, {
      clinicId: query.clinicId,
      empty: () => toOutcomesDto([], query),
      load: async (em, clinicIds) => {
        const dialect: SqlDialect =
          em.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
        const { sql, params } = outcomesStatement(
          dialect,
          {
            clinicIds,
            fromMs: query.from ? dayStartMs(query.from) : null,
            toMs: query.to ? dayStartMs(query.to) + DAY_MS : null,
            drug: query.drug ?? null,
            route: query.route ?? null,
            clinicianId: query.clinicianId ?? null,
            protocolId: query.protocolId ?? null,
            kind: query.kind ?? null,
          },
          await this.thresholds.forClinics(em, clinicIds),
          now.getTime(),
        );
        const rows = toOutcomeRows(await em.query<Record<string, unknown>[]>(sql, params));
        return {
          result: toOutcomesDto(rows, query),
          audit: clinicIds.map((clinicId) => ({ action, resourceType: 'outcomes', clinicId })),
        };
      },
    });
  }
}

/** The statement's rows as the API's OutcomesDto (counts to rates; medians rounded). */
export function toOutcomesDto(rows: OutcomeRow[], query: OutcomesQuery): OutcomesDto {
  const one = (metric: OutcomeRow['metric'], key1?: string): OutcomeRow | undefined =>
    rows.find((r) => r.metric === metric && (key1 === undefined || r.key1 === key1));
  const n = (v: number | null | undefined): number => v ?? 0;
  const cohort = one('cohort');
  // The unit is the treatment course (CLINICAL.md s6 v2); z: the patients they belong to.
  const courses = n(cohort?.x);
  const patients = n(cohort?.z);
  const baseline = one('baseline');
  const baselineBelow10 = n(baseline?.x);
  const noBaseline = n(baseline?.y);
  // CLINICAL.md s6 v2: the rates count courses with a baseline >= 10 only.
  const counted = courses - baselineBelow10 - noBaseline;
  const sessions = n(one('sessions')?.x);
  const byK = new Map(rows.filter((r) => r.metric === 'by_k').map((r) => [n(r.k), r]));
  const stopped = rows.filter((r) => r.metric === 'stopped');
  const bySessionNumber = Array.from({ length: OUTCOME_MAX_SESSION_NUMBER }, (_, i) => {
    const k = i + 1;
    const row = byK.get(k);
    const completers = n(row?.x);
    const responded = n(row?.y);
    const remitted = n(row?.z);
    // Intention to treat over the courses that had the chance to reach k (shared hadChanceToReach):
    // those that reached it, and those that stopped before it.
    const stoppedBefore = stopped.filter((r) => n(r.k) < k).reduce((sum, r) => sum + n(r.x), 0);
    const eligible = completers + stoppedBefore;
    return {
      sessionNumber: k,
      responseItt: rate(responded, eligible),
      remissionItt: rate(remitted, eligible),
      responseCompleters: rate(responded, completers),
      remissionCompleters: rate(remitted, completers),
      notYetReached: counted - eligible,
    };
  });
  const followUp = (kind: '24h' | '72h') => {
    const row = one('follow_up', kind);
    return rate(n(row?.y), n(row?.x));
  };
  const per100 = (metric: 'side_effect' | 'flag'): CountPer100Dto[] =>
    rows
      .filter((r) => r.metric === metric)
      .map((r) => ({ key: `${r.key1 ?? ''} (${r.key2 ?? ''})`, count: n(r.x) }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
      .map(({ key, count }) => ({
        key,
        count,
        per100Sessions: sessions === 0 ? null : roundHalfUp((count / sessions) * 100, 1),
      }));
  const medianK = one('median_k')?.x ?? null;
  const medianMs = one('median_days_ms')?.x ?? null;
  return {
    filters: {
      clinicId: query.clinicId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      drug: query.drug ?? null,
      route: query.route ?? null,
      clinicianId: query.clinicianId ?? null,
      protocolId: query.protocolId ?? null,
      kind: query.kind ?? null,
    },
    cohortPatients: patients,
    cohortCourses: courses,
    baselineBelow10,
    noBaseline,
    sessions,
    bySessionNumber,
    medianSessionsToFirstResponse: medianK === null ? null : roundHalfUp(medianK, 1),
    medianDaysToFirstResponse: medianMs === null ? null : roundHalfUp(medianMs / DAY_MS, 1),
    responders: n(one('responders')?.x),
    dropout: rate(n(cohort?.y), courses),
    followUp24h: followUp('24h'),
    followUp72h: followUp('72h'),
    sideEffectsPer100: per100('side_effect'),
    flagsPer100: per100('flag'),
    references: PUBLISHED_REFERENCES.map((r) => ({ ...r })),
  };
}
