import type { PatientDto } from '@clinic/shared';
import type { Patient } from './patient.entity';

export function toPatientDto(p: Patient): PatientDto {
  return {
    id: p.id,
    clinicId: p.clinicId,
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    sex: p.sex,
    weightKg: p.weightKg,
    email: p.email,
    phone: p.phone,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function patientSearchText(p: Pick<Patient, 'givenName' | 'familyName' | 'mrn'>): string {
  return `${p.givenName} ${p.familyName} ${p.mrn}`.toLowerCase().slice(0, 300);
}
