import type { ClinicDto, LoginResponse, PatientDto, UserDto } from '@clinic/shared';

export const RIVERSIDE: ClinicDto = {
  id: '6f1c8a52-0d1e-4d0e-9a54-1b5c3f0e7a01',
  name: 'Riverside Clinic',
  timezone: 'Europe/London',
};
export const NORTHGATE: ClinicDto = {
  id: '0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02',
  name: 'Northgate Clinic',
  timezone: 'Europe/London',
};

export function aUser(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: '9d2b7a40-3c1f-4e8b-b2a6-5f0c1d9e8a03',
    email: 'psychiatrist@riverside.demo.clinic',
    name: 'Dr Amara Okafor',
    role: 'psychiatrist',
    clinicIds: [RIVERSIDE.id],
    disabledAt: null,
    version: 1,
    ...overrides,
  };
}

export function aLoginResponse(user: UserDto = aUser()): LoginResponse {
  return {
    token: 'token-abc-123',
    expiresAt: '2026-11-27T02:05:00.000Z',
    idleTimeoutSeconds: 900,
    user,
  };
}

let patientNumber = 0;

export function aPatient(overrides: Partial<PatientDto> = {}): PatientDto {
  patientNumber += 1;
  return {
    id: `00000000-0000-4000-8000-${String(patientNumber).padStart(12, '0')}`,
    clinicId: RIVERSIDE.id,
    mrn: `RC-${String(1000 + patientNumber)}`,
    givenName: 'Jordan',
    familyName: `Patient${String(patientNumber)}`,
    birthDate: '1984-03-12',
    sex: 'female',
    weightKg: 70,
    email: null,
    phone: null,
    version: 1,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}
