import { aUser, NORTHGATE, RIVERSIDE } from '../../../testing/fixtures';
import {
  EMPTY_USER_DRAFT,
  type UserDraft,
  changedFields,
  clinicNames,
  draftOf,
  reasonError,
  sortUsers,
  toggleId,
  userDraftErrors,
} from './users-admin';

const VALID: UserDraft = {
  name: 'Alex Morgan, RN',
  email: 'alex@riverside.example',
  role: 'nurse',
  password: 'correct horse battery',
  clinicIds: [RIVERSIDE.id],
};

describe('userDraftErrors', () => {
  it.each<[string, Partial<UserDraft>, boolean, Record<string, string>]>([
    ['a complete new nurse', {}, true, {}],
    [
      'an empty form',
      EMPTY_USER_DRAFT,
      true,
      {
        name: 'Enter the person’s name (at least 2 characters).',
        email: 'Enter a work email address, like name@clinic.example.',
        password: 'The first password needs at least 12 characters.',
        role: 'Choose a role.',
      },
    ],
    [
      'a one-letter name',
      { name: ' A ' },
      true,
      { name: 'Enter the person’s name (at least 2 characters).' },
    ],
    [
      'markup in the name',
      { name: 'Alex <b>' },
      true,
      { name: 'The name may not contain < or >.' },
    ],
    [
      'an email without a domain',
      { email: 'alex@' },
      true,
      { email: 'Enter a work email address, like name@clinic.example.' },
    ],
    [
      'an 11-character password',
      { password: '12345678901' },
      true,
      { password: 'The first password needs at least 12 characters.' },
    ],
    [
      'a clinician with no clinic',
      { clinicIds: [] },
      true,
      { clinicIds: 'Choose at least one clinic.' },
    ],
    [
      'an administrator with a clinic',
      { role: 'admin' },
      true,
      { clinicIds: 'Administrators belong to no clinic (they see no patient records).' },
    ],
    ['an administrator without a clinic', { role: 'admin', clinicIds: [] }, true, {}],
    // A change does not ask for the email or a password (neither is changed on this form).
    ['a change with no password or email', { password: '', email: '' }, false, {}],
  ])('%s', (_label, change, creating, expected) => {
    expect(userDraftErrors({ ...VALID, ...change }, creating)).toEqual(expected);
  });
});

describe('reasonError', () => {
  it.each<[string, string | null]>([
    ['', 'Give a reason; it is kept in the audit log.'],
    ['   ', 'Give a reason; it is kept in the audit log.'],
    ['Left the clinic on 30 November', null],
    ['x'.repeat(500), null],
    ['x'.repeat(501), 'The reason may have at most 500 characters.'],
  ])('%j -> %j', (reason, expected) => {
    expect(reasonError(reason)).toBe(expected);
  });
});

describe('changedFields', () => {
  const user = aUser({ name: 'Sam Lee', role: 'nurse', clinicIds: [RIVERSIDE.id, NORTHGATE.id] });

  it('sends nothing when nothing changed (clinic order does not count)', () => {
    expect(
      changedFields(user, { ...draftOf(user), clinicIds: [NORTHGATE.id, RIVERSIDE.id] }),
    ).toEqual({});
  });

  it('sends only the fields that changed', () => {
    expect(
      changedFields(user, { ...draftOf(user), role: 'psychiatrist', name: ' Sam Lee ' }),
    ).toEqual({
      role: 'psychiatrist',
    });
    expect(changedFields(user, { ...draftOf(user), clinicIds: [RIVERSIDE.id] })).toEqual({
      clinicIds: [RIVERSIDE.id],
    });
  });
});

describe('clinicNames', () => {
  it('names the clinics, and shortens an id it does not know', () => {
    expect(
      clinicNames([RIVERSIDE.id, 'abcdef12-0000-4000-8000-000000000000'], [RIVERSIDE, NORTHGATE]),
    ).toBe('Riverside Clinic, Clinic abcdef12');
    expect(clinicNames([], [RIVERSIDE])).toBe('No clinic');
  });
});

describe('sortUsers', () => {
  it('lists accounts that can sign in first, each group by name', () => {
    const users = [
      aUser({ id: '1', name: 'Zoe', disabledAt: null }),
      aUser({ id: '2', name: 'Adam', disabledAt: '2026-11-30T10:00:00.000Z' }),
      aUser({ id: '3', name: 'Bea', disabledAt: null }),
    ];
    expect(sortUsers(users).map((user) => user.name)).toEqual(['Bea', 'Zoe', 'Adam']);
  });
});

describe('toggleId', () => {
  it('adds once and removes', () => {
    expect(toggleId(['a'], 'a', true)).toEqual(['a']);
    expect(toggleId(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b'], 'a', false)).toEqual(['b']);
  });
});
