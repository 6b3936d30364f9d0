import type {
  CourseDto,
  FlagDto,
  FlagSeverity,
  FlagStatus,
  PatientDto,
  PatientResponseDto,
  Phq9Dto,
  RiskEventDto,
  SessionSummaryDto,
  SideEffectDto,
} from '@clinic/shared';

import type { ResponseThresholds } from '../../charts/response-chart.data';

/** A part of the record that loaded, or failed on its own (the rest of the page still shows). */
export type Section<T> = { status: 'loaded'; value: T } | { status: 'error' };

export interface PatientRecord {
  patient: PatientDto;
  sessions: Section<SessionSummaryDto[]>;
  phq9: Section<Phq9Dto[]>;
  response: Section<PatientResponseDto>;
  /** v2: the patient's treatment courses (CLINICAL.md s8). */
  courses: Section<CourseDto[]>;
  sideEffects: Section<SideEffectDto[]>;
  riskEvents: Section<RiskEventDto[]>;
  flags: Section<FlagDto[]>;
  /** The response windows and cut-offs in force at the patient's clinic. */
  thresholds: ResponseThresholds;
  /** False when the clinic's thresholds could not be read and the CLINICAL.md defaults are used. */
  clinicThresholds: boolean;
}

export type PatientPageState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error' }
  | { status: 'loaded'; record: PatientRecord };

export function loadedValue<T>(section: Section<T>): T | null {
  return section.status === 'loaded' ? section.value : null;
}

const SEVERITY_ORDER: Record<FlagSeverity, number> = { critical: 0, warning: 1, info: 2 };
const STATUS_ORDER: Record<FlagStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

/** Open flags first, then acknowledged, then resolved; within each, most severe, then newest. */
export function orderFlags(flags: readonly FlagDto[]): FlagDto[] {
  return [...flags].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

/** Flags still needing a person: open or acknowledged (not resolved). */
export function isActiveFlag(flag: FlagDto): boolean {
  return flag.status !== 'resolved';
}
