/**
 * Helpers for the clinical API tests (sessions, observations, PHQ-9): building patients, sessions,
 * observations and questionnaires through the HTTP API, times relative to now, and row counts that
 * prove a refused write wrote nothing.
 */
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type request from 'supertest';
import { Phq9Assessment } from '../../src/assessments/phq9-assessment.entity';
import { RiskEvent } from '../../src/assessments/risk-event.entity';
import { DosingSession } from '../../src/sessions/dosing-session.entity';
import { Observation } from '../../src/sessions/observation.entity';
import { SideEffect } from '../../src/sessions/side-effect.entity';
import { bearer, newPatientBody, type TestApi } from './api';

export const V1 = '/api/v1';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The clinical tables a refused write must leave untouched. */
export const CLINICAL_TABLES: EntityTarget<ObjectLiteral>[] = [
  DosingSession,
  Observation,
  SideEffect,
  Phq9Assessment,
  RiskEvent,
];

export type Res = request.Response;

/** ISO time `ms` milliseconds from `base` (a Date, an ISO string or epoch ms). */
export function isoAt(base: Date | string | number, ms: number): string {
  const baseMs = typeof base === 'number' ? base : new Date(base).getTime();
  return new Date(baseMs + ms).toISOString();
}

export const isoHoursAgo = (hours: number, from = Date.now()): string => isoAt(from, -hours * HOUR);

/** The same instant written with a +hh:00 offset instead of Z, e.g. 2026-11-26T16:05:00.000+02:00. */
export function withOffset(iso: string, offsetHours: number): string {
  const shifted = new Date(new Date(iso).getTime() + offsetHours * HOUR)
    .toISOString()
    .replace('Z', '');
  const sign = offsetHours >= 0 ? '+' : '-';
  return `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
}

/** The error messages of a response, as one list (API.md: `message` is a string or a list). */
export function messages(res: Res): string[] {
  const m = (res.body as { message?: unknown }).message;
  if (Array.isArray(m)) return m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return typeof m === 'string' ? [m] : m === undefined ? [] : [JSON.stringify(m)];
}

/** Asserts the status and that one message matches `pattern`; shows the body when it does not. */
export function expectError(res: Res, status: number, pattern: RegExp): void {
  expectStatus(res, status);
  expect(messages(res).join('\n')).toMatch(pattern);
  expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
}

/** Asserts the status, showing the body when it differs. */
export function expectStatus(res: Res, status: number): void {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

export async function countRows(
  api: TestApi,
  entity: EntityTarget<ObjectLiteral>,
): Promise<number> {
  return api.ds.getRepository(entity).count();
}

async function countAll(api: TestApi, entities: EntityTarget<ObjectLiteral>[]): Promise<number[]> {
  return Promise.all(entities.map((e) => countRows(api, e)));
}

/** Runs `write` (a request expected to be refused) and asserts that no clinical row was written. */
export async function expectNothingWritten<T>(
  api: TestApi,
  write: () => Promise<T>,
  entities = CLINICAL_TABLES,
): Promise<T> {
  const before = await countAll(api, entities);
  const result = await write();
  expect(await countAll(api, entities)).toEqual(before);
  return result;
}

export interface PatientRef {
  id: string;
  clinicId: string;
  weightKg: number | null;
}

export async function createPatient(
  api: TestApi,
  psychiatristToken: string,
  clinicId: string,
  overrides: Record<string, unknown> = {},
): Promise<PatientRef> {
  const res = await api
    .http()
    .post(`${V1}/patients`)
    .set(bearer(psychiatristToken))
    .send(newPatientBody(clinicId, overrides));
  expectStatus(res, 201);
  return res.body as PatientRef;
}

/** A valid ketamine IV order (35 mg, 0.5 mg/kg at 70 kg), dose started 10 minutes ago. */
export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    startedAt: isoAt(Date.now(), -10 * MINUTE),
    infusionMinutes: 40,
    ...overrides,
  };
}

export function orderSession(
  api: TestApi,
  token: string,
  patientId: string,
  body: Record<string, unknown>,
): Promise<Res> {
  return api.http().post(`${V1}/patients/${patientId}/sessions`).set(bearer(token)).send(body);
}

export interface SessionRef {
  id: string;
  patientId: string;
  sessionNumber: number;
  startedAt: string;
  status: string;
  version: number;
  readyAt: string | null;
  [key: string]: unknown;
}

export async function createSession(
  api: TestApi,
  token: string,
  patientId: string,
  overrides: Record<string, unknown> = {},
): Promise<SessionRef> {
  const res = await orderSession(api, token, patientId, sessionBody(overrides));
  expectStatus(res, 201);
  return res.body as SessionRef;
}

/** Discharges with a psychiatrist's override (the quick way to close a session a test does not monitor). */
export async function dischargeWithOverride(
  api: TestApi,
  psychiatristToken: string,
  session: { id: string; startedAt: string },
  at?: string,
): Promise<SessionRef> {
  const dischargedAt = at ?? isoAt(session.startedAt, 2 * HOUR);
  const res = await api
    .http()
    .post(`${V1}/sessions/${session.id}/discharge`)
    .set(bearer(psychiatristToken))
    .send({
      dischargedAt: new Date(Math.min(new Date(dischargedAt).getTime(), Date.now())).toISOString(),
      overrideReason: 'test: closing the session',
    });
  expectStatus(res, 200);
  return res.body as SessionRef;
}

/** An observation meeting every non-time discharge criterion of CLINICAL.md s3. */
export function readyObservation(
  recordedAt: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    recordedAt,
    systolic: 124,
    diastolic: 78,
    heartRate: 76,
    spo2: 98,
    respiratoryRate: 14,
    moaas: 5,
    cadss6: [0, 0, 0, 0, 0, 0],
    ...overrides,
  };
}

export function postObservation(
  api: TestApi,
  token: string,
  sessionId: string,
  body: Record<string, unknown>,
): Promise<Res> {
  return api.http().post(`${V1}/sessions/${sessionId}/observations`).set(bearer(token)).send(body);
}

export async function addObservation(
  api: TestApi,
  token: string,
  sessionId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await postObservation(api, token, sessionId, body);
  expectStatus(res, 201);
  return res.body as Record<string, unknown>;
}

/** Nine PHQ-9 answers adding up to `total` (items 1-8 filled first with 3s; item 9 stays 0 up to 24). */
export function phq9ItemsFor(total: number): number[] {
  if (!Number.isInteger(total) || total < 0 || total > 27) throw new RangeError(`total ${total}`);
  const items = Array<number>(9).fill(0);
  let left = total;
  for (let i = 0; i < 9 && left > 0; i++) {
    items[i] = Math.min(3, left);
    left -= items[i];
  }
  return items;
}

export function phq9Body(
  administeredAt: string,
  items: (number | null)[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { administeredAt, items, recall: 'two_weeks', ...overrides };
}

export function postPhq9(
  api: TestApi,
  token: string,
  patientId: string,
  body: Record<string, unknown>,
): Promise<Res> {
  return api.http().post(`${V1}/patients/${patientId}/phq9`).set(bearer(token)).send(body);
}

export async function addPhq9(
  api: TestApi,
  token: string,
  patientId: string,
  administeredAt: string,
  total: number,
  recall: 'two_weeks' | '24_hours' = '24_hours',
): Promise<{ id: string; total: number; administeredAt: string; hoursSinceDose: number | null }> {
  const res = await postPhq9(
    api,
    token,
    patientId,
    phq9Body(administeredAt, phq9ItemsFor(total), { recall }),
  );
  expectStatus(res, 201);
  return res.body as {
    id: string;
    total: number;
    administeredAt: string;
    hoursSinceDose: number | null;
  };
}
