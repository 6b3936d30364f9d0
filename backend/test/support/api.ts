import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Role } from '@clinic/shared';
import { createApp, openDatabase } from '../../src/app.factory';
import { hashPassword } from '../../src/common/auth/password';
import { Clinic } from '../../src/clinics/clinic.entity';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { User, UserClinic } from '../../src/users/user.entity';
import { ContractChecker, type OpenApiDocument } from './contract';

export const PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | null = null;

export interface TestApi {
  app: INestApplication;
  ds: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/** Starts the real application on the database named by DATABASE_URL (the test runner gives each run a fresh one). */
export async function startApi(overrides: Partial<AppConfig> = {}): Promise<TestApi> {
  if (!process.env['DATABASE_URL']) {
    throw new Error(
      'API tests need DATABASE_URL (run them with `npm run test:api`, which provides a fresh database)',
    );
  }
  const config: AppConfig = {
    ...loadConfig({ ...process.env, NODE_ENV: 'test', SEED_DEMO: 'false' }),
    loginMaxFailuresPerAddress: 100_000,
    staticDir: '/nonexistent',
    signalsIntervalSeconds: 0,
    outboxIntervalSeconds: 0,
    ...overrides,
  };
  const ds = await openDatabase(config);
  const app = await createApp(config, ds);
  const server = app.getHttpServer();
  const contract = new ContractChecker(
    (await request(server).get('/api/docs-json')).body as OpenApiDocument,
  );
  return {
    app,
    ds,
    config,
    http: () => checked(request(server), contract),
    close: async () => {
      await app.close();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Supertest, with every response checked against the OpenAPI document (support/contract.ts). */
function checked<T extends object>(agent: T, contract: ContractChecker): T {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (
        typeof property !== 'string' ||
        !HTTP_METHODS.has(property) ||
        typeof value !== 'function'
      )
        return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (...args: unknown[]) => request.Test).call(target, url, ...rest);
        test.on('response', (res: request.Response) => {
          contract.check(
            property,
            url,
            res.status,
            String(res.headers['content-type'] ?? ''),
            res.body,
          );
        });
        return test;
      };
    },
  });
}

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function makeClinic(ds: DataSource, name = unique('Clinic')): Promise<Clinic> {
  const clinic: Clinic = {
    id: randomUUID(),
    name,
    timezone: 'America/New_York',
    thresholds: null,
    thresholdsVersion: 1,
    crisisText: null,
    createdAt: new Date(),
  };
  await ds.getRepository(Clinic).insert(clinic);
  return clinic;
}

export async function makeUser(
  ds: DataSource,
  role: Role,
  clinicIds: string[],
  email = `${unique(role)}@test.example`,
): Promise<User> {
  passwordHash ??= hashPassword(PASSWORD);
  const user: User = {
    id: randomUUID(),
    email,
    name: `Test ${role}`,
    role,
    passwordHash: await passwordHash,
    active: true,
    disabledAt: null,
    version: 1,
    createdAt: new Date(),
  };
  await ds.getRepository(User).insert(user);
  if (clinicIds.length)
    await ds
      .getRepository(UserClinic)
      .insert(clinicIds.map((clinicId) => ({ userId: user.id, clinicId })));
  return user;
}

export async function login(api: TestApi, email: string, password = PASSWORD): Promise<string> {
  const res = await api.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export type Tokens = Record<Role, string>;

/** Two clinics, each with a psychiatrist, nurse and manager, and one administrator: the usual cast of a test. */
export interface World {
  clinicA: Clinic;
  clinicB: Clinic;
  users: {
    a: Record<Exclude<Role, 'admin'>, User>;
    b: Record<Exclude<Role, 'admin'>, User>;
    admin: User;
  };
  tokens: { a: Tokens; b: Tokens };
}

export async function makeWorld(api: TestApi): Promise<World> {
  const clinicA = await makeClinic(api.ds);
  const clinicB = await makeClinic(api.ds);
  const admin = await makeUser(api.ds, 'admin', []);
  const cast = async (clinic: Clinic) => ({
    psychiatrist: await makeUser(api.ds, 'psychiatrist', [clinic.id]),
    nurse: await makeUser(api.ds, 'nurse', [clinic.id]),
    manager: await makeUser(api.ds, 'manager', [clinic.id]),
  });
  const a = await cast(clinicA);
  const b = await cast(clinicB);
  const adminToken = await login(api, admin.email);
  const tokensOf = async (c: typeof a): Promise<Tokens> => ({
    psychiatrist: await login(api, c.psychiatrist.email),
    nurse: await login(api, c.nurse.email),
    manager: await login(api, c.manager.email),
    admin: adminToken,
  });
  return {
    clinicA,
    clinicB,
    users: { a, b, admin },
    tokens: { a: await tokensOf(a), b: await tokensOf(b) },
  };
}

export const bearer = (token: string): { Authorization: string } => ({
  Authorization: `Bearer ${token}`,
});

export function isoMinutesAgo(minutes: number, from = Date.now()): string {
  return new Date(from - minutes * 60_000).toISOString();
}

export function newPatientBody(
  clinicId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    clinicId,
    mrn: unique('MRN'),
    givenName: 'Test',
    familyName: unique('Patient'),
    birthDate: '1980-04-12',
    sex: 'female',
    weightKg: 70,
    ...overrides,
  };
}
