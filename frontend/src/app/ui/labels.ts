import type { Role, Sex } from '@clinic/shared';

export const ROLE_LABELS: Record<Role, string> = {
  psychiatrist: 'Psychiatrist',
  nurse: 'Nurse',
  manager: 'Clinic manager',
  admin: 'Administrator',
};

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};
