/**
 * The role x endpoint x clinic matrix of API.md "Roles": every route of the served OpenAPI document
 * is listed here (the last test fails when a new route is not), each role is tried on its own
 * clinic's records and on another clinic's, and without a token.
 */
import type { Role } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { openStream } from './support/stream';
import { Flag } from '../src/flags/flag.entity';
import { FollowUpRequest } from '../src/followups/follow-up-request.entity';
import {
  bearer,
  isoMinutesAgo,
  login,
  makeWorld,
  newPatientBody,
  startApi,
  type TestApi,
  type World,
} from './support/api';

const ROLES: Role[] = ['psychiatrist', 'nurse', 'manager', 'admin'];
const CLINICAL: Role[] = ['psychiatrist', 'nurse', 'manager'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Ids {
  clinicId: string;
  patientId: string;
  sessionId: string;
  flagId: string;
  followUpId: string;
}

interface Endpoint {
  method: 'get' | 'post' | 'patch';
  /** As in the OpenAPI document. */
  route: string;
  allowed: Role[] | 'public';
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

const ENDPOINTS: Endpoint[] = [
  { method: 'get', route: '/api/v1/health', allowed: 'public', path: () => '/api/v1/health' },
  {
    method: 'post',
    route: '/api/v1/auth/login',
    allowed: 'public',
    path: () => '/api/v1/auth/login',
    body: () => ({ email: 'nobody@test.example', password: 'x' }),
    allowedStatus: 401,
  },
  { method: 'get', route: '/api/v1/auth/me', allowed: ROLES, path: () => '/api/v1/auth/me' },
  {
    method: 'post',
    route: '/api/v1/auth/logout',
    allowed: ROLES,
    path: () => '/api/v1/auth/logout',
  },
  {
    method: 'post',
    route: '/api/v1/clinics',
    allowed: ['admin'],
    path: () => '/api/v1/clinics',
    body: () => ({ name: 'Matrix Clinic', timezone: 'Europe/London' }),
  },
  { method: 'get', route: '/api/v1/clinics', allowed: ROLES, path: () => '/api/v1/clinics' },
  {
    method: 'post',
    route: '/api/v1/users',
    allowed: ['admin'],
    path: () => '/api/v1/users',
    body: (ids) => ({
      email: `m-${Math.random().toString(36).slice(2)}@test.example`,
      name: 'Matrix Nurse',
      role: 'nurse',
      password: 'long-enough-password',
      clinicIds: [ids.clinicId],
    }),
  },
  { method: 'get', route: '/api/v1/users', allowed: ['admin'], path: () => '/api/v1/users' },
  {
    method: 'post',
    route: '/api/v1/patients',
    allowed: ['psychiatrist'],
    path: () => '/api/v1/patients',
    body: (ids) => newPatientBody(ids.clinicId),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}`,
    scoped: true,
  },
  {
    method: 'patch',
    route: '/api/v1/patients/{id}',
    allowed: ['psychiatrist'],
    path: (ids) => `/api/v1/patients/${ids.patientId}`,
    body: () => ({ weightKg: 71 }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/sessions',
    allowed: ['psychiatrist'],
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
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}/sessions`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/sessions/${ids.sessionId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/observations',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/observations`,
    body: () => ({ recordedAt: isoMinutesAgo(0), systolic: 128, diastolic: 80, moaas: 5 }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/side-effects',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/side-effects`,
    body: () => ({ type: 'nausea', severity: 'mild', onsetAt: isoMinutesAgo(0) }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/discharge-readiness',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/discharge-readiness`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/rems',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/rems`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/clinics/{id}/thresholds',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/clinics/${ids.clinicId}/thresholds`,
    scoped: true,
  },
  {
    method: 'patch',
    route: '/api/v1/clinics/{id}/thresholds',
    allowed: ['psychiatrist', 'manager'],
    path: (ids) => `/api/v1/clinics/${ids.clinicId}/thresholds`,
    body: () => ({ hrTachycardia: 120 }),
    headers: { 'If-Match': '"999"' }, // stale on purpose: allowed roles get 412, never a change
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/flags/{id}/acknowledge',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/flags/${ids.flagId}/acknowledge`,
    body: () => ({ note: 'seen' }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/flags/{id}/resolve',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/flags/${ids.flagId}/resolve`,
    body: () => ({ note: 'handled' }),
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/entered-in-error',
    allowed: ['psychiatrist'],
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/observations/{id}/entered-in-error',
    allowed: ['psychiatrist', 'nurse'],
    path: (_ids) => `/api/v1/observations/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/side-effects/{id}/entered-in-error',
    allowed: ['psychiatrist', 'nurse'],
    path: (_ids) => `/api/v1/side-effects/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/phq9/{id}/entered-in-error',
    allowed: ['psychiatrist', 'nurse'],
    path: (_ids) => `/api/v1/phq9/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/risk-events/{id}/entered-in-error',
    allowed: ['psychiatrist', 'nurse'],
    path: (_ids) => `/api/v1/risk-events/${UNKNOWN_ID}/entered-in-error`,
    body: () => ({ reason: '' }), // no reason: 400 for allowed roles, nothing marked
    allowedStatus: 400,
  },
  {
    method: 'post',
    route: '/api/v1/sessions/{id}/discharge',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/discharge`,
    body: () => ({ dischargedAt: isoMinutesAgo(0) }), // not ready, no override: 422 for allowed roles
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/phq9',
    allowed: ['psychiatrist', 'nurse'],
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
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}/phq9`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/response',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}/response`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients/{id}/risk-events',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/patients/${ids.patientId}/risk-events`,
    body: () => ({ type: 'craving', occurredAt: isoMinutesAgo(0) }),
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/risk-events',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}/risk-events`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/side-effects',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/patients/${ids.patientId}/side-effects`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/flags',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/flags?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/board',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/board?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/board/tickets',
    allowed: CLINICAL,
    path: () => '/api/v1/board/tickets',
  },
  {
    method: 'get',
    route: '/api/v1/board/stream',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/board/stream?clinicId=${ids.clinicId}`,
    scoped: true,
    stream: true,
  },
  {
    method: 'get',
    route: '/api/v1/outcomes',
    allowed: ['psychiatrist', 'manager'],
    path: (ids) => `/api/v1/outcomes?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/outcomes.csv',
    allowed: ['psychiatrist', 'manager'],
    path: (ids) => `/api/v1/outcomes.csv?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/records.csv',
    allowed: ['psychiatrist', 'manager'],
    path: (ids) => `/api/v1/patients/${ids.patientId}/records.csv`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/patients/{id}/fhir',
    allowed: ['psychiatrist', 'manager'],
    path: (ids) => `/api/v1/patients/${ids.patientId}/fhir`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/sessions/{id}/followups',
    allowed: CLINICAL,
    path: (ids) => `/api/v1/sessions/${ids.sessionId}/followups`,
    scoped: true,
  },
  {
    method: 'post',
    route: '/api/v1/followups/{id}/send',
    allowed: ['psychiatrist', 'nurse'],
    path: (ids) => `/api/v1/followups/${ids.followUpId}/send`,
    body: () => ({ channel: 'email' }), // the patient has no email: 422 for allowed roles
    scoped: true,
  },
  // Public: the link's token is the key; an unknown one is 410 for everyone.
  {
    method: 'get',
    route: '/api/v1/self-report/{token}',
    allowed: 'public',
    path: () => `/api/v1/self-report/${'u'.repeat(43)}`,
    allowedStatus: 410,
  },
  {
    method: 'post',
    route: '/api/v1/self-report/{token}',
    allowed: 'public',
    path: () => `/api/v1/self-report/${'u'.repeat(43)}`,
    body: () => ({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] }),
    allowedStatus: 410,
  },
  {
    method: 'get',
    route: '/api/v1/audit',
    allowed: ['manager', 'admin'],
    path: (ids) => `/api/v1/audit?clinicId=${ids.clinicId}`,
    scoped: true,
  },
  {
    method: 'get',
    route: '/api/v1/audit/verify',
    allowed: ['admin'],
    path: () => '/api/v1/audit/verify',
  },
];

describe('access matrix (API.md roles)', () => {
  let api: TestApi;
  let world: World;
  let ids: Ids;

  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
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
    };
  });
  afterAll(() => api.close());

  /** A token for the role: logout gets a fresh one so the shared tokens stay valid. */
  async function tokenFor(endpoint: Endpoint, clinic: 'a' | 'b', role: Role): Promise<string> {
    if (endpoint.route !== '/api/v1/auth/logout') return world.tokens[clinic][role];
    const user = role === 'admin' ? world.users.admin : world.users[clinic][role];
    return login(api, user.email);
  }

  async function send(
    endpoint: Endpoint,
    token: string | null,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    if (endpoint.stream) {
      const stream = await openStream(api.app, endpoint.path(ids), token ? bearer(token) : {});
      const body =
        stream.status === 200
          ? {}
          : (JSON.parse(await stream.waitFor((b) => b.endsWith('}'))) as Record<string, unknown>);
      stream.close();
      return { status: stream.status, body };
    }
    const res = await sendRequest(endpoint, token);
    return { status: res.status, body: res.body as Record<string, unknown> };
  }

  function sendRequest(endpoint: Endpoint, token: string | null) {
    let req = api.http()[endpoint.method](endpoint.path(ids));
    if (token) req = req.set(bearer(token));
    for (const [k, v] of Object.entries(endpoint.headers ?? {})) req = req.set(k, v);
    return endpoint.body ? req.send(endpoint.body(ids)) : req;
  }

  const cases = ENDPOINTS.flatMap((endpoint) =>
    ROLES.map((role) => ({
      endpoint,
      role,
      name: `${endpoint.method.toUpperCase()} ${endpoint.route} as ${role}`,
    })),
  );

  it.each(cases)('own clinic: $name', async ({ endpoint, role }) => {
    const res = await send(endpoint, await tokenFor(endpoint, 'a', role));
    expect(res.status).toBeLessThan(500);
    if (endpoint.allowed === 'public' || endpoint.allowed.includes(role)) {
      if (endpoint.allowedStatus) expect(res.status).toBe(endpoint.allowedStatus);
      else expect([401, 403, 404]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  const scopedCases = cases.filter(
    (c) =>
      c.endpoint.scoped &&
      c.endpoint.allowed !== 'public' &&
      c.endpoint.allowed.includes(c.role) &&
      c.role !== 'admin',
  );

  it.each(scopedCases)("another clinic's record is a 404: $name", async ({ endpoint, role }) => {
    const before = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'access_denied' } });
    const res = await send(endpoint, await tokenFor(endpoint, 'b', role));
    expect(res.status).toBe(404);
    expect(res.body.statusCode).toBe(404);
    // the attempt is audited as access_denied
    const after = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'access_denied' } });
    expect(after).toBe(before + 1);
  });

  it.each(ENDPOINTS.filter((e) => e.allowed !== 'public'))(
    'no token is a 401: $method $route',
    async (endpoint) => {
      const res = await send(endpoint, null);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    },
  );

  it('a refused role is audited as access_denied', async () => {
    const before = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'access_denied', actorId: world.users.a.nurse.id } });
    await api
      .http()
      .post('/api/v1/patients')
      .set(bearer(world.tokens.a.nurse))
      .send(newPatientBody(world.clinicA.id))
      .expect(403);
    const after = await api.ds
      .getRepository(AuditEntry)
      .count({ where: { action: 'access_denied', actorId: world.users.a.nurse.id } });
    expect(after).toBe(before + 1);
  });

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

  it('every route of the OpenAPI document is in this matrix', async () => {
    const doc = await api.http().get('/api/docs-json').expect(200);
    const served = Object.entries(
      doc.body.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([route, ops]) => Object.keys(ops).map((method) => `${method} ${route}`));
    const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`));
    expect(served.filter((s) => !covered.has(s))).toEqual([]);
    expect(served.length).toBe(covered.size);
  });
});
