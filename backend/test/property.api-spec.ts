/**
 * Property-based tests (fast-check): every write operation (POST/PATCH) of the served OpenAPI
 * document gets malformed bodies (wrong types, missing and extra fields, nulls, huge strings and
 * numbers, deep nesting, `__proto__` keys, arrays instead of objects, invalid dates, enums and
 * UUIDs), malformed query strings and malformed headers (Content-Type, broken JSON, If-Match,
 * Idempotency-Key, Authorization) from an authorised user. Every answer must be a 4xx in the error
 * shape of API.md, and no row may be written or changed (audit entries, sessions and idempotency
 * keys aside).
 * The GET operations with query parameters get malformed query strings the same way.
 *
 * Each case is built from a valid request by at least one change that makes it invalid, and the
 * last test sends every valid request once, so a case cannot pass merely because its base was
 * already refused. Reproduce a failure with PROPERTY_SEED=<seed printed> (PROPERTY_RUNS to scale).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { EntityMetadata } from 'typeorm';
import { DEFAULT_THRESHOLDS, type Role } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { AuthSession } from '../src/auth/auth-session.entity';
import { Clinic } from '../src/clinics/clinic.entity';
import { Flag } from '../src/flags/flag.entity';
import { IdempotencyKey } from '../src/common/idempotency/idempotency-key.entity';
import { Patient } from '../src/patients/patient.entity';
import { SafetyPlan } from '../src/suicide-risk/safety-plan.entity';
import { User } from '../src/users/user.entity';
import {
  bearer,
  login,
  makeWorld,
  PASSWORD,
  startApi,
  type TestApi,
  type World,
} from './support/api';
import { isoAt, MINUTE } from './support/clinical-fixtures';
import { openStream } from './support/stream';
import {
  type ClinicalRecords,
  makeClinicalRecords,
  servedOperations,
} from './support/security-fixtures';

const SEED = Number(process.env['PROPERTY_SEED'] ?? 20_261_127);
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 100);
const QUERY_RUNS = Math.max(10, Math.round(RUNS / 2));

/** Tables a refused request may write to: the audit log (audited denials), sessions (each request slides its idle timeout), idempotency keys. */
const UNCOUNTED = new Set<unknown>([AuditEntry, AuthSession, IdempotencyKey]);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

// ---- the operations -------------------------------------------------------------------------

interface Ctx {
  world: World;
  r: ClinicalRecords;
  api: TestApi;
}

interface WriteOp {
  /** The role the requests are sent as (null: a public route). */
  role: Role | null;
  path: (c: Ctx) => string;
  /** A valid body (every optional field included, so each can be broken); null: the route takes none. */
  body: ((c: Ctx) => Record<string, unknown>) | null;
  /** Headers a valid request needs (If-Match). */
  headers?: (c: Ctx) => Promise<Record<string, string>>;
  /** An empty object is refused (PATCH: nothing to change). */
  emptyRefused?: boolean;
  /** Optional fields that may not be null (PATCH: a patient's name cannot be removed). */
  notNull?: string[];
  /** The status of the valid request, sent once at the end. */
  validStatus: number;
  /** A fresh token for the valid request (logout revokes it). */
  freshToken?: boolean;
}

const now = (): string => isoAt(Date.now(), -MINUTE);
/** The HTTP method of an operation key ("put /api/v1/...": put). */
const methodOf = (key: string): 'post' | 'patch' | 'put' =>
  key.split(' ')[0] as 'post' | 'patch' | 'put';
const reason = { reason: 'recorded against the wrong patient' };
const patientVersion = async (c: Ctx) => {
  const p = await c.api.ds.getRepository(Patient).findOneByOrFail({ id: c.r.patientId });
  return { 'If-Match': `"${p.version}"` };
};
const safetyPlanVersion = async (c: Ctx) => {
  const [latest] = await c.api.ds
    .getRepository(SafetyPlan)
    .find({ where: { patientId: c.r.patientId }, order: { version: 'DESC' }, take: 1 });
  return { 'If-Match': `"${latest?.version ?? 0}"` };
};
const userVersion = async (c: Ctx) => {
  const user = await c.api.ds.getRepository(User).findOneByOrFail({ id: c.world.users.b.nurse.id });
  return { 'If-Match': `"${user.version}"` };
};
const thresholdsVersion = async (c: Ctx) => {
  const clinic = await c.api.ds.getRepository(Clinic).findOneByOrFail({ id: c.r.clinicId });
  return { 'If-Match': `"${clinic.thresholdsVersion}"` };
};

/**
 * Every write operation of the API, in the order the valid requests can be sent one after the
 * other (observations before the discharge, acknowledge before resolve, entered-in-error last).
 */
const WRITE_OPS: Record<string, WriteOp> = {
  'post /api/v1/auth/login': {
    role: null,
    path: () => '/api/v1/auth/login',
    body: (c) => ({ email: c.world.users.a.nurse.email, password: PASSWORD }),
    validStatus: 200,
  },
  'post /api/v1/auth/logout': {
    role: 'nurse',
    path: () => '/api/v1/auth/logout',
    body: null,
    validStatus: 204,
    freshToken: true,
  },
  'post /api/v1/clinics': {
    role: 'admin',
    path: () => '/api/v1/clinics',
    body: () => ({ name: 'Property Clinic', timezone: 'Europe/London' }),
    validStatus: 201,
  },
  'post /api/v1/users': {
    role: 'admin',
    path: () => '/api/v1/users',
    body: (c) => ({
      email: 'property.nurse@test.example',
      name: 'Property Nurse',
      role: 'nurse',
      password: 'a-long-and-unbreached-passphrase',
      clinicIds: [c.r.clinicId],
    }),
    validStatus: 201,
  },
  'post /api/v1/patients': {
    role: 'psychiatrist',
    path: () => '/api/v1/patients',
    body: (c) => ({
      clinicId: c.r.clinicId,
      mrn: 'PROP-0001',
      givenName: 'Avery',
      familyName: 'Property',
      birthDate: '1984-06-30',
      sex: 'other',
      weightKg: 81.5,
      email: 'avery@example.test',
      phone: '+15551234567',
    }),
    validStatus: 201,
  },
  'post /api/v1/patients/search': {
    role: 'nurse',
    path: () => '/api/v1/patients/search',
    body: (c) => ({ clinicId: c.r.clinicId, search: 'Marlow, Dora', limit: 10, offset: 0 }),
    validStatus: 200,
  },
  'patch /api/v1/patients/{id}': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/patients/${c.r.patientId}`,
    body: () => ({
      mrn: 'PROP-0002',
      givenName: 'Jordan',
      familyName: 'Property',
      birthDate: '1979-01-02',
      sex: 'female',
      weightKg: 72,
    }),
    headers: patientVersion,
    emptyRefused: true,
    notNull: ['mrn', 'givenName', 'familyName', 'birthDate', 'sex'],
    validStatus: 200,
  },
  'patch /api/v1/clinics/{id}/thresholds': {
    role: 'manager',
    path: (c) => `/api/v1/clinics/${c.r.clinicId}/thresholds`,
    body: () => ({ bp: { severeSystolic: 170 } }),
    headers: thresholdsVersion,
    emptyRefused: true,
    validStatus: 200,
  },
  'post /api/v1/patients/{id}/sessions': {
    role: 'psychiatrist',
    // the follow-up patient's session is open: a valid order is refused with 422 (one at a time)
    path: (c) => `/api/v1/patients/${c.r.followUpPatientId}/sessions`,
    body: () => ({
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      startedAt: now(),
      plannedAt: now(),
      weightKg: 70,
      infusionMinutes: 40,
      lotNumber: 'LOT 42/A',
      concomitantMedications: ['sertraline 50 mg', 'lorazepam 1 mg'],
      notes: 'tolerated well',
    }),
    validStatus: 422,
  },
  'post /api/v1/sessions/{id}/observations': {
    role: 'nurse',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/observations`,
    body: () => ({
      recordedAt: now(),
      systolic: 128,
      diastolic: 80,
      heartRate: 76,
      spo2: 98,
      respiratoryRate: 14,
      moaas: 5,
      cadss6: [0, 1, 0, 0, 0, 0],
    }),
    validStatus: 201,
  },
  'post /api/v1/sessions/{id}/side-effects': {
    role: 'nurse',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/side-effects`,
    body: () => ({ type: 'headache', severity: 'moderate', onsetAt: now(), notes: 'mild ache' }),
    validStatus: 201,
  },
  'post /api/v1/patients/{id}/phq9': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/phq9`,
    body: () => ({
      administeredAt: now(),
      items: [1, 2, 1, 0, 1, 1, 0, 1, 0],
      item10: 1,
      recall: 'two_weeks',
    }),
    validStatus: 201,
  },
  'post /api/v1/patients/{id}/risk-events': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/risk-events`,
    body: () => ({ type: 'craving', occurredAt: now(), notes: 'asked for an extra dose' }),
    validStatus: 201,
  },
  'post /api/v1/patients/{id}/cssrs': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/cssrs`,
    body: (c) => ({
      administeredAt: now(),
      wishDead: true,
      suicidalThoughts: true,
      method: true,
      intent: false,
      plan: false,
      behavior: true,
      behaviorPast3Months: false,
      phq9Id: c.r.phq9Id,
    }),
    validStatus: 201,
  },
  'put /api/v1/patients/{id}/safety-plan': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/safety-plan`,
    body: () => ({
      warningSigns: ['Not sleeping', 'Pulling away'],
      copingStrategies: ['Walk outside'],
      socialDistractions: ['Coffee shop'],
      helpContacts: ['Sister'],
      professionalContacts: ['988 Suicide & Crisis Lifeline'],
      meansSafety: 'Medication kept by partner',
      reasonsForLiving: 'Family',
    }),
    headers: safetyPlanVersion,
    validStatus: 200,
  },
  'post /api/v1/flags/{id}/acknowledge': {
    role: 'nurse',
    path: (c) => `/api/v1/flags/${c.r.flagId}/acknowledge`,
    body: () => ({ note: 'seen at the chair' }),
    validStatus: 200,
  },
  'post /api/v1/flags/{id}/resolve': {
    role: 'nurse',
    path: (c) => `/api/v1/flags/${c.r.flagId}/resolve`,
    body: () => ({ note: 'heart rate settled at 84' }),
    validStatus: 200,
  },
  'post /api/v1/board/tickets': {
    role: 'nurse',
    path: () => '/api/v1/board/tickets',
    body: null,
    validStatus: 201,
  },
  'post /api/v1/followups/{id}/send': {
    role: 'nurse',
    path: (c) => `/api/v1/followups/${c.r.followUpId}/send`,
    body: () => ({ channel: 'email' }),
    validStatus: 202,
  },
  'post /api/v1/self-report/{token}': {
    role: null,
    path: (c) => `/api/v1/self-report/${c.r.selfReportToken}`,
    body: () => ({ items: [1, 1, 0, 0, 1, 0, 0, 1, 0], item10: 0 }),
    validStatus: 201,
  },
  // v2 ordered sessions: the session is in progress, so a valid start is 409 and a cancel 422
  'post /api/v1/sessions/{id}/start': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/start`,
    body: () => ({ startedAt: now(), overrideReason: 'pre-dose BP taken on the ward' }),
    validStatus: 409,
  },
  'post /api/v1/sessions/{id}/cancel': {
    role: 'nurse',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/cancel`,
    body: () => ({ reason: 'patient did not come' }),
    validStatus: 422,
  },
  // v2 REMS: the session is ketamine, so a valid completion or submission is 422 (esketamine only)
  'patch /api/v1/sessions/{id}/rems': {
    role: 'nurse',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/rems`,
    body: () => ({
      monitoringProvider: 'Nora Nurse, RN',
      setting: 'Riverside Clinic',
      corrections: [{ field: 'lotNumber', value: 'SPR-1', reason: 'read off the box' }],
    }),
    headers: () => Promise.resolve({ 'If-Match': '"0"' }),
    emptyRefused: true,
    validStatus: 422,
  },
  'post /api/v1/sessions/{id}/rems/submitted': {
    role: 'nurse',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/rems/submitted`,
    body: () => ({ submittedAt: now(), reference: 'REMS-1' }),
    validStatus: 422,
  },
  'post /api/v1/sessions/{id}/discharge': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/discharge`,
    body: () => ({ dischargedAt: now(), overrideReason: 'patient well, leaving with escort' }),
    validStatus: 200,
  },
  // Treatment courses (API.md v2): the session is discharged by now, so its (legacy) course moves
  // to maintenance and ends; a course from an unknown screening is then 422.
  'post /api/v1/courses/{id}/phase': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/courses/${c.r.courseId}/phase`,
    body: () => ({ phase: 'maintenance', reason: 'Responding; fewer visits' }),
    validStatus: 200,
  },
  'post /api/v1/courses/{id}/end': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/courses/${c.r.courseId}/end`,
    body: () => ({ reason: 'completed', note: 'Course finished' }),
    validStatus: 200,
  },
  'post /api/v1/protocols': {
    role: 'manager',
    path: () => '/api/v1/protocols',
    body: (c) => ({
      clinicId: c.r.clinicId,
      name: 'IV ketamine, twice weekly',
      drug: 'ketamine',
      route: 'iv',
      basedOnId: '5e7a0000-0000-4000-8000-000000000004',
      source: 'Clinic policy',
      induction: { sessions: 6, withinDays: 28, maxPerWeek: 2, minDaysBetween: 2 },
      maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
      dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6], max: 0.75 },
    }),
    validStatus: 201,
  },
  'post /api/v1/patients/{id}/screenings': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/patients/${c.r.patientId}/screenings`,
    body: () => ({
      drug: 'esketamine',
      screenedAt: now(),
      answers: {
        aneurysmal_vascular_disease: 'no',
        arteriovenous_malformation: 'no',
        intracerebral_haemorrhage: 'no',
        hypersensitivity: 'no',
        psychosis_or_mania: 'no',
        pregnancy_or_breastfeeding: 'unknown',
        uncontrolled_hypertension: 'yes',
        cardiac_or_cerebrovascular_disease: 'no',
        substance_use_disorder: 'no',
        raised_intracranial_pressure: 'no',
      },
      notes: { uncontrolled_hypertension: 'BP controlled on amlodipine since March' },
      concomitant: ['benzodiazepines'],
      consentAt: now(),
      remsEnrolledAt: now(),
    }),
    validStatus: 201,
  },
  'post /api/v1/patients/{id}/courses': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/patients/${c.r.patientId}/courses`,
    body: () => ({
      protocolId: '5e7a0000-0000-4000-8000-000000000001',
      screeningId: UNKNOWN_ID,
      kind: 'initial',
      overrideReason: 'Reviewed with the patient',
    }),
    validStatus: 422,
  },
  'post /api/v1/observations/{id}/entered-in-error': {
    role: 'nurse',
    path: (c) => `/api/v1/observations/${c.r.observationId}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  'post /api/v1/side-effects/{id}/entered-in-error': {
    role: 'nurse',
    path: (c) => `/api/v1/side-effects/${c.r.sideEffectId}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  'post /api/v1/phq9/{id}/entered-in-error': {
    role: 'nurse',
    path: (c) => `/api/v1/phq9/${c.r.phq9Id}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  'post /api/v1/risk-events/{id}/entered-in-error': {
    role: 'nurse',
    path: (c) => `/api/v1/risk-events/${c.r.riskEventId}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  'post /api/v1/cssrs/{id}/entered-in-error': {
    role: 'nurse',
    path: (c) => `/api/v1/cssrs/${c.r.cssrsId}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  'post /api/v1/sessions/{id}/entered-in-error': {
    role: 'psychiatrist',
    path: (c) => `/api/v1/sessions/${c.r.sessionId}/entered-in-error`,
    body: () => reason,
    validStatus: 200,
  },
  // API.md v2 "Accounts and administration", on clinic B's nurse (the tests use clinic A's staff)
  'patch /api/v1/users/{id}': {
    role: 'admin',
    path: (c) => `/api/v1/users/${c.world.users.b.nurse.id}`,
    body: (c) => ({ name: 'Property Renamed', role: 'nurse', clinicIds: [c.world.clinicB.id] }),
    headers: userVersion,
    emptyRefused: true,
    notNull: ['name', 'role', 'clinicIds'],
    validStatus: 200,
  },
  'post /api/v1/users/{id}/disable': {
    role: 'admin',
    path: (c) => `/api/v1/users/${c.world.users.b.nurse.id}/disable`,
    body: () => ({ reason: 'Left the clinic' }),
    validStatus: 200,
  },
  'post /api/v1/users/{id}/enable': {
    role: 'admin',
    path: (c) => `/api/v1/users/${c.world.users.b.nurse.id}/enable`,
    body: () => ({ reason: 'Came back' }),
    validStatus: 200,
  },
  'post /api/v1/users/{id}/sessions/revoke': {
    role: 'admin',
    path: (c) => `/api/v1/users/${c.world.users.b.nurse.id}/sessions/revoke`,
    body: () => ({ reason: 'Lost tablet' }),
    validStatus: 204,
  },
};

interface QueryOp {
  role: Role;
  path: (c: Ctx) => string;
  /** Server-Sent Events: a 200 would stream; judged on the status line and the error body. */
  stream?: boolean;
}

/** Every GET operation with query parameters. */
const QUERY_OPS: Record<string, QueryOp> = {
  'get /api/v1/clinics': { role: 'psychiatrist', path: () => '/api/v1/clinics' },
  'get /api/v1/users': { role: 'admin', path: () => '/api/v1/users' },
  'get /api/v1/patients': { role: 'nurse', path: () => '/api/v1/patients' },
  'get /api/v1/patients/{id}/sessions': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/sessions`,
  },
  'get /api/v1/patients/{id}/phq9': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/phq9`,
  },
  'get /api/v1/patients/{id}/risk-events': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/risk-events`,
  },
  'get /api/v1/protocols': {
    role: 'nurse',
    path: () => '/api/v1/protocols',
  },
  'get /api/v1/patients/{id}/screenings': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/screenings`,
  },
  'get /api/v1/patients/{id}/courses': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/courses`,
  },
  'get /api/v1/patients/{id}/course-summary': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/course-summary`,
  },
  'get /api/v1/patients/{id}/response': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/response`,
  },
  'get /api/v1/patients/{id}/cssrs': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/cssrs`,
  },
  'get /api/v1/patients/{id}/safety-plan/versions': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/safety-plan/versions`,
  },
  'get /api/v1/patients/{id}/side-effects': {
    role: 'nurse',
    path: (c) => `/api/v1/patients/${c.r.patientId}/side-effects`,
  },
  'get /api/v1/flags': { role: 'nurse', path: () => '/api/v1/flags' },
  'get /api/v1/rems/due': { role: 'nurse', path: () => '/api/v1/rems/due' },
  'get /api/v1/audit': { role: 'manager', path: () => '/api/v1/audit' },
  'get /api/v1/audit/views': { role: 'manager', path: () => '/api/v1/audit/views' },
  'get /api/v1/audit/actors': { role: 'manager', path: () => '/api/v1/audit/actors' },
  'get /api/v1/board': { role: 'nurse', path: () => '/api/v1/board' },
  'get /api/v1/board/stream': { role: 'nurse', path: () => '/api/v1/board/stream', stream: true },
  'get /api/v1/outcomes': { role: 'manager', path: () => '/api/v1/outcomes' },
  'get /api/v1/outcomes.csv': { role: 'manager', path: () => '/api/v1/outcomes.csv' },
};

// ---- building malformed requests -----------------------------------------------------------

/** JSON text put into a body as it is (numbers JSON.stringify cannot write, broken literals). */
class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a body that may hold Raw values and own `__proto__` keys. */
function serialize(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@raw${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => raws[Number(i)]);
}

/** A copy of `obj` with `key` set as an own property (works for "__proto__" too). */
function withKey(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) Object.defineProperty(out, k, own(v));
  Object.defineProperty(out, key, own(value));
  return out;
}
const own = (value: unknown): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

function deepNest(depth: number, leaf: unknown = 1): Raw {
  return new Raw(`${'{"a":'.repeat(depth)}${serialize(leaf)}${'}'.repeat(depth)}`);
}

type Kind =
  | 'datetime'
  | 'date'
  | 'uuid'
  | 'enum'
  | 'string'
  | 'number'
  | 'numbers'
  | 'strings'
  | 'object'
  | 'boolean';

interface Field {
  name: string;
  kind: Kind;
  enumValues: string[];
}

interface Schema {
  properties?: Record<string, { enum?: string[] }>;
  required?: string[];
}

function fieldsOf(base: Record<string, unknown>, schema: Schema | undefined): Field[] {
  return Object.entries(base).map(([name, value]) => {
    const enumValues = schema?.properties?.[name]?.enum ?? [];
    let kind: Kind;
    if (Array.isArray(value))
      kind = value.every((v) => typeof v === 'string') ? 'strings' : 'numbers';
    else if (typeof value === 'number') kind = 'number';
    else if (typeof value === 'boolean') kind = 'boolean';
    else if (typeof value === 'object' && value !== null) kind = 'object';
    else if (enumValues.length > 0) kind = 'enum';
    else if (typeof value === 'string' && DATE_TIME.test(value)) kind = 'datetime';
    else if (typeof value === 'string' && DATE.test(value)) kind = 'date';
    else if (typeof value === 'string' && UUID.test(value)) kind = 'uuid';
    else kind = 'string';
    return { name, kind, enumValues };
  });
}

const hugeString = fc
  .tuple(fc.integer({ min: 4_001, max: 40_000 }), fc.constantFrom('x', 'é', '💊', ' '))
  .map(([n, ch]) => ch.repeat(n));
/** Half a surrogate pair: no character, and not storable as UTF-8. */
const loneSurrogates = fc.constantFrom('\ud800', 'pill \udfff', '\udbff\ud800');
const wrongForText = fc.oneof(
  fc.integer(),
  fc.constantFrom(true, false, 0, -1, 3.5, { a: 1 }, ['x'], new Raw('1e400')),
);
const nanLike = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '12', ' 12', '0x1F', '');
const hugeNumber = fc.constantFrom(
  1e21,
  -1e21,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  Number.MAX_SAFE_INTEGER + 2,
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('123456789012345678901234567890'),
);
const badDateTimes = fc.constantFrom(
  '2026-02-30T10:00:00Z',
  '2026-11-26T14:05:00',
  '2026-11-26',
  '2026-11-26T24:00:00Z',
  '2026-13-01T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  'yesterday',
  '',
  "' OR '1'='1",
);
const badDates = fc.constantFrom(
  '2023-02-29',
  '1980-13-01',
  '12/04/1980',
  '1980-04-12T00:00:00Z',
  '0000-00-00',
  '',
  "1980-04-12' --",
);
const badUuids = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '',
    "' OR '1'='1",
    '00000000-0000-0000-0000-00000000000g',
    '00000000000040008000000000000000',
    '{00000000-0000-4000-8000-000000000000}',
  ),
  fc.string({ maxLength: 40 }).filter((s) => !UUID.test(s)),
);

/** A value the field cannot take (whatever else the body holds). */
function invalidValue(field: Field): fc.Arbitrary<unknown> {
  const typeless = fc.constantFrom<unknown>(true, { a: 1 }, deepNest(40));
  switch (field.kind) {
    case 'datetime':
      return fc.oneof(badDateTimes, wrongForText, typeless);
    case 'date':
      return fc.oneof(badDates, wrongForText, typeless);
    case 'uuid':
      return fc.oneof(badUuids, wrongForText, typeless);
    case 'enum':
      return fc.oneof(
        fc.string({ maxLength: 30 }).filter((s) => !field.enumValues.includes(s)),
        fc.constantFrom(...field.enumValues.map((v) => v.toUpperCase()), ' ketamine'),
        wrongForText,
        typeless,
      );
    case 'string':
      return fc.oneof(hugeString, wrongForText, typeless, loneSurrogates);
    case 'number':
      return fc.oneof(nanLike, hugeNumber, typeless, fc.constantFrom([1], 'seventy'));
    case 'boolean':
      // an answer yes/no: anything but true or false (no coercion of "true", 1 or "yes")
      return fc.oneof(
        fc.constantFrom<unknown>('true', 'false', 'yes', 1, 0, '', [true], { a: 1 }, deepNest(40)),
        hugeString,
      );
    case 'numbers':
      return fc.oneof(
        fc.constantFrom('0,1,0', { 0: 1 }, 7),
        // an entry no list of scores takes
        fc
          .tuple(fc.nat(8), fc.constantFrom<unknown>(-1, 1.5, 1e21, '1', {}, [], true, 'NaN'))
          .map(([i, v]) => Array.from({ length: 9 }, (_, k) => (k === i ? v : 0))),
        fc.integer({ min: 10, max: 500 }).map((n) => Array<number>(n).fill(0)),
      );
    case 'strings':
      return fc.oneof(
        fc.constantFrom('sertraline', { 0: 'x' }, 7),
        fc
          .constantFrom<unknown>(1, {}, [], true, null, 'x'.repeat(5_000), 'a\u0001b', 'a\u0000b')
          .map((v) => ['valid entry', v]),
        fc.integer({ min: 101, max: 300 }).map((n) => Array<string>(n).fill('sertraline')),
      );
    case 'object':
      return fc.constantFrom<unknown>(
        [1],
        'high',
        170,
        true,
        { zz_unknown: 1 },
        { severeSystolic: 'high' },
        { severeSystolic: 1e21 },
        { severeSystolic: new Raw('1e400') },
        deepNest(30),
      );
  }
}

type BodyMutation = (body: Record<string, unknown>) => unknown;

/** A change to a body, the field it breaks, and how to print it. */
interface Mutation {
  label: string;
  field: string;
  apply: BodyMutation;
}

interface OpModel {
  key: string;
  op: WriteOp;
  fields: Field[];
  required: string[];
  known: Set<string>;
}

/** Mutations each of which leaves the body invalid; applied in any order they stay invalid. */
function bodyMutation(m: OpModel): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [];
  if (m.fields.length > 0) {
    options.push(
      fc
        .constantFrom(...m.fields)
        .chain((f) => invalidValue(f).map((v) => ({ f, v })))
        .map(({ f, v }) => ({
          label: `${f.name} = ${serialize(v).slice(0, 60)}`,
          field: f.name,
          apply: (b: Record<string, unknown>) => withKey(b, f.name, v),
        })),
    );
  }
  options.push(
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'role', 'id'),
          fc.string({ minLength: 1, maxLength: 20 }),
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .filter(([k]) => !m.known.has(k))
      .map(([k, v]) => ({
        label: `extra ${JSON.stringify(k)}`,
        field: k,
        apply: (b: Record<string, unknown>) => withKey(b, k, v),
      })),
  );
  if (m.required.length > 0) {
    options.push(
      fc.constantFrom(...m.required).map((k) => ({
        label: `no ${k}`,
        field: k,
        apply: (b: Record<string, unknown>) => {
          const out = withKey(b, k, null);
          delete out[k];
          return out;
        },
      })),
    );
  }
  const notNull = [...m.required, ...(m.op.notNull ?? [])];
  if (notNull.length > 0) {
    options.push(
      fc.constantFrom(...notNull).map((k) => ({
        label: `${k} = null`,
        field: k,
        apply: (b: Record<string, unknown>) => withKey(b, k, null),
      })),
    );
  }
  return fc.oneof(...options);
}

/** The whole body replaced by something that is not the object the route takes. */
function wholeBody(m: OpModel): fc.Arbitrary<{ label: string; body: unknown }> {
  const replacements: unknown[] = [
    [],
    [1, 2, 3],
    new Raw('"a string"'),
    new Raw('42'),
    new Raw('true'),
    new Raw('null'),
    deepNest(17),
    deepNest(5_000),
  ];
  if (m.required.length > 0 || m.op.emptyRefused) replacements.push({});
  return fc.oneof(
    fc.constantFrom(...replacements).map((body) => ({ label: 'body replaced', body })),
    fc.constant({ label: 'body in an array', body: 'wrap' }),
  );
}

interface Request {
  labels: string[];
  path: string;
  query: string;
  body: string | null;
  contentType: string;
  headers: Record<string, string>;
}

const BAD_PATH_IDS = [
  'not-a-uuid',
  '1',
  '%27%20OR%20%271%27%3D%271',
  '00000000-0000-0000-0000-00000000000g',
  '%00',
  'x'.repeat(300),
  '%E0%A4%A',
  UNKNOWN_ID,
];
const BAD_TOKENS = ['x', '%00', '..%2F..%2Fhealth', 'a'.repeat(500), '%27--', '%E0%A4%A'];
const badPathIds = fc.constantFrom(...BAD_PATH_IDS);
const badTokens = fc.constantFrom(...BAD_TOKENS);

const queryNoise = fc.constantFrom(
  '',
  '',
  '?x=1',
  '?__proto__[admin]=1',
  '?a[b][c][d][e][f]=1',
  '?%E0%A4%A=1',
  '?clinicId=not-a-uuid&clinicId=x',
  `?limit=${'9'.repeat(400)}`,
);

const garbageAuth = (token: string) =>
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer not-a-token',
    `Bearer ${token}x`,
    `Bearer ${'A'.repeat(5_000)}`,
    'Basic dXNlcjpwYXNzd29yZA==',
    `Token ${token}`,
    "Bearer ' OR '1'='1",
  );
const nonJsonTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json-patch+json',
);
const badIfMatch = fc.constantFrom('abc', '"-1"', '*', 'W/"x"', '"99999999999"', '"1", "2"', '""');
const badIdempotencyKeys = fc.oneof(
  fc.integer({ min: 256, max: 2_000 }).map((n) => 'k'.repeat(n)),
  fc.constantFrom('with space', '', '\t'),
);

/** Broken JSON from a serialized object: a strict prefix of it, a trailing comma, single quotes. */
function breakJson(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((k) => text.slice(0, k)),
    fc.constantFrom(`${text.slice(0, -1)},}`, text.replace(/"/g, "'"), `${text}}`, `x${text}`),
  );
}

type HeaderMutation = {
  label: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
};

/** Header-level problems that alone make any request to the route invalid. */
function headerProblem(m: OpModel, token: string, text: string): fc.Arbitrary<HeaderMutation> {
  const options: fc.Arbitrary<HeaderMutation>[] = [
    nonJsonTypes.map((contentType) => ({ label: `Content-Type ${contentType}`, contentType })),
    breakJson(text).map((body) => ({ label: `broken JSON ${body.slice(0, 40)}`, body })),
  ];
  if (m.op.role !== null) {
    options.push(
      garbageAuth(token).map((a) => ({
        label: `Authorization ${a.slice(0, 30)}`,
        headers: { Authorization: a },
      })),
    );
  }
  if (m.key.startsWith('patch') || m.key.startsWith('put')) {
    // API.md: PATCH requires If-Match (428 without it, 400 when it is not a version); so does
    // the PUT of a safety plan that exists
    options.push(
      fc
        .oneof(badIfMatch, fc.constant(''))
        .map((v) => ({ label: `If-Match ${JSON.stringify(v)}`, headers: { 'If-Match': v } })),
    );
  }
  return fc.oneof(...options);
}

/** Header noise that is not enough alone (the body or another problem makes the request invalid). */
const headerNoise = fc.oneof(
  fc.constant<HeaderMutation>({ label: '' }),
  badIfMatch.map((v) => ({ label: `If-Match ${v}`, headers: { 'If-Match': v } })),
  badIdempotencyKeys.map((v) => ({
    label: `Idempotency-Key of ${v.length}`,
    headers: { 'Idempotency-Key': v },
  })),
);

function requestArbitrary(m: OpModel, c: Ctx, token: string, valid: Record<string, string>) {
  const path = m.op.path(c);
  const idRoute = /\{(id|token)\}/.exec(m.key);
  const withIdAt = (id: string): string => {
    const routeParts = m.key.split(' ')[1].split('/');
    const parts = path.split('/');
    const at = routeParts.findIndex((p) => p === '{id}' || p === '{token}');
    parts[at] = id;
    return parts.join('/');
  };
  const base = m.op.body ? m.op.body(c) : null;
  const baseText = base ? serialize(base) : '{"a":1}';

  const primaries: fc.Arbitrary<Request>[] = [];
  const make = (labels: string[], over: Partial<Request>): Request => ({
    labels,
    path,
    query: '',
    body: base ? baseText : null,
    contentType: 'application/json',
    headers: { ...valid },
    ...over,
  });
  if (base) {
    primaries.push(
      fc.array(bodyMutation(m), { minLength: 1, maxLength: 3 }).map((ms) =>
        make(
          ms.map((x) => x.label),
          {
            body: serialize(
              ms.reduce<unknown>((b, x) => x.apply(b as Record<string, unknown>), base),
            ),
          },
        ),
      ),
      wholeBody(m).map((w) =>
        make([w.label], { body: serialize(w.body === 'wrap' ? [base] : w.body) }),
      ),
    );
  }
  primaries.push(
    headerProblem(m, token, baseText).map((h) =>
      make([h.label], {
        body: h.body ?? baseText,
        contentType: h.contentType ?? 'application/json',
        headers: { ...valid, ...(h.headers ?? {}) },
      }),
    ),
  );
  if (idRoute) {
    primaries.push(
      (idRoute[1] === 'token' ? badTokens : badPathIds).map((id) =>
        make([`path ${idRoute[1]} ${id.slice(0, 40)}`], { path: withIdAt(id) }),
      ),
    );
  }
  return fc.tuple(fc.oneof(...primaries), headerNoise, queryNoise).map(([req, noise, query]) => {
    const out: Request = {
      ...req,
      labels: [...req.labels, noise.label, query].filter(Boolean),
      query,
      headers: { ...req.headers, ...(noise.headers ?? {}) },
    };
    // a short counterexample in fast-check's report (bodies can be 100 kB)
    return Object.assign(out, { [fc.toStringMethod]: () => describeRequest(out) });
  });
}

function describeRequest(req: Request): string {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}... (${v.length})` : v}`)
    .join(', ');
  const body =
    req.body === null
      ? 'no body'
      : req.body.length > 200
        ? `${req.body.slice(0, 200)}... (${req.body.length} chars)`
        : req.body;
  return `${req.path}${req.query} [${req.labels.join('; ')}] {${headers}} Content-Type: ${req.contentType} ${body}`;
}

function checkRefusal(
  res: { status: number; body: unknown; headers: Record<string, string>; streamed?: boolean },
  what: string,
): void {
  const body = res.body as { statusCode?: unknown; error?: unknown; message?: unknown } | undefined;
  const message = body?.message;
  const shaped =
    body?.statusCode === res.status &&
    typeof body.error === 'string' &&
    (typeof message === 'string' ||
      (Array.isArray(message) && message.every((x) => typeof x === 'string')));
  if (
    res.status < 400 ||
    res.status >= 500 ||
    !shaped ||
    !/^application\/json/.test(res.headers['content-type'] ?? '')
  ) {
    throw new Error(`${what}\n  -> ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  }
  // the answers of the API are never cached and never sniffed (a stream's headers are not kept)
  const streamed = res.streamed === true;
  if (
    !streamed &&
    (res.headers['cache-control'] !== 'no-store' ||
      res.headers['x-content-type-options'] !== 'nosniff')
  ) {
    throw new Error(
      `${what}\n  -> ${res.status} Cache-Control: ${res.headers['cache-control']}, X-Content-Type-Options: ${res.headers['x-content-type-options']}`,
    );
  }
}

// ---- the tests -----------------------------------------------------------------------------

describe('property-based: malformed requests are refused with a 4xx and write nothing', () => {
  let api: TestApi;
  let ctx: Ctx;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: unknown;
          parameters?: {
            in: string;
            name: string;
            schema?: { format?: string; enum?: string[] };
          }[];
        }
      >
    >;
    components: { schemas: Record<string, Schema> };
  };
  let tables: EntityMetadata[];

  beforeAll(async () => {
    // behind a proxy: the valid requests at the end come from another address than the malformed
    // ones (the self-report links are rate limited per address)
    api = await startApi({ trustProxy: true });
    const world = await makeWorld(api);
    ctx = { world, r: await makeClinicalRecords(api, world), api };
    doc = (await api.http().get('/api/docs-json').expect(200)).body;
    const metas = api.ds.entityMetadatas.filter((m) => !UNCOUNTED.has(m.target));
    tables = metas;
  }, 60_000);
  afterAll(() => api.close());

  /**
   * Every counted table's rows, as a row count and a digest of their content: a refused request
   * may neither add a row nor change one (an acknowledged flag, a bumped version).
   */
  const counts = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const meta of tables) {
      const rows = (await api.ds.getRepository(meta.target).find()).map((r) => JSON.stringify(r));
      const digest = createHash('sha256').update(rows.sort().join('\n')).digest('hex');
      out[meta.tableName] = `${rows.length} rows ${digest.slice(0, 16)}`;
    }
    return out;
  };

  function model(key: string): OpModel {
    const op = WRITE_OPS[key];
    const [method, route] = key.split(' ');
    const requestBody = doc.paths[route]?.[method]?.requestBody as
      { content?: { 'application/json'?: { schema?: { $ref?: string } } } } | undefined;
    const ref = requestBody?.content?.['application/json']?.schema?.$ref;
    const schema = ref ? doc.components.schemas[ref.split('/').pop() ?? ''] : undefined;
    const base = op.body ? op.body(ctx) : {};
    const known = new Set([
      ...Object.keys(schema?.properties ?? {}),
      ...Object.keys(base),
      ...(key.includes('thresholds') ? Object.keys(DEFAULT_THRESHOLDS) : []),
    ]);
    return { key, op, fields: fieldsOf(base, schema), required: schema?.required ?? [], known };
  }

  const tokenOf = (role: Role | null): string =>
    role ? ctx.world.tokens.a[role] : ctx.world.tokens.a.nurse;

  it('has a generator for every write operation of the OpenAPI document, and none for a missing one', async () => {
    const writes = (await servedOperations(api)).filter((o) => /^(post|patch|put|delete) /.test(o));
    expect(writes.filter((o) => !(o in WRITE_OPS))).toEqual([]);
    expect(Object.keys(WRITE_OPS).filter((o) => !writes.includes(o))).toEqual([]);
  });

  it('has a generator for every GET operation with query parameters', () => {
    const withQuery = Object.entries(doc.paths).flatMap(([route, ops]) =>
      Object.entries(ops)
        .filter(
          ([method, op]) => method === 'get' && (op.parameters ?? []).some((p) => p.in === 'query'),
        )
        .map(([method]) => `${method} ${route}`),
    );
    expect(withQuery.filter((o) => !(o in QUERY_OPS))).toEqual([]);
    expect(Object.keys(QUERY_OPS).filter((o) => !withQuery.includes(o))).toEqual([]);
  });

  it.each(Object.keys(WRITE_OPS))('%s', async (key) => {
    const m = model(key);
    const token = tokenOf(m.op.role);
    const valid: Record<string, string> = {
      ...(m.op.role ? bearer(token) : {}),
      ...(m.op.headers ? await m.op.headers(ctx) : {}),
    };
    const before = await counts();
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(m, ctx, token, valid), async (req) => {
          sent += 1;
          let call = api.http()[methodOf(key)](req.path + req.query);
          for (const [k, v] of Object.entries(req.headers)) call = call.set(k, v);
          call = call.set('Content-Type', req.contentType);
          const res = await (req.body === null ? call : call.send(req.body));
          checkRefusal(res, `${key}${req.query} [${req.labels.join('; ')}]`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
      );
    } catch (error) {
      throw new Error(`${key} (PROPERTY_SEED=${SEED}): ${(error as Error).message}`);
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect(await counts()).toEqual(before);
  });

  it.each(Object.keys(WRITE_OPS).filter((key) => WRITE_OPS[key].body !== null))(
    'one broken field is a 400 whose message names it: %s',
    async (key) => {
      const m = model(key);
      const token = tokenOf(m.op.role);
      const headers: Record<string, string> = {
        ...(m.op.role ? bearer(token) : {}),
        ...(m.op.headers ? await m.op.headers(ctx) : {}),
      };
      const base = (m.op.body as (c: Ctx) => Record<string, unknown>)(ctx);
      const before = await counts();
      try {
        await fc.assert(
          fc.asyncProperty(bodyMutation(m), async (mutation) => {
            const body = serialize(mutation.apply(base));
            const res = await api
              .http()
              [methodOf(key)](m.op.path(ctx))
              .set(headers)
              .set('Content-Type', 'application/json')
              .send(body);
            const what = `${key} [${mutation.label}]`;
            checkRefusal(res, what);
            if (res.status === 413) return; // a huge string over the body limit
            const raw = (res.body as { message: string | string[] }).message;
            const message = Array.isArray(raw) ? raw.join('\n') : raw;
            if (res.status !== 400 || !message.includes(mutation.field))
              throw new Error(
                `${what}\n  -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
              );
          }),
          {
            seed: SEED,
            numRuns: Math.max(10, Math.round(RUNS / 3)),
            endOnFailure: true,
            includeErrorInReport: true,
          },
        );
      } catch (error) {
        throw new Error(`${key} (PROPERTY_SEED=${SEED}): ${(error as Error).message}`);
      }
      expect(await counts()).toEqual(before);
    },
  );

  /** A GET, or for a stream the error it answers with (a 200 stream is closed and reported). */
  async function getOrStream(
    q: QueryOp,
    url: string,
  ): Promise<{
    status: number;
    body: unknown;
    headers: Record<string, string>;
    streamed?: boolean;
  }> {
    if (!q.stream)
      return api
        .http()
        .get(url)
        .set(bearer(tokenOf(q.role)));
    const stream = await openStream(api.app, url, bearer(tokenOf(q.role)));
    if (stream.status === 200) {
      stream.close();
      return { status: 200, body: 'a live stream', headers: {} };
    }
    const text = await stream.waitFor((b) => b.endsWith('}'));
    stream.close();
    return {
      status: stream.status,
      body: JSON.parse(text) as unknown,
      headers: { 'content-type': stream.contentType ?? '' },
      streamed: true,
    };
  }

  it.each(Object.entries(QUERY_OPS))('query of %s', async (key, q) => {
    const route = key.split(' ')[1];
    const params = (doc.paths[route].get.parameters ?? []).filter((p) => p.in === 'query');
    const names = new Set(params.map((p) => p.name));
    const invalidParam = fc.constantFrom(...params).chain((p) => {
      const values =
        p.name === 'limit'
          ? fc.constantFrom('-1', '0', '1.5', 'abc', '1e400', '201', 'Infinity', 'NaN')
          : p.name === 'offset'
            ? fc.constantFrom('-1', '1.5', 'abc', '1e400', 'Infinity', 'NaN', '10000001')
            : p.schema?.format === 'uuid'
              ? badUuids
              : p.schema?.enum
                ? fc.string({ maxLength: 20 }).filter((s) => !(p.schema?.enum ?? []).includes(s))
                : p.name === 'search'
                  ? fc.oneof(
                      fc.integer({ min: 101, max: 400 }).map((n) => 's'.repeat(n)),
                      fc.constantFrom('a\u0000b', 'a\u0001b', '\u001b[31m'),
                    )
                  : fc.constantFrom('yesterday', '2023-02-29', '2026-13-01', "' OR '1'='1", '');
      const twice = fc.constantFrom(`${p.name}=1&${p.name}=2`, `${p.name}[]=1`);
      // any text is a ticket (an unknown one is the service's to refuse): only its form can be wrong
      if (p.name === 'ticket') return twice;
      return fc.oneof(
        values.map((v) => `${p.name}=${encodeURIComponent(v)}`),
        twice,
      );
    });
    const unknownParam = fc
      .oneof(
        fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'),
        fc.string({ minLength: 1, maxLength: 12 }),
      )
      .filter((k) => !names.has(k) && !/[[\]&=#%+]/.test(k) && k.trim() === k && k !== '')
      .map((k) => `${encodeURIComponent(k)}=1`);
    const before = await counts();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(invalidParam, unknownParam), { minLength: 1, maxLength: 3 }),
          async (parts) => {
            const url = `${q.path(ctx)}?${parts.join('&')}`;
            checkRefusal(await getOrStream(q, url), `GET ${url.slice(0, 300)}`);
          },
        ),
        { seed: SEED, numRuns: QUERY_RUNS, endOnFailure: true, includeErrorInReport: true },
      );
    } catch (error) {
      throw new Error(`${key} (PROPERTY_SEED=${SEED}): ${(error as Error).message}`);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed or unknown id in the path of every GET of the document', async () => {
    const routes = Object.entries(doc.paths)
      .filter(([route, ops]) => 'get' in ops && /\{(id|token)\}/.test(route))
      .map(([route]) => route);
    expect(routes.length).toBeGreaterThan(10);
    const before = await counts();
    for (const route of routes) {
      const ids = route.includes('{token}') ? BAD_TOKENS : BAD_PATH_IDS;
      for (const id of ids) {
        const path = route.replace(/\{(id|token)\}/, id);
        // a psychiatrist may read every one of them (API.md Roles); the token routes are public
        const res = await api.http().get(path).set(bearer(ctx.world.tokens.a.psychiatrist));
        checkRefusal(res, `GET ${path.slice(0, 200)}`);
      }
    }
    expect(await counts()).toEqual(before);
  });

  describe('the findings of these tests, one by one', () => {
    const raw = (method: 'post' | 'patch', path: string, body: string, headers = {}) =>
      api
        .http()
        [method](path)
        .set(bearer(ctx.world.tokens.a.psychiatrist))
        .set(headers)
        .set('Content-Type', 'application/json')
        .send(body);
    const patientBody = (): Record<string, unknown> => ({
      clinicId: ctx.r.clinicId,
      mrn: `F-${Math.random().toString(36).slice(2, 10)}`,
      givenName: 'Finding',
      familyName: 'Regression',
      birthDate: '1980-01-01',
      sex: 'female',
    });
    const expect400 = (res: { status: number; body: unknown }, message: RegExp) => {
      expect(res.status).toBe(400);
      expect(JSON.stringify((res.body as { message: unknown }).message)).toMatch(message);
    };

    it('a __proto__, constructor or toString key is refused (it was ignored: the record was written)', async () => {
      const before = await counts();
      const valid = serialize(patientBody());
      for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
        const res = await raw('post', '/api/v1/patients', valid.replace('{', `{"${key}":{"x":1},`));
        expect400(res, new RegExp(`property ${key} should not exist`));
      }
      expect(await counts()).toEqual(before);
    });

    it('a __proto__ threshold is refused (it was a 200 that bumped the version)', async () => {
      const clinic = () => api.ds.getRepository(Clinic).findOneByOrFail({ id: ctx.r.clinicId });
      const version = (await clinic()).thresholdsVersion;
      const res = await raw(
        'patch',
        `/api/v1/clinics/${ctx.r.clinicId}/thresholds`,
        '{"bp":{"__proto__":{"severeSystolic":1}}}',
        { 'If-Match': `"${version}"` },
      );
      expect400(res, /property bp.__proto__ should not exist/);
      expect((await clinic()).thresholdsVersion).toBe(version);
    });

    it('a body nested thousands of levels deep is a 400 (it was a 500: stack overflow)', async () => {
      const res = await raw('post', '/api/v1/patients', serialize(deepNest(5_000)));
      expect400(res, /nested deeper than/);
    });

    it('a toString key in an acknowledge is refused (the flag was acknowledged)', async () => {
      const before = await api.ds.getRepository(Flag).findOneByOrFail({ id: ctx.r.flagId });
      const res = await api
        .http()
        .post(`/api/v1/flags/${ctx.r.flagId}/acknowledge`)
        .set(bearer(ctx.world.tokens.a.nurse))
        .send({ note: 'seen', toString: 'x' });
      expect400(res, /property toString should not exist/);
      const after = await api.ds.getRepository(Flag).findOneByOrFail({ id: ctx.r.flagId });
      expect([after.version, after.status]).toEqual([before.version, before.status]);
    });

    it('a toString or hasOwnProperty query parameter is refused (it was ignored: a 200)', async () => {
      for (const key of ['toString', 'hasOwnProperty', 'constructor']) {
        const res = await api
          .http()
          .get(`/api/v1/patients?${key}=1`)
          .set(bearer(ctx.world.tokens.a.nurse));
        expect400(res, new RegExp(`property ${key} should not exist`));
      }
    });

    it('a lone surrogate in a text is a 400 naming the field (PostgreSQL stored U+FFFD while the answer echoed it)', async () => {
      const before = await counts();
      const res = await api
        .http()
        .post(`/api/v1/patients/${ctx.r.patientId}/risk-events`)
        .set(bearer(ctx.world.tokens.a.nurse))
        .set('Content-Type', 'application/json')
        .send(`{"type":"craving","occurredAt":"${now()}","notes":"craving \\ud800"}`);
      expect400(res, /notes must be well-formed Unicode text/);
      expect(await counts()).toEqual(before);
    });

    it('a body that is not JSON is a 415 (a text/plain acknowledge acknowledged the flag)', async () => {
      const before = await api.ds.getRepository(Flag).findOneByOrFail({ id: ctx.r.flagId });
      const res = await api
        .http()
        .post(`/api/v1/flags/${ctx.r.flagId}/acknowledge`)
        .set(bearer(ctx.world.tokens.a.nurse))
        .set('Content-Type', 'text/plain')
        .send('{"note":"seen"}');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      const after = await api.ds.getRepository(Flag).findOneByOrFail({ id: ctx.r.flagId });
      expect(after.version).toBe(before.version);
      expect(after.status).toBe(before.status);
    });

    it('null for a patient field is a 400 naming it (it was a 500); an empty PATCH is a 400', async () => {
      const headers = await patientVersion(ctx);
      for (const field of ['givenName', 'familyName', 'mrn', 'birthDate', 'sex']) {
        const res = await raw(
          'patch',
          `/api/v1/patients/${ctx.r.patientId}`,
          JSON.stringify({ [field]: null }),
          headers,
        );
        expect400(res, new RegExp(field));
      }
      expect400(
        await raw('patch', `/api/v1/patients/${ctx.r.patientId}`, '{}', headers),
        /at least one field/,
      );
      expect(await patientVersion(ctx)).toEqual(headers);
    });

    it('a blank name is a 400 (it was stored as an empty name)', async () => {
      const res = await raw(
        'post',
        '/api/v1/patients',
        JSON.stringify({ ...patientBody(), givenName: '   ' }),
      );
      expect400(res, /givenName must not be blank/);
    });

    it.each([
      ['NUL', 'a\u0000b'],
      ['BEL', 'a\u0007b'],
    ])(
      'a %s in a concomitant medication is a 400 (it was stored; NUL: a 500 on PostgreSQL)',
      async (_name, text) => {
        const before = await counts();
        const res = await raw(
          'post',
          `/api/v1/patients/${ctx.r.followUpPatientId}/sessions`,
          JSON.stringify({
            drug: 'ketamine',
            route: 'iv',
            doseMg: 35,
            startedAt: now(),
            infusionMinutes: 40,
            concomitantMedications: [text],
          }),
        );
        expect400(res, /concomitantMedications must not contain control characters/);
        expect(await counts()).toEqual(before);
      },
    );

    it('a NUL in a search or a sign-in email is a 400 (a 500 on PostgreSQL; on SQLite the search matched everyone)', async () => {
      const search = await api
        .http()
        .get('/api/v1/patients?search=%00')
        .set(bearer(ctx.world.tokens.a.nurse));
      expect400(search, /search must not contain control characters/);
      const loginRes = await api
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nurse\u0000@test.example', password: PASSWORD });
      expect400(loginRes, /email must not contain control characters/);
    });
  });

  it('accepts each valid request the malformed ones were built from', async () => {
    const results: string[] = [];
    for (const key of Object.keys(WRITE_OPS)) {
      const op = WRITE_OPS[key];
      const token = op.freshToken
        ? await login(api, ctx.world.users.a.nurse.email)
        : tokenOf(op.role);
      let call = api.http()[methodOf(key)](op.path(ctx));
      call = call.set('X-Forwarded-For', '203.0.113.7');
      if (op.role) call = call.set(bearer(token));
      for (const [k, v] of Object.entries(op.headers ? await op.headers(ctx) : {}))
        call = call.set(k, v);
      const res = await (op.body ? call.send(op.body(ctx)) : call);
      results.push(
        `${key} ${res.status}${res.status === op.validStatus ? '' : ` ${JSON.stringify(res.body)}`}`,
      );
    }
    expect(results).toEqual(Object.entries(WRITE_OPS).map(([k, op]) => `${k} ${op.validStatus}`));
  });
});
