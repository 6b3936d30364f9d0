import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type OutcomesDto, sessionGiven } from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import type { Actor } from '../common/auth/actor';
import { patientInScope } from '../patients/patient-scope';
import { AuditService } from '../common/audit/audit.service';
import { type CsvValue, csvLines } from '../common/http/csv';
import { newId } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import { type FhirBundle, patientBundle } from '../fhir/fhir.mapper';
import { Flag } from '../flags/flag.entity';
import type { OutcomesQuery } from '../outcomes/dto/outcomes-query.dto';
import { Protocol } from '../courses/protocol.entity';
import { OutcomesService } from '../outcomes/outcomes.service';
import { Clinic } from '../clinics/clinic.entity';
import { clinicsForList } from '../common/auth/scope';
import { User } from '../users/user.entity';
import { type OutcomesCsvMeta, outcomesCsvFilename, outcomesMetaRows } from './outcomes-csv';
import type { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';

export const OUTCOMES_CSV_HEADER = [
  'section',
  'session_number',
  'measure',
  'key',
  'numerator',
  'denominator',
  'percent',
  'value',
] as const;

export const RECORDS_CSV_HEADER = [
  'record_type',
  'record_id',
  'session_number',
  'at',
  'measure',
  'value',
  'unit',
  'entered_in_error',
  'entered_in_error_reason',
] as const;

type Row = readonly CsvValue[];

/** The outcomes as rows of OUTCOMES_CSV_HEADER (long format: one number per row). */
export function outcomesRows(o: OutcomesDto): Row[] {
  const rows: Row[] = [
    ['cohort', null, 'patients', null, null, null, null, o.cohortPatients],
    // v2: the cohort's unit (CLINICAL.md s6); the rates' denominators count courses
    ['cohort', null, 'courses', null, null, null, null, o.cohortCourses],
    // CLINICAL.md s6 v2: left out of the response and remission rates, counted apart
    ['cohort', null, 'baseline_below_10', null, null, null, null, o.baselineBelow10],
    ['cohort', null, 'no_baseline', null, null, null, null, o.noBaseline],
    ['cohort', null, 'sessions', null, null, null, null, o.sessions],
  ];
  for (const k of o.bySessionNumber) {
    for (const [measure, r] of [
      ['response_itt', k.responseItt],
      ['remission_itt', k.remissionItt],
      ['response_completers', k.responseCompleters],
      ['remission_completers', k.remissionCompleters],
    ] as const) {
      rows.push([
        'by_session',
        k.sessionNumber,
        measure,
        null,
        r.numerator,
        r.denominator,
        r.pct,
        null,
      ]);
    }
    // Counted courses still going on that have not reached this session (not in its ITT rates).
    rows.push([
      'by_session',
      k.sessionNumber,
      'not_yet_reached',
      null,
      null,
      null,
      null,
      k.notYetReached,
    ]);
  }
  rows.push(
    ['response', null, 'responders', null, null, null, null, o.responders],
    [
      'response',
      null,
      'median_sessions_to_first_response',
      null,
      null,
      null,
      null,
      o.medianSessionsToFirstResponse,
    ],
    [
      'response',
      null,
      'median_days_to_first_response',
      null,
      null,
      null,
      null,
      o.medianDaysToFirstResponse,
    ],
    [
      'dropout',
      null,
      'dropout',
      null,
      o.dropout.numerator,
      o.dropout.denominator,
      o.dropout.pct,
      null,
    ],
    [
      'follow_up',
      null,
      'phq9_24h',
      null,
      o.followUp24h.numerator,
      o.followUp24h.denominator,
      o.followUp24h.pct,
      null,
    ],
    [
      'follow_up',
      null,
      'phq9_72h',
      null,
      o.followUp72h.numerator,
      o.followUp72h.denominator,
      o.followUp72h.pct,
      null,
    ],
  );
  for (const e of o.sideEffectsPer100) {
    rows.push([
      'side_effects',
      null,
      'per_100_sessions',
      e.key,
      e.count,
      o.sessions,
      null,
      e.per100Sessions,
    ]);
  }
  for (const f of o.flagsPer100) {
    rows.push([
      'flags',
      null,
      'per_100_sessions',
      f.key,
      f.count,
      o.sessions,
      null,
      f.per100Sessions,
    ]);
  }
  for (const r of o.references) {
    rows.push([
      'published_reference',
      null,
      'response_percent',
      `${r.label}, ${r.when}`,
      null,
      null,
      null,
      r.responsePct,
    ]);
    rows.push([
      'published_reference',
      null,
      'remission_percent',
      `${r.label}, ${r.when}`,
      null,
      null,
      null,
      r.remissionPct,
    ]);
  }
  return rows;
}

interface PatientRecords {
  patient: Patient;
  sessions: DosingSession[];
  observations: Observation[];
  phq9: Phq9Assessment[];
  sideEffects: SideEffect[];
  riskEvents: RiskEvent[];
  flags: Flag[];
}

/** A patient's records as rows of RECORDS_CSV_HEADER: one measure per row, in time order. */
export function recordRows(r: PatientRecords): Row[] {
  const number = new Map(r.sessions.map((s) => [s.id, s.sessionNumber]));
  const mark = (x: { enteredInErrorAt?: Date | null; enteredInErrorReason?: string | null }) =>
    [x.enteredInErrorAt ? 'true' : 'false', x.enteredInErrorReason ?? null] as const;
  const rows: { at: Date; row: Row }[] = [];
  const add = (
    type: string,
    id: string,
    sessionId: string | null,
    at: Date,
    measure: string,
    value: CsvValue,
    unit: string | null,
    amend: readonly [string, string | null],
  ) => {
    if (value === null || value === undefined) return;
    rows.push({
      at,
      row: [
        type,
        id,
        sessionId ? (number.get(sessionId) ?? null) : null,
        at.toISOString(),
        measure,
        value,
        unit,
        ...amend,
      ],
    });
  };
  for (const s of r.sessions) {
    const m = mark(s);
    add('session', s.id, s.id, s.startedAt, 'drug', s.drug, null, m);
    add('session', s.id, s.id, s.startedAt, 'route', s.route, null, m);
    add('session', s.id, s.id, s.startedAt, 'dose', s.doseMg, 'mg', m);
    add('session', s.id, s.id, s.startedAt, 'dose_per_kg', s.doseMgPerKg, 'mg/kg', m);
    if (s.dischargedAt) add('session', s.id, s.id, s.dischargedAt, 'discharged', 'true', null, m);
  }
  for (const o of r.observations) {
    const m = mark(o);
    add('observation', o.id, o.sessionId, o.recordedAt, 'systolic', o.systolic, 'mmHg', m);
    add('observation', o.id, o.sessionId, o.recordedAt, 'diastolic', o.diastolic, 'mmHg', m);
    add('observation', o.id, o.sessionId, o.recordedAt, 'heart_rate', o.heartRate, '/min', m);
    add('observation', o.id, o.sessionId, o.recordedAt, 'spo2', o.spo2, '%', m);
    add(
      'observation',
      o.id,
      o.sessionId,
      o.recordedAt,
      'respiratory_rate',
      o.respiratoryRate,
      '/min',
      m,
    );
    add('observation', o.id, o.sessionId, o.recordedAt, 'moaas', o.moaas, 'of 5', m);
    add('observation', o.id, o.sessionId, o.recordedAt, 'cadss6_total', o.cadss6Total, 'of 24', m);
  }
  for (const a of r.phq9) {
    const m = mark(a);
    add(
      'phq9',
      a.id,
      a.sessionId,
      a.administeredAt,
      'total',
      a.total ?? 'not scored (too many items missing)',
      'of 27',
      m,
    );
    add('phq9', a.id, a.sessionId, a.administeredAt, 'item9', a.item9, 'of 3', m);
    add('phq9', a.id, a.sessionId, a.administeredAt, 'recall', a.recall, null, m);
    add('phq9', a.id, a.sessionId, a.administeredAt, 'source', a.source, null, m);
  }
  for (const e of r.sideEffects) {
    add('side_effect', e.id, e.sessionId, e.onsetAt, e.type, e.severity, null, mark(e));
  }
  for (const e of r.riskEvents) {
    add('risk_event', e.id, null, e.occurredAt, e.type, e.notes ?? '', null, mark(e));
  }
  for (const f of r.flags) {
    add('flag', f.id, f.sessionId, f.createdAt, f.rule, f.status, null, ['false', null]);
  }
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((x) => x.row);
}

/**
 * Exports (API.md): the outcomes as CSV, a patient's records as CSV and as a FHIR R4 Bundle. Each
 * is audited as `export` in the transaction that reads it.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly outcomes: OutcomesService,
  ) {}

  /** The CSV and its file name, both naming the clinic, period and filters (outcomes-csv.ts). */
  async outcomesCsv(
    actor: Actor,
    query: OutcomesQuery,
  ): Promise<{ filename: string; lines: Generator<string> }> {
    const generatedAt = new Date();
    const outcomes = await this.outcomes.outcomes(actor, query, 'export', generatedAt);
    const clinicIds = clinicsForList(actor, query.clinicId);
    const { clinics, clinician, protocol } = await this.db.transaction(async (em) => ({
      clinics:
        clinicIds.length === 0
          ? []
          : await em.find(Clinic, {
              where: { id: In(clinicIds) },
              select: { id: true, name: true },
              order: { name: 'ASC' },
            }),
      clinician: query.clinicianId
        ? await em.findOne(User, {
            where: { id: query.clinicianId },
            select: { id: true, name: true },
          })
        : null,
      protocol: query.protocolId
        ? await em.findOne(Protocol, {
            where: { id: query.protocolId },
            select: { id: true, name: true },
          })
        : null,
    }));
    const meta: OutcomesCsvMeta = {
      filters: outcomes.filters,
      clinicNames: clinics.map((c) => c.name),
      clinicianName: clinician?.name ?? null,
      protocolName: protocol?.name ?? null,
      generatedAt,
    };
    const rows = [...outcomesMetaRows(meta), ...outcomesRows(outcomes)];
    return {
      filename: outcomesCsvFilename(meta),
      lines: csvLines(OUTCOMES_CSV_HEADER, rows, (row) => row),
    };
  }

  async recordsCsv(actor: Actor, patientId: string): Promise<Generator<string>> {
    const records = await this.load(actor, patientId, 'records_csv');
    return csvLines(RECORDS_CSV_HEADER, recordRows(records), (row) => row);
  }

  async fhir(actor: Actor, patientId: string): Promise<FhirBundle> {
    const records = await this.load(actor, patientId, 'fhir');
    return patientBundle(records, newId(), new Date());
  }

  private load(actor: Actor, patientId: string, resourceType: string): Promise<PatientRecords> {
    return this.db.transaction(async (em) => {
      const patient = await patientInScope(em, actor, patientId);
      const where = { patientId };
      const [sessions, observations, phq9, sideEffects, riskEvents, flags] = [
        await em.find(DosingSession, { where, order: { startedAt: 'ASC' } }),
        await em.find(Observation, { where, order: { recordedAt: 'ASC' } }),
        await em.find(Phq9Assessment, { where, order: { administeredAt: 'ASC' } }),
        await em.find(SideEffect, { where, order: { onsetAt: 'ASC' } }),
        await em.find(RiskEvent, { where, order: { occurredAt: 'ASC' } }),
        await em.find(Flag, { where, order: { createdAt: 'ASC' } }),
      ];
      await this.audit.record(em, actor, {
        action: 'export',
        resourceType,
        resourceId: patientId,
        patientId,
        clinicId: patient.clinicId,
      });
      // Only doses given are exported (v2): an order not yet started (its pre-dose readings with
      // it) or cancelled is no administration.
      const given = sessions.filter((s) => sessionGiven(s.status));
      const ids = new Set(given.map((s) => s.id));
      return {
        patient,
        sessions: given,
        observations: observations.filter((o) => ids.has(o.sessionId)),
        phq9,
        sideEffects: sideEffects.filter((e) => ids.has(e.sessionId)),
        riskEvents,
        flags,
      };
    });
  }
}
