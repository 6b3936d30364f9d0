/**
 * One helper for an API spec file: the application started on DATABASE_URL (or on a fresh
 * database of its own) before the file's tests, the usual world (two clinics, a psychiatrist, nurse
 * and manager in each, an administrator) signed in, typed requests with a role's token, and the
 * teardown after the tests.
 *
 *   const { api, world, get, post } = useApi();
 *   it('...', async () => { const res = await get('/flags', 'nurse'); ... });
 *
 * `api` and `world` can be taken at the top of the file: they stand for the running application
 * and its world once the file's first `beforeAll` (this helper's) has run.
 */
import type { Role } from '@clinic/shared';
import type { Test } from 'supertest';
import type { AppConfig } from '../../src/config/config';
import { bearer, makeWorld, startApi, type TestApi, type World } from './api';
import { type FreshDatabase, freshDatabase } from './fresh-database';

/** Who sends a request: a role of clinic A, `b.<role>` for clinic B, a token, or nobody. */
export type Who = Role | `b.${Exclude<Role, 'admin'>}` | { token: string } | null;

export interface UseApiOptions {
  /** Configuration overrides (e.g. a clock, rate limits). */
  config?: Partial<AppConfig>;
  /** A database of its own (label), dropped after the file: for tests that read the whole chain. */
  fresh?: string;
}

export interface ApiHandle {
  /** The running application (its HTTP client, data source and configuration). */
  api: TestApi;
  /** The two clinics, their staff and their tokens. */
  world: World;
  token: (who: Exclude<Who, null>) => string;
  get: (path: string, who?: Who) => Test;
  post: (path: string, who: Who, body?: unknown, headers?: Record<string, string>) => Test;
  put: (path: string, who: Who, body: unknown, headers?: Record<string, string>) => Test;
  patch: (path: string, who: Who, body: unknown, headers?: Record<string, string>) => Test;
}

/**
 * Starting the application (migrations, seven sign-ins) and closing it are setup, not behaviour:
 * they may take longer than a test on a busy machine.
 */
const SETUP_MS = 120_000;

/** `/flags` -> `/api/v1/flags`; a path already under /api is kept. */
export function apiPath(path: string): string {
  return path.startsWith('/api/') ? path : `/api/v1${path.startsWith('/') ? '' : '/'}${path}`;
}

/** An object whose properties are read from `target()` when used (so it can be taken early). */
function late<T extends object>(name: string, target: () => T | null): T {
  return new Proxy({} as T, {
    get(_empty, key) {
      const value = target();
      if (value === null) throw new Error(`useApi: ${name} is used before the file's beforeAll`);
      const property = Reflect.get(value, key) as unknown;
      return typeof property === 'function' ? (property as () => unknown).bind(value) : property;
    },
  });
}

export function useApi(options: UseApiOptions = {}): ApiHandle {
  let running: TestApi | null = null;
  let cast: World | null = null;
  let fresh: FreshDatabase | null = null;

  beforeAll(async () => {
    if (options.fresh) fresh = await freshDatabase(options.fresh);
    running = await startApi({
      ...options.config,
      ...(fresh ? { database: fresh.database } : {}),
    });
    cast = await makeWorld(running);
  }, SETUP_MS);
  afterAll(async () => {
    await running?.close();
    await fresh?.drop();
  }, SETUP_MS);

  const api = late<TestApi>('api', () => running);
  const world = late<World>('world', () => cast);
  const token = (who: Exclude<Who, null>): string => {
    if (typeof who === 'object') return who.token;
    if (who.startsWith('b.')) return world.tokens.b[who.slice(2) as Role];
    return world.tokens.a[who as Role];
  };
  const send = (
    method: 'get' | 'post' | 'put' | 'patch',
    path: string,
    who: Who,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Test => {
    let req = api.http()[method](apiPath(path));
    if (who !== null) req = req.set(bearer(token(who)));
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return body === undefined ? req : req.send(body as object);
  };

  return {
    api,
    world,
    token,
    get: (path, who = null) => send('get', path, who),
    post: (path, who, body, headers) => send('post', path, who, body, headers),
    put: (path, who, body, headers) => send('put', path, who, body, headers),
    patch: (path, who, body, headers) => send('patch', path, who, body, headers),
  };
}
