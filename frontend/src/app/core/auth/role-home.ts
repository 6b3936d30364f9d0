import type { Role } from '@clinic/shared';

/**
 * Where each role starts after signing in (and where a page it may not use sends it): the screen
 * it works from all day. Administrators see no clinical data; their home is the accounts screen.
 */
export function homeUrlFor(role: Role | null): string {
  switch (role) {
    case 'nurse':
      return '/board';
    case 'manager':
      return '/manager/outcomes';
    case 'admin':
      return '/admin/users';
    case 'psychiatrist':
    case null:
      return '/patients';
  }
}
