import {
  BUILT_IN_PROTOCOLS,
  BUILT_IN_PROTOCOL_IDS,
  type CourseDto,
  type ProtocolDto,
  type ScreeningDto,
} from '@clinic/shared';

import { RIVERSIDE } from './fixtures';
import { PATIENT_ID } from './patient-fixtures';

/** Fixtures of courses, protocols and screenings (shared/src/api/course-types.ts). */

export const KETAMINE_IV = BUILT_IN_PROTOCOLS.find(
  (p) => p.id === BUILT_IN_PROTOCOL_IDS.ketamineIv,
)!;
export const ESKETAMINE_US = BUILT_IN_PROTOCOLS.find(
  (p) => p.id === BUILT_IN_PROTOCOL_IDS.esketamineUs,
)!;

export function aClinicProtocol(overrides: Partial<ProtocolDto> = {}): ProtocolDto {
  return {
    ...KETAMINE_IV,
    id: 'c1000000-0000-4000-8000-000000000001',
    clinicId: RIVERSIDE.id,
    name: 'Riverside IV ketamine, twice weekly',
    builtIn: false,
    basedOnId: KETAMINE_IV.id,
    source: 'Clinic copy of IV ketamine 0.5 mg/kg',
    induction: { sessions: 6, withinDays: 21, maxPerWeek: 2, minDaysBetween: 2 },
    createdAt: '2026-09-01T09:00:00.000Z',
    createdBy: 'user-1',
    ...overrides,
  };
}

export function aScreening(overrides: Partial<ScreeningDto> = {}): ScreeningDto {
  return {
    id: 's1000000-0000-4000-8000-000000000001',
    patientId: PATIENT_ID,
    drug: 'ketamine',
    screenedAt: '2026-10-01T09:00:00.000Z',
    answers: {
      aneurysmal_vascular_disease: 'no',
      arteriovenous_malformation: 'no',
      intracerebral_haemorrhage: 'no',
      hypersensitivity: 'no',
      psychosis_or_mania: 'no',
      pregnancy_or_breastfeeding: 'no',
      uncontrolled_hypertension: 'no',
      cardiac_or_cerebrovascular_disease: 'no',
      substance_use_disorder: 'no',
      raised_intracranial_pressure: 'no',
    },
    notes: {},
    concomitant: [],
    consentAt: '2026-10-01T09:00:00.000Z',
    remsEnrolledAt: null,
    result: 'eligible',
    absolute: [],
    relative: [],
    unknown: [],
    validUntil: '2026-10-31T09:00:00.000Z',
    recordedBy: 'user-1',
    recordedByName: 'Dr Amara Okafor',
    createdAt: '2026-10-01T09:00:00.000Z',
    ...overrides,
  };
}

export function aCourse(overrides: Partial<CourseDto> = {}): CourseDto {
  return {
    id: 'co100000-0000-4000-8000-000000000001',
    patientId: PATIENT_ID,
    clinicId: RIVERSIDE.id,
    protocolId: KETAMINE_IV.id,
    protocolName: KETAMINE_IV.name,
    drug: 'ketamine',
    route: 'iv',
    kind: 'initial',
    origin: 'clinical',
    phase: 'induction',
    startedAt: '2026-10-01T09:30:00.000Z',
    firstSessionAt: '2026-10-02T09:00:00.000Z',
    maintenanceAt: null,
    maintenanceReason: null,
    endedAt: null,
    endReason: null,
    endNote: null,
    baseline: null,
    sessionCount: 2,
    screeningId: 's1000000-0000-4000-8000-000000000001',
    screening: null,
    overrideReason: null,
    nextDue: {
      earliestDate: '2026-10-06',
      dose: 0.5,
      unit: 'mg_per_kg',
      allowedDoses: [0.5, 0.6, 0.7, 0.75],
      reason: 'session 3 of 6 of induction; at most 3 in 7 days',
    },
    version: 1,
    ...overrides,
  };
}
