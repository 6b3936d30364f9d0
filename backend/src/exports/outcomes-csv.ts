/**
 * What the outcomes CSV says about itself (issue 20): a file name and first rows naming the clinic,
 * the period and the filters it was made for, so a file read later, or beside another, cannot be
 * taken for a different report. Names only: never a patient.
 */
import type { OutcomesDto } from '@clinic/shared';
import type { CsvValue } from '../common/http/csv';

/** Who and what the report is of, in words (names looked up by the caller). */
export interface OutcomesCsvMeta {
  filters: OutcomesDto['filters'];
  /** The clinics' names (the one asked for, else every clinic of the user), in name order. */
  clinicNames: string[];
  /** The name of the psychiatrist filtered on, when there is one. */
  clinicianName: string | null;
  /** The name of the protocol filtered on, when there is one (v2). */
  protocolName?: string | null;
  generatedAt: Date;
}

/** Lower-case letters and digits joined by "-": safe in a file name and a header on every system. */
export function slug(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return plain.slice(0, 40).replace(/-+$/, '') || 'unnamed';
}

/**
 * e.g. `outcomes_riverside-clinic_2026-09-01_2026-12-01_esketamine.csv`: clinic, period (`start` /
 * `end` for an open side), then each filter that narrows the cohort (none: every drug and route).
 */
export function outcomesCsvFilename(meta: OutcomesCsvMeta): string {
  const f = meta.filters;
  const clinic = meta.clinicNames.length === 1 ? slug(meta.clinicNames[0]) : 'all-clinics';
  const parts = [
    'outcomes',
    clinic,
    f.from ?? 'start',
    f.to ?? 'end',
    ...(f.drug ? [f.drug] : []),
    ...(f.route ? [f.route] : []),
    ...(f.clinicianId ? [`clinician-${slug(meta.clinicianName ?? 'unknown')}`] : []),
    ...(f.protocolId ? [`protocol-${slug(meta.protocolName ?? 'unknown')}`] : []),
    ...(f.kind ? [f.kind] : []),
  ];
  return `${parts.join('_')}.csv`;
}

/** The report's first rows (section `report`): clinic, period, filters and when it was made. */
export function outcomesMetaRows(meta: OutcomesCsvMeta): (readonly CsvValue[])[] {
  const f = meta.filters;
  const row = (measure: string, value: string): readonly CsvValue[] => [
    'report',
    null,
    measure,
    null,
    null,
    null,
    null,
    value,
  ];
  return [
    row('clinic', meta.clinicNames.join('; ')),
    row('first_session_from', f.from ?? 'any'),
    row('first_session_to', f.to ?? 'any'),
    row('drug', f.drug ?? 'all'),
    row('route', f.route ?? 'all'),
    row('clinician', f.clinicianId ? (meta.clinicianName ?? f.clinicianId) : 'all'),
    // v2 (CLINICAL.md s6): the cohort's unit is the course; its protocol and kind
    row('protocol', f.protocolId ? (meta.protocolName ?? f.protocolId) : 'all'),
    row('course_kind', f.kind ?? 'all'),
    row('generated_at', meta.generatedAt.toISOString()),
  ];
}
