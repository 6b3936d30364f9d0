import type { Role } from '@clinic/shared';

export interface NavItem {
  label: string;
  path: string;
}

const BOARD: NavItem = { label: 'Board', path: '/board' };
const PATIENTS: NavItem = { label: 'Patients', path: '/patients' };
const FLAGS: NavItem = { label: 'Flags', path: '/flags' };
const REMS: NavItem = { label: 'REMS forms', path: '/rems' };
const OUTCOMES: NavItem = { label: 'Outcomes', path: '/manager/outcomes' };
const AUDIT: NavItem = { label: 'Audit log', path: '/manager/audit' };
const PROTOCOLS: NavItem = { label: 'Protocols', path: '/protocols' };
const USERS: NavItem = { label: 'Users', path: '/admin/users' };

/**
 * The main navigation of each role, in the order of its day. The server enforces the same limits
 * (API.md, "Roles"); administrators see no clinical data, so
 * no clinical screen: only accounts.
 */
export const NAVIGATION: Readonly<Record<Role, readonly NavItem[]>> = {
  psychiatrist: [PATIENTS, FLAGS, REMS, PROTOCOLS],
  nurse: [BOARD, PATIENTS, FLAGS, REMS],
  manager: [PATIENTS, REMS, OUTCOMES, AUDIT, PROTOCOLS],
  admin: [USERS],
};

export function navigationFor(role: Role | null): readonly NavItem[] {
  return role === null ? [] : NAVIGATION[role];
}
