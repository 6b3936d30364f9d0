import type { RemsDueItemDto, RemsFormDto } from '@clinic/shared';

export const SESSION_ID = '3d1e7c44-9a2b-4c1d-8e5f-6a7b8c9d0e1f';
export const PATIENT_ID = '0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02';

/** A discharged esketamine session's form, recorded end to end: provider and setting missing. */
export function aRemsForm(overrides: Partial<RemsFormDto> = {}): RemsFormDto {
  return {
    sessionId: SESSION_ID,
    patientId: PATIENT_ID,
    sessionNumber: 3,
    startedAt: '2026-03-02T10:00:00.000Z',
    patient: { name: 'Ada Lovelace', birthDate: '1980-04-12', sex: 'female' },
    firstTreatment: false,
    concomitant: {
      benzodiazepines: true,
      nonBenzodiazepineSedativeHypnotics: false,
      psychostimulants: false,
      maois: false,
      opioids: false,
    },
    unclassifiedMedications: [],
    dose: '56',
    doseMg: 56,
    lotNumber: 'SPR-123',
    totalMonitoringMinutes: 125,
    minutesUntilReadyToLeave: 90,
    vitalsAcceptablePreDose: true,
    vitalsAcceptableAtEnd: true,
    bp: {
      preDose: { systolic: 130, diastolic: 80, minutesSinceDose: -5 },
      at40Min: null,
      end: { systolic: 128, diastolic: 78, minutesSinceDose: 120 },
    },
    sedation: true,
    dissociation: false,
    respiratoryDepression: false,
    seriousAdverseEvents: [],
    submitBy: '2026-03-09',
    overdue: false,
    complete: false,
    missing: ['monitoringProvider', 'setting', 'bp.at40Min'],
    monitoringProvider: null,
    setting: null,
    corrections: [],
    version: 0,
    submittedAt: null,
    submittedBy: null,
    submittedByName: null,
    reference: null,
    deadline: '2026-03-09T10:00:00.000Z',
    ...overrides,
  };
}

export function aDueItem(overrides: Partial<RemsDueItemDto> = {}): RemsDueItemDto {
  return {
    sessionId: SESSION_ID,
    patientId: PATIENT_ID,
    patientName: 'Ada Lovelace',
    mrn: 'MRN-1',
    sessionNumber: 3,
    startedAt: '2026-03-02T10:00:00.000Z',
    deadline: '2026-03-09T10:00:00.000Z',
    overdue: false,
    missing: ['monitoringProvider', 'setting'],
    ...overrides,
  };
}
