import { ROLES, type Role } from '@clinic/shared';

import { homeUrlFor } from '../auth/role-home';
import { navigationFor } from './navigation';

describe('navigationFor', () => {
  it.each<[Role, string[]]>([
    [
      'psychiatrist',
      ['Patients /patients', 'Flags /flags', 'REMS forms /rems', 'Protocols /protocols'],
    ],
    ['nurse', ['Board /board', 'Patients /patients', 'Flags /flags', 'REMS forms /rems']],
    [
      'manager',
      [
        'Patients /patients',
        'REMS forms /rems',
        'Outcomes /manager/outcomes',
        'Audit log /manager/audit',
        'Protocols /protocols',
      ],
    ],
    ['admin', ['Users /admin/users']],
  ])('%s: %p', (role, expected) => {
    expect(navigationFor(role).map((item) => `${item.label} ${item.path}`)).toEqual(expected);
  });

  it('has nothing for a signed-out visitor', () => {
    expect(navigationFor(null)).toEqual([]);
  });

  it.each(ROLES)('puts the start page of a %s in its navigation', (role) => {
    expect(navigationFor(role).map((item) => item.path)).toContain(homeUrlFor(role));
  });
});

describe('homeUrlFor', () => {
  it.each<[Role | null, string]>([
    ['nurse', '/board'],
    ['manager', '/manager/outcomes'],
    ['psychiatrist', '/patients'],
    ['admin', '/admin/users'],
    [null, '/patients'],
  ])('%s -> %s', (role, home) => {
    expect(homeUrlFor(role)).toBe(home);
  });
});
