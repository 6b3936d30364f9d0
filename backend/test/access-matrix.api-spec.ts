/**
 * The role x endpoint x clinic matrix of API.md "Roles", generated from the served OpenAPI
 * document: every operation (method and path) of the document is tried as every role on its own
 * clinic's records and on another clinic's, without a token, with a revoked token and with a
 * garbage one; every answer carries Cache-Control: no-store, nosniff and the CSP. What each role
 * may do comes from POLICY, the table of API.md "Roles" (not from the code's @Allow metadata); each
 * operation names its row. The coverage test fails when the document has an operation this file
 * does not list, or this file lists one the document no longer has.
 */
import { type Role, SCREENING_ITEMS } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { openStream } from './support/stream';
import { Flag } from '../src/flags/flag.entity';
import { FollowUpRequest } from '../src/followups/follow-up-request.entity';
import { bearer, isoMinutesAgo, login, makeUser, newPatientBody } from './support/api';
import { useApi } from './support/use-api';
import { servedOperations } from './support/security-fixtures';

const ROLES: Role[] = ['psychiatrist', 'nurse', 'manager', 'admin'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** The patient's safety plan (version 1), so its reads answer 200 and a stale save 412. */
const SAFETY_PLAN = {
  warningSigns: ['Not sleeping'],
  copingStrategies: [],
  socialDistractions: [],
  helpContacts: [],
  professionalContacts: ['988 Suicide & Crisis Lifeline'],
  meansSafety: '',
  reasonsForLiving: 'Family',
};

/**
 * API.md "Roles", row by row (the first nine rows verbatim), and the rows its endpoint list adds:
 * public routes, what any signed-in user may do (Auth; GET /clinics lists the user's own clinics),
 * the audit chain check (admin), and entered-in-error, which goes with creating the record (a
 * session: the psychiatrist who orders doses; other records: whoever records them).
 */
const POLICY = {
  'clinics, users: create/list': ['admin'],
  'patients: create, update': ['psychiatrist'],
  'patients, sessions, assessments, flags: read': ['psychiatrist', 'nurse', 'manager'],
  'sessions: create (order the dose), discharge override': ['psychiatrist'],
  'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send': [
    'psychiatrist',
    'nurse',
  ],
  'flags: acknowledge / resolve': ['psychiatrist', 'nurse'],
  'outcomes, exports': ['psychiatrist', 'manager'],
  'audit log': ['manager', 'admin'],
  'clinic thresholds: change': ['psychiatrist', 'manager'],
  public: 'public',
  'signed in': ['psychiatrist', 'nurse', 'manager', 'admin'],
  'audit log: verify the chain': ['admin'],
  'sessions: entered in error': ['psychiatrist'],
  'other records: entered in error': ['psychiatrist', 'nurse'],
  // API.md "v2 additions > Suicide risk": psychiatrist and nurse record; all clinical roles read
  'C-SSRS screeners, safety plans: record/edit': ['psychiatrist', 'nurse'],
  // API.md "v2 additions > Accounts and administration": disable, enable, sign out everywhere, change
  'users: change, disable, enable, revoke sessions': ['admin'],
  // API.md "v2 additions > Ordered and started sessions": the nurse gives the dose (start); the
  // psychiatrist may too; either may cancel an order not started (docs/decisions.md)
  'sessions: start an ordered dose, cancel an order': ['psychiatrist', 'nurse'],
  // API.md "v2 additions > Treatment courses": protocols by psychiatrists and managers; screenings
  // and courses (start, phase, end) by psychiatrists only
  'protocols: create': ['psychiatrist', 'manager'],
  'screenings, courses: record': ['psychiatrist'],
  // API.md "v2 additions > REMS and printing": those who record the session complete its REMS
  // form and mark it submitted; managers read it and the list due (docs/decisions.md)
  'REMS forms: complete, mark submitted': ['psychiatrist', 'nurse'],
} satisfies Record<string, Role[] | 'public'>;
type Action = keyof typeof POLICY;

interface Ids {
  clinicId: string;
  patientId: string;
  sessionId: string;
  flagId: string;
  followUpId: string;
  /** A nurse of clinic A whose account the administration rows act on. */
  userId: string;
  /** The patient's (legacy) treatment course. */
  courseId: string;
}

interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'put';
  /** As in the OpenAPI document. */
  route: string;
  /** The row of POLICY. */
  action: Action;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, unknown>;
  headers?: Record<string, string>;
  /** True when the route takes a record (or clinic) id, so another clinic's must answer 404. */
  scoped?: boolean;
  /** The status an allowed caller gets, when the request is built to be refused for another reason. */
  allowedStatus?: number;
  /** A Server-Sent Events stream: judged on its status line, then closed. */
  stream?: boolean;
}

const keyOf = (e: { method: string; route: string }): string => `${e.method} ${e.route}`;
const allowedRoles = (e: Endpoint): Role[] | 'public' => POLICY[e.action];
const allows = (e: Endpoint, role: Role): boolean => {
  const allowed = allowedRoles(e);
  return allowed === 'public' || allowed.includes(role);
};

/** Every operation of the API: its row of the policy and how to call it. */
const ENDPOINTS: Endpoint[] = [
  { method: 'get', route: '/api/v1/health', action: 'public', path: () => '/api/v1/health' },
  {
    method: 'post',
    route: '/api/v1/auth/login',
    action: 'public',
    path: () => '/api/v1/auth/login',
    // an unknown address each time (five failures for one account are throttled: 429)
    body: () => ({
      email: `nobody-${Math.random().toString(36).slice(2)}@test.example`,
      password: 'x',
    }),
    allowedStatus: 401,
  },
  { method: 'get', route: '/api/v1/auth/me', action: 'signed in', path: () => '/api/v1/auth/me' },
  {
    method: 'post',
    route: '/api/v1/auth/logout',
    action: 'signed in',
    path: () => '/api/v1/auth/logout',
  },
  {
    method: 'post',
    route: '/api/v1/clinics',
    action: 'clinics, users: create/list',
    path: () => '/api/v1/clinics',
    body: () => ({ name: 'Matrix Clinic', timezone: 'Europe/London' }),
  },
  { method: 'get', route: '/api/v1/clinics', action: 'signed in', path: () => '/api/v1/clinics' },
  {
    method: 'post',
    route: '/api/v1/users',
    action: 'clinics, users: create/list',
    path: () => '/api/v1/users',
    body: (ids) => ({
      email: `m-${Math.random().toString(36).slice(2)}@test.example`,
      name: 'Matrix Nurse',
      role: 'nurse',
      password: 'long-enough-password',
      clinicIds: [ids.clinicId],
    }),
  },
  {
    method: 'get',
    route: '/api/v1/users',
    action: 'clinics, users: create/list',
    path: () => '/api/v1/users',
  },
  {
    method: 'patch',
    route: '/api/v1/users/{id}',
    action: 'users: change, disable, enable, revoke sessions',
    path: (ids) => `/api/v1/users/${ids.userId}`,
    body: () => ({ name: 'Matrix Renamed' }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
  },
  {
    method: 'post',
    route: '/api/v1/users/{id}/disable',
    action: 'users: change, disable, enable, revoke sessions',
    path: (ids) => `/api/v1/users/${ids.userId}/disable`,
    body: () => ({ reason: 'Matrix check' }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: the account stays enabled
    allowedStatus: 412,
  },
  {
    method: 'post',
    route: '/api/v1/users/{id}/enable',
    action: 'users: change, disable, enable, revoke sessions',
    path: (ids) => `/api/v1/users/${ids.userId}/enable`,
    body: () => ({ reason: 'Matrix check' }),
    headers: { 'If-Match': '"999"' },
    allowedStatus: 412,
  },
  {
    method: 'post',
    route: '/api/v1/users/{id}/sessions/revoke',
    action: 'users: change, disable, enable, revoke sessions',
    // the matrix user signs in nowhere: ending its sessions touches no one else's token
    path: (ids) => `/api/v1/users/${ids.userId}/sessions/revoke`,
    allowedStatus: 204,
  },
  {
    method: 'post',
    route: '/api/v1/patients',
    action: 'patients: create, update',
    path: () => '/api/v1/patients',
    body: (ids) => newPatientBody(ids.clinicId),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/search',
    action: 'patients, sessions, assessments, flags: read',
    path: () => '/api/v1/patients/search',
    body: (ids) => ({ clinicId: ids.clinicId, search: 'a' }),
    allowedStatus: 200,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}`,
    scoped: true,
  },
  {
    method: 'patch',
    route: '/api/v1/patients/{id}',
    action: 'patients: create, update',
    path: (ids) => `/api/v1/patients/${ids.patientId}`,
    body: () => ({ weightKg: 71 }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/sessions',
    action: 'sessions: create (order the dose), discharge override',
    path: (ids) => `/api/v1/patients/${ids.patientId}/sessions`,
    body: () => ({
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      startedAt: isoMinutesAgo(1),
      infusionMinutes: 40,
    }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/sessions',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/sessions`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/observations',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/observations`,
    body: () => ({ recordedAt: isoMinutesAgo(0), systolic: 128, diastolic: 80, moaas: 5 }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/side-effects',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/side-effects`,
    body: () => ({ type: 'nausea', severity: 'mild', onsetAt: isoMinutesAgo(0) }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/discharge-readiness',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/discharge-readiness`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/rems',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/rems`,
    scoped: true,
  },
  {
    method: 'patch',
    route: '/api/v1/sessions/{id}/rems',
    action: 'REMS forms: complete, mark submitted',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/rems`,
    body: () => ({ setting: 'Not saved' }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    allowedStatus: 412,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/rems/submitted',
    action: 'REMS forms: complete, mark submitted',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/rems/submitted`,
    body: () => ({ submittedAt: isoMinutesAgo(1) }),
    allowedStatus: 422, // the form still misses fields: never marked submitted here
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/rems/due',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/rems/due?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/clinics/{id}/thresholds',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/clinics/${ids.clinicId}/thresholds`,
    scoped: true,
  },
  {
    method: 'patch',
    route: '/api/v1/clinics/{id}/thresholds',
    action: 'clinic thresholds: change',
    path: (ids) => `/api/v1/clinics/${ids.clinicId}/thresholds`,
    body: () => ({ hrTachycardia: 120 }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/flags/{id}/acknowledge',
    action: 'flags: acknowledge / resolve',
    path: (ids) => `/api/v1/flags/${ids.flagId}/acknowledge`,
    body: () => ({ note: 'seen' }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/flags/{id}/resolve',
    action: 'flags: acknowledge / resolve',
    path: (ids) => `/api/v1/flags/${ids.flagId}/resolve`,
    body: () => ({ note: 'handled' }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/entered-in-error',
    action: 'sessions: entered in error',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/observations/{id}/entered-in-error',
    action: 'other records: entered in error',
    path: (_ids) => `/api/v1/observations/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/side-effects/{id}/entered-in-error',
    action: 'other records: entered in error',
    path: (_ids) => `/api/v1/side-effects/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/phq9/{id}/entered-in-error',
    action: 'other records: entered in error',
    path: (_ids) => `/api/v1/phq9/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/risk-events/{id}/entered-in-error',
    action: 'other records: entered in error',
    path: (_ids) => `/api/v1/risk-events/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/discharge',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/discharge`,
    body: () => ({ dischargedAt: isoMinutesAgo(0) }), // not ready, no override: 422 for allowed roles
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/start',
    action: 'sessions: start an ordered dose, cancel an order',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/start`,
    body: () => ({ startedAt: isoMinutesAgo(0) }), // already in progress: 409 for allowed roles
    scoped: true,
    allowedStatus: 409,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/cancel',
    action: 'sessions: start an ordered dose, cancel an order',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/cancel`,
    body: () => ({ reason: 'patient did not come' }), // in progress: 422 for allowed roles
    scoped: true,
    allowedStatus: 422,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/phq9',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/patients/${ids.patientId}/phq9`,
    body: () => ({
      administeredAt: isoMinutesAgo(0),
      items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
      recall: 'two_weeks',
    }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/phq9',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/phq9`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/cssrs/{id}/entered-in-error',
    action: 'other records: entered in error',
    path: (_ids) => `/api/v1/cssrs/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/cssrs',
    action: 'C-SSRS screeners, safety plans: record/edit',
    path: (ids) => `/api/v1/patients/${ids.patientId}/cssrs`,
    body: () => ({
      administeredAt: isoMinutesAgo(1),
      wishDead: false,
      suicidalThoughts: false,
      behavior: false,
    }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/cssrs',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/cssrs`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/safety-plan',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/safety-plan`,
    scoped: true,
  },
  {
    method: 'put',
    route: '/api/v1/patients/{id}/safety-plan',
    action: 'C-SSRS screeners, safety plans: record/edit',
    path: (ids) => `/api/v1/patients/${ids.patientId}/safety-plan`,
    body: () => ({ ...SAFETY_PLAN, reasonsForLiving: 'Not saved' }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/safety-plan/versions',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/safety-plan/versions`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/protocols',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/protocols?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/protocols',
    action: 'protocols: create',
    path: () => '/api/v1/protocols',
    body: (ids) => ({
      clinicId: ids.clinicId,
      name: 'Matrix protocol',
      drug: 'ketamine',
      route: 'iv',
      induction: { sessions: 6, withinDays: 21, maxPerWeek: 3 },
      maintenance: null,
      dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5], max: 0.5 },
    }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/screenings',
    action: 'screenings, courses: record',
    path: (ids) => `/api/v1/patients/${ids.patientId}/screenings`,
    body: () => ({
      drug: 'ketamine',
      screenedAt: isoMinutesAgo(60),
      answers: Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])),
      consentAt: isoMinutesAgo(60),
    }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/screenings',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/screenings`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/courses',
    action: 'screenings, courses: record',
    path: (ids) => `/api/v1/patients/${ids.patientId}/courses`,
    // the patient has a course that has not ended: 422 for allowed roles, never a new course
    body: () => ({ protocolId: UNKNOWN_ID, screeningId: UNKNOWN_ID, kind: 'initial' }),
    scoped: true,
    allowedStatus: 422,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/courses',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/courses`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/courses/{id}',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/courses/${ids.courseId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/course-summary',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/course-summary?courseId=${ids.courseId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/courses/{id}/phase',
    action: 'screenings, courses: record',
    path: (ids) => `/api/v1/courses/${ids.courseId}/phase`,
    body: () => ({ phase: 'maintenance', reason: 'Matrix check' }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
    allowedStatus: 412,
  },
  {
    method: 'post',
    route: '/api/v1/courses/{id}/end',
    action: 'screenings, courses: record',
    path: (ids) => `/api/v1/courses/${ids.courseId}/end`,
    body: () => ({ reason: 'other' }),
    headers: { 'If-Match': '"999"' },
    scoped: true,
    allowedStatus: 412,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/response',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/response`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/risk-events',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/patients/${ids.patientId}/risk-events`,
    body: () => ({ type: 'craving', occurredAt: isoMinutesAgo(0) }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/risk-events',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/risk-events`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/side-effects',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/patients/${ids.patientId}/side-effects`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/flags',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/flags?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/board',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/board?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/board/tickets',
    action: 'patients, sessions, assessments, flags: read',
    path: () => '/api/v1/board/tickets',
  },
  {
    method: 'get',
    route: '/api/v1/board/stream',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/board/stream?clinicId=${ids.clinicId}`,
    scoped: true,
    stream: true,
  },
  {
    method: 'get',
    route: '/api/v1/outcomes',
    action: 'outcomes, exports',
    path: (ids) => `/api/v1/outcomes?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/outcomes.csv',
    action: 'outcomes, exports',
    path: (ids) => `/api/v1/outcomes.csv?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/records.csv',
    action: 'outcomes, exports',
    path: (ids) => `/api/v1/patients/${ids.patientId}/records.csv`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/fhir',
    action: 'outcomes, exports',
    path: (ids) => `/api/v1/patients/${ids.patientId}/fhir`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/followups',
    action: 'patients, sessions, assessments, flags: read',
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/followups`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/followups/{id}/send',
    action:
      'observations, side effects, risk events, PHQ-9, discharge, follow-up links: record/send',
    path: (ids) => `/api/v1/followups/${ids.followUpId}/send`,
    body: () => ({ channel: 'email' }), // the patient has no email: 422 for allowed roles
    scoped: true,
  },
  // Public: the link's token is the key; an unknown one is 410 for everyone.
  {
    method: 'get',
    route: '/api/v1/self-report/{token}',
    action: 'public',
    path: () => `/api/v1/self-report/${'u'.repeat(43)}`,
    allowedStatus: 410,
  },
  {
    method: 'post',
    route: '/api/v1/self-report/{token}',
    action: 'public',
    path: () => `/api/v1/self-report/${'u'.repeat(43)}`,
    body: () => ({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] }),
    allowedStatus: 410,
  },
  {
    method: 'get',
    route: '/api/v1/audit',
    action: 'audit log',
    path: (ids) => `/api/v1/audit?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/audit/views',
    action: 'audit log',
    path: (ids) => `/api/v1/audit/views?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/audit/actors',
    action: 'audit log',
    path: (ids) => `/api/v1/audit/actors?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/audit/verify',
    action: 'audit log: verify the chain',
    path: () => '/api/v1/audit/verify',
  },
];

describe('access matrix (API.md roles)', () => {
  const { api, world } = useApi();
  let ids: Ids;
  let served: string[];
  const byKey = new Map(ENDPOINTS.map((e) => [keyOf(e), e]));

  beforeAll(async () => {
    const patient = await api
      .http()
      .post('/api/v1/patients')
      .set(bearer(world.tokens.a.psychiatrist))
      .send(newPatientBody(world.clinicA.id))
      .expect(201);
    const session = await api
      .http()
      .post(`/api/v1/patients/${patient.body.id}/sessions`)
      .set(bearer(world.tokens.a.psychiatrist))
      .send({ drug: 'esketamine', route: 'intranasal', doseMg: 56, startedAt: isoMinutesAgo(10) })
      .expect(201);
    // a fast heart rate raises hr.tachycardia: the flag the acknowledge/resolve rows act on
    await api
      .http()
      .post(`/api/v1/sessions/${session.body.id}/observations`)
      .set(bearer(world.tokens.a.nurse))
      .send({ recordedAt: isoMinutesAgo(1), heartRate: 130 })
      .expect(201);
    await api
      .http()
      .put(`/api/v1/patients/${patient.body.id}/safety-plan`)
      .set(bearer(world.tokens.a.nurse))
      .send(SAFETY_PLAN)
      .expect(200);
    const flag = await api.ds
      .getRepository(Flag)
      .findOneByOrFail({ patientId: patient.body.id, rule: 'hr.tachycardia' });
    const followUp = await api.ds
      .getRepository(FollowUpRequest)
      .findOneByOrFail({ sessionId: session.body.id, kind: '24h' });
    ids = {
      clinicId: world.clinicA.id,
      patientId: patient.body.id,
      sessionId: session.body.id,
      flagId: flag.id,
      followUpId: followUp.id,
      userId: (await makeUser(api.ds, 'nurse', [world.clinicA.id])).id,
      courseId: (session.body as { courseId: string }).courseId,
    };
    served = await servedOperations(api);
  });

  /** The operations of the served document, each with its entry here (missing ones: the coverage test). */
  const operations = (): Endpoint[] =>
    served.map((key) => byKey.get(key)).filter((e): e is Endpoint => e !== undefined);

  /** A token for the role: logout gets a fresh one so the shared tokens stay valid. */
  async function tokenFor(endpoint: Endpoint, clinic: 'a' | 'b', role: Role): Promise<string> {
    if (endpoint.route !== '/api/v1/auth/logout') return world.tokens[clinic][role];
    const user = role === 'admin' ? world.users.admin : world.users[clinic][role];
    return login(api, user.email);
  }

  async function send(
    endpoint: Endpoint,
    authorization: string | null,
  ): Promise<{ status: number; body: Record<string, unknown>; unsafe: string | null }> {
    const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
    if (endpoint.stream) {
      const stream = await openStream(api.app, endpoint.path(ids), headers);
      const body =
        stream.status === 200
          ? {}
          : (JSON.parse(await stream.waitFor((b) => b.endsWith('}'))) as Record<string, unknown>);
      stream.close();
      return { status: stream.status, body, unsafe: null };
    }
    let req = api.http()[endpoint.method](endpoint.path(ids)).set(headers);
    for (const [k, v] of Object.entries(endpoint.headers ?? {})) req = req.set(k, v);
    const res = await (endpoint.body ? req.send(endpoint.body(ids)) : req);
    return {
      status: res.status,
      body: res.body as Record<string, unknown>,
      unsafe: unsafeHeaders(res.headers),
    };
  }

  /** What is missing of the headers every API answer carries (patient data is never cached). */
  function unsafeHeaders(h: Record<string, string | undefined>): string | null {
    const missing = [
      h['cache-control'] === 'no-store' ? null : `Cache-Control ${h['cache-control']}`,
      h['x-content-type-options'] === 'nosniff' ? null : 'X-Content-Type-Options',
      (h['content-security-policy'] ?? '').includes("default-src 'self'") ? null : 'CSP',
    ].filter((x) => x !== null);
    return missing.length ? `headers: ${missing.join(', ')}` : null;
  }

  const deniedCount = (clinicId?: string): Promise<number> =>
    api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'access_denied', ...(clinicId ? { clinicId } : {}) } });

  /**
   * Sends the operation as the role and returns what differs from the policy (null: as expected).
   * Allowed: anything but 401/403/404 (or the status the request is built to get). Not allowed:
   * 403 in the error shape, audited as access_denied once (each user here has one clinic, or none).
   * Another clinic's record (allowed role with clinics): 404, audited as access_denied under the
   * actor's clinic and once for the administrator, never under the record's clinic (issue 19).
   */
  async function check(endpoint: Endpoint, clinic: 'a' | 'b', role: Role): Promise<string | null> {
    const token = await tokenFor(endpoint, clinic, role);
    const before = await deniedCount();
    const beforeUnderA = await deniedCount(world.clinicA.id);
    const res = await send(endpoint, `Bearer ${token}`);
    const audited = (await deniedCount()) - before;
    const underA = (await deniedCount(world.clinicA.id)) - beforeUnderA;
    const got = `${res.status} ${JSON.stringify(res.body).slice(0, 160)} (access_denied +${audited}, under clinic A +${underA})`;
    const otherClinics = clinic === 'b' && endpoint.scoped && role !== 'admin';
    if (res.status >= 500) return got;
    if (res.unsafe) return `${res.unsafe}: ${got}`;
    if (!allows(endpoint, role)) {
      const ok =
        res.status === 403 && res.body['statusCode'] === 403 && res.body['error'] === 'Forbidden';
      return ok && audited === 1 ? null : `expected 403 audited, got ${got}`;
    }
    if (otherClinics) {
      return res.status === 404 && res.body['statusCode'] === 404 && audited === 2 && underA === 0
        ? null
        : `expected 404 audited under the actor's clinic, got ${got}`;
    }
    if (endpoint.allowedStatus)
      return res.status === endpoint.allowedStatus
        ? null
        : `expected ${endpoint.allowedStatus}, got ${got}`;
    return [401, 403, 404].includes(res.status) ? `expected to be allowed, got ${got}` : null;
  }

  const matrix = ROLES.flatMap((role) =>
    (['a', 'b'] as const).map((clinic) => ({
      role,
      clinic,
      name: `${role}, ${clinic === 'a' ? "own clinic's records" : "another clinic's records"}`,
    })),
  );

  it.each(matrix)('every operation of the document as $name', async ({ role, clinic }) => {
    const wrong: string[] = [];
    for (const endpoint of operations()) {
      const problem = await check(endpoint, clinic, role);
      if (problem) wrong.push(`${endpoint.method.toUpperCase()} ${endpoint.route}: ${problem}`);
    }
    expect(wrong).toEqual([]);
    expect(operations().length).toBeGreaterThan(40);
  });

  it.each([
    ['no token', () => Promise.resolve(null)],
    ['a garbage token', () => Promise.resolve('Bearer not-a-real-token-at-all')],
    ['a malformed Authorization header', () => Promise.resolve('Basic dXNlcjpwYXNzd29yZA==')],
    [
      'a revoked token',
      async () => {
        const token = await login(api, world.users.a.psychiatrist.email);
        await api.http().post('/api/v1/auth/logout').set(bearer(token)).expect(204);
        return `Bearer ${token}`;
      },
    ],
  ] as const)(
    'every operation of the document with %s: 401 (public ones as for anyone)',
    async (_name, auth) => {
      const authorization = await auth();
      const wrong: string[] = [];
      for (const endpoint of operations()) {
        const res = await send(endpoint, authorization);
        const publicRoute = allowedRoles(endpoint) === 'public';
        const ok = publicRoute
          ? res.status < 500 &&
            (endpoint.allowedStatus
              ? res.status === endpoint.allowedStatus
              : ![401, 403, 404].includes(res.status))
          : res.status === 401 &&
            res.body['statusCode'] === 401 &&
            res.body['error'] === 'Unauthorized';
        if (!ok || res.unsafe)
          wrong.push(
            `${endpoint.method.toUpperCase()} ${endpoint.route}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
      }
      expect(wrong).toEqual([]);
    },
  );

  it("lists never include another clinic's patients", async () => {
    const res = await api
      .http()
      .get('/api/v1/patients?limit=200')
      .set(bearer(world.tokens.b.psychiatrist))
      .expect(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).not.toContain(ids.patientId);
    expect(res.body.items.every((p: { clinicId: string }) => p.clinicId === world.clinicB.id)).toBe(
      true,
    );
  });

  it('covers exactly the operations of the OpenAPI document (method and path)', () => {
    const listed = ENDPOINTS.map(keyOf);
    expect(served.filter((op) => !byKey.has(op))).toEqual([]);
    expect(listed.filter((op) => !served.includes(op))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('names a row of the policy table for every operation', () => {
    const rows = new Set(Object.keys(POLICY));
    expect(ENDPOINTS.filter((e) => !rows.has(e.action)).map(keyOf)).toEqual([]);
  });
});
