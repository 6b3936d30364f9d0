import type { ClinicDto, Role, UserDto } from '@clinic/shared';

/** The server's minimum (backend users DTO); checked here too so the form says so before sending. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_REASON_LENGTH = 500;

export interface UserDraft {
  name: string;
  email: string;
  role: Role | '';
  password: string;
  clinicIds: readonly string[];
}

export const EMPTY_USER_DRAFT: UserDraft = {
  name: '',
  email: '',
  role: '',
  password: '',
  clinicIds: [],
};

export type UserDraftErrors = Partial<Record<keyof UserDraft, string>>;

/** What the administrator must fix before an account is created (or changed, without password). */
export function userDraftErrors(draft: UserDraft, creating: boolean): UserDraftErrors {
  const errors: UserDraftErrors = {};
  const name = draft.name.trim();
  if (name.length < 2) errors.name = 'Enter the person’s name (at least 2 characters).';
  else if (name.length > 200) errors.name = 'The name may have at most 200 characters.';
  else if (/[\u0000-\u001f<>]/.test(name)) errors.name = 'The name may not contain < or >.';
  if (creating) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim()))
      errors.email = 'Enter a work email address, like name@clinic.example.';
    if (draft.password.length < MIN_PASSWORD_LENGTH)
      errors.password = `The first password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (draft.role === '') errors.role = 'Choose a role.';
  else if (draft.role === 'admin' && draft.clinicIds.length > 0)
    errors.clinicIds = 'Administrators belong to no clinic (they see no patient records).';
  else if (draft.role !== 'admin' && draft.clinicIds.length === 0)
    errors.clinicIds = 'Choose at least one clinic.';
  return errors;
}

/** A disable or enable needs a reason: it is kept in the audit log. */
export function reasonError(reason: string): string | null {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return 'Give a reason; it is kept in the audit log.';
  if (trimmed.length > MAX_REASON_LENGTH)
    return `The reason may have at most ${MAX_REASON_LENGTH} characters.`;
  return null;
}

/** The fields of a PATCH: only what changed, so an unchanged field is not audited as a change. */
export function changedFields(
  user: UserDto,
  draft: UserDraft,
): { name?: string; role?: Role; clinicIds?: string[] } {
  const change: { name?: string; role?: Role; clinicIds?: string[] } = {};
  if (draft.name.trim() !== user.name) change.name = draft.name.trim();
  if (draft.role !== '' && draft.role !== user.role) change.role = draft.role;
  const before = [...user.clinicIds].sort().join(',');
  const after = [...draft.clinicIds].sort();
  if (after.join(',') !== before) change.clinicIds = after;
  return change;
}

export function draftOf(user: UserDto): UserDraft {
  return {
    name: user.name,
    email: user.email,
    role: user.role,
    password: '',
    clinicIds: [...user.clinicIds],
  };
}

/** "Riverside Clinic, Harbour Clinic"; an id the administrator's list does not hold is shown short. */
export function clinicNames(clinicIds: readonly string[], clinics: readonly ClinicDto[]): string {
  if (clinicIds.length === 0) return 'No clinic';
  const byId = new Map(clinics.map((clinic) => [clinic.id, clinic.name]));
  return clinicIds.map((id) => byId.get(id) ?? `Clinic ${id.slice(0, 8)}`).join(', ');
}

/** Accounts that can sign in first, then by name (a disabled account stays listed: it has history). */
export function sortUsers(users: readonly UserDto[]): UserDto[] {
  return [...users].sort(
    (a, b) =>
      Number(a.disabledAt !== null) - Number(b.disabledAt !== null) ||
      a.name.localeCompare(b.name) ||
      a.email.localeCompare(b.email),
  );
}

export function toggleId(ids: readonly string[], id: string, on: boolean): string[] {
  const without = ids.filter((other) => other !== id);
  return on ? [...without, id] : without;
}
