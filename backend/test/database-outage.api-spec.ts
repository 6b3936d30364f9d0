import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { type AppConfig, parseDatabaseUrl } from '../src/config/config';
import type { LimitedDatabaseConfig } from '../src/database/data-source';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  createPatient,
  createSession,
  expectStatus,
  isoAt,
  MINUTE,
  phq9Body,
  phq9ItemsFor,
  readyObservation,
  type Res,
  V1,
} from './support/clinical-fixtures';
import { freshDatabase, type FreshDatabase } from './support/fresh-database';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

/**
 * The database goes away and comes back (issue 6): requests that need it answer 503 with
 * Retry-After at once (never a 500, never a hang), the API recovers by itself, and no write the API
 * acknowledged is lost, nor any write reported a success that it cannot vouch for.
 *
 * On PostgreSQL a TCP proxy stands between the application and the server, so the test can cut and
 * restore "the database" without touching the shared server. On SQLite, the embedded database's
 * equivalent: another process holding the write lock.
 */

/** Only detects a hang: the fail-fast limits under test are a few seconds at most. */
const HANG = 10_000;
const kind = parseDatabaseUrl(process.env['DATABASE_URL']).kind;

interface Timed {
  res: Res;
  ms: number;
}

async function timed(request: PromiseLike<Res>): Promise<Timed> {
  const t0 = Date.now();
  const res = await request;
  return { res, ms: Date.now() - t0 };
}

function expectUnavailable({ res, ms }: Timed): void {
  expectStatus(res, 503);
  expect(res.body).toMatchObject({
    statusCode: 503,
    error: 'Service Unavailable',
    message: expect.stringMatching(/database is unavailable/),
  });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(ms).toBeLessThan(HANG);
}

/** Polls GET /health until it answers 200; the time it took. */
async function untilHealthy(api: TestApi, limitMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const res = await api.http().get(`${V1}/health`);
    if (res.status === 200) return Date.now() - t0;
    if (Date.now() - t0 > limitMs)
      throw new Error(`not healthy after ${limitMs} ms: ${res.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Scene {
  api: TestApi;
  world: World;
  patientId: string;
  sessionId: string;
  nurse: string;
}

async function scene(config: Partial<AppConfig>): Promise<Scene> {
  const api = await startApi(config);
  const world = await makeWorld(api);
  const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
  // Started 30 minutes ago: observations recorded "now" fall within the session.
  const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
    startedAt: isoAt(Date.now(), -30 * MINUTE),
  });
  return { api, world, patientId: patient.id, sessionId: session.id, nurse: world.tokens.a.nurse };
}

function observation(
  s: Scene,
  key: string,
  body = readyObservation(new Date(Date.now() - 1_000).toISOString()),
): Promise<Res> {
  return s.api
    .http()
    .post(`${V1}/sessions/${s.sessionId}/observations`)
    .set(bearer(s.nurse))
    .set('Idempotency-Key', key)
    .send(body)
    .then((r) => r);
}

function phq9(s: Scene, key: string): Promise<Res> {
  return s.api
    .http()
    .post(`${V1}/patients/${s.patientId}/phq9`)
    .set(bearer(s.nurse))
    .set('Idempotency-Key', key)
    .send(phq9Body(new Date(Date.now() - 1_000).toISOString(), phq9ItemsFor(12)))
    .then((r) => r);
}

if (kind === 'postgres') {
  describe('PostgreSQL outage (through a TCP proxy)', () => {
    let db: FreshDatabase;
    let proxy: TcpProxy;
    let s: Scene;
    /** Ids the API acknowledged with 201. */
    const acked = { observations: new Set<string>(), phq9: new Set<string>() };

    /** Reads the server directly (not through the proxy). */
    async function direct<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const client = new Client({ connectionString: db.database.location });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    }

    async function write(n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        const o = await observation(s, randomUUID());
        expectStatus(o, 201);
        acked.observations.add((o.body as { id: string }).id);
        const p = await phq9(s, randomUUID());
        expectStatus(p, 201);
        acked.phq9.add((p.body as { id: string }).id);
      }
    }

    async function expectEveryAcknowledgedWriteStored(): Promise<void> {
      const observations = await direct<{ id: string }>(
        'SELECT id FROM observations WHERE session_id = $1',
        [s.sessionId],
      );
      const assessments = await direct<{ id: string }>(
        'SELECT id FROM phq9_assessments WHERE patient_id = $1',
        [s.patientId],
      );
      // Every acknowledged write is there, and nothing that was refused.
      expect(new Set(observations.map((r) => r.id))).toEqual(acked.observations);
      expect(new Set(assessments.map((r) => r.id))).toEqual(acked.phq9);
    }

    beforeAll(async () => {
      db = await freshDatabase('outage');
      const target = new URL(db.database.location);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const database: LimitedDatabaseConfig = {
        ...parseDatabaseUrl(proxy.urlFor(db.database.location)),
        // Short limits, so that the black-hole cases finish quickly.
        limits: { connectMs: 1_000, acquireMs: 2_000, queryMs: 2_000 },
      };
      s = await scene({ database });
    });
    afterAll(async () => {
      await s?.api.close();
      await proxy?.close();
      await db?.drop();
    });

    it('answers 503 with Retry-After at once while the database is down, and recovers by itself', async () => {
      await write(3);

      await proxy.cut();
      const health = await timed(s.api.http().get(`${V1}/health`));
      expect(health.res.status).toBe(503);
      // The health check's own fields stay, beside the error shape.
      expect(health.res.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        status: 'unavailable',
        database: 'postgres',
      });
      expect(Number(health.res.headers['retry-after'])).toBeGreaterThan(0);
      expectUnavailable(await timed(observation(s, randomUUID())));
      expectUnavailable(await timed(phq9(s, randomUUID())));
      expectUnavailable(
        await timed(s.api.http().get(`${V1}/patients/${s.patientId}`).set(bearer(s.nurse))),
      );
      expectUnavailable(
        await timed(
          s.api
            .http()
            .post(`${V1}/auth/login`)
            .send({ email: s.world.users.a.nurse.email, password: 'irrelevant-password' }),
        ),
      );
      // Requests that arrive together all get their answer too.
      const burst = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          timed(i % 2 ? observation(s, randomUUID()) : phq9(s, randomUUID())),
        ),
      );
      burst.forEach(expectUnavailable);

      await proxy.restore();
      await untilHealthy(s.api, HANG);
      await write(3);
      await expectEveryAcknowledgedWriteStored();
    });

    it('a write whose COMMIT reply is lost is not reported as a success; its retry with the same key answers the stored record', async () => {
      const key = randomUUID();
      const body = readyObservation(new Date(Date.now() - 1_000).toISOString());
      const lost = proxy.loseCommitReply('INSERT INTO "observations"');
      const first = await timed(observation(s, key, body));
      await lost;
      // The server did commit, but the API cannot know it: 503, never 201.
      expectUnavailable(first);
      const stored = await direct<{ id: string }>(
        'SELECT o.id FROM observations o WHERE o.session_id = $1 AND o.id <> ALL($2::uuid[])',
        [s.sessionId, [...acked.observations]],
      );
      expect(stored).toHaveLength(1);

      const retry = await observation(s, key, body);
      expectStatus(retry, 201);
      expect((retry.body as { id: string }).id).toBe(stored[0]?.id);
      acked.observations.add((retry.body as { id: string }).id);
      await expectEveryAcknowledgedWriteStored();
    });

    it('a server shutdown noticed between two statements of a write is a 503, not a 500', async () => {
      const before = await direct<{ n: number }>(
        'SELECT COUNT(*)::int AS n FROM observations WHERE session_id = $1',
        [s.sessionId],
      );
      // The observation's INSERT is answered, and the shutdown arrives with the answer: the next
      // statement of the unit of work finds its connection gone.
      const terminated = proxy.terminateAfter('INSERT INTO "observations"');
      const res = await timed(observation(s, randomUUID()));
      await terminated;
      expectUnavailable(res);
      const after = await direct<{ n: number }>(
        'SELECT COUNT(*)::int AS n FROM observations WHERE session_id = $1',
        [s.sessionId],
      );
      expect(after[0]?.n).toBe(before[0]?.n);
      await write(1);
      await expectEveryAcknowledgedWriteStored();
    });

    it('does not hang on a database that stops answering: new connections and statements on open ones time out into 503', async () => {
      await write(1);
      // Open pooled connections go silent: a statement on one is cut off by the query limit.
      proxy.freeze();
      expectUnavailable(await timed(observation(s, randomUUID())));
      expectUnavailable(await timed(s.api.http().get(`${V1}/health`)));
      // No open connection left, and new ones are never answered: the connect limit.
      proxy.freeze({ dropOpen: true });
      expectUnavailable(await timed(phq9(s, randomUUID())));
      expectUnavailable(
        await timed(s.api.http().get(`${V1}/patients/${s.patientId}`).set(bearer(s.nurse))),
      );

      await proxy.restore();
      await untilHealthy(s.api, HANG);
      await write(2);
      await expectEveryAcknowledgedWriteStored();
    });
  });
} else {
  describe('SQLite: another process holds the write lock', () => {
    let db: FreshDatabase;
    let s: Scene;

    beforeAll(async () => {
      db = await freshDatabase('outage');
      const database: LimitedDatabaseConfig = { ...db.database, limits: { sqliteBusyMs: 500 } };
      s = await scene({ database });
    });
    afterAll(async () => {
      await s?.api.close();
      await db?.drop();
    });

    it('answers 503 with Retry-After instead of waiting, writes nothing, and writes again once the lock is gone', async () => {
      const before = await observation(s, randomUUID());
      expectStatus(before, 201);

      const other = new Database(db.database.location);
      try {
        other.exec('BEGIN IMMEDIATE');
        const blocked = [
          await timed(observation(s, randomUUID())),
          await timed(phq9(s, randomUUID())),
        ];
        blocked.forEach(expectUnavailable);
        // Reads go on (WAL): the database is there, only busy.
        const health = await s.api.http().get(`${V1}/health`);
        expect(health.body).toEqual({ status: 'ok', database: 'sqlite' });
        other.exec('ROLLBACK');
      } finally {
        other.close();
      }

      const after = await observation(s, randomUUID());
      expectStatus(after, 201);
      const ids = await s.api.ds.query<{ id: string }[]>(
        'SELECT id FROM observations WHERE session_id = ? ORDER BY created_at',
        [s.sessionId],
      );
      expect(ids.map((r) => r.id)).toEqual([
        (before.body as { id: string }).id,
        (after.body as { id: string }).id,
      ]);
      const phq9s = await s.api.ds.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM phq9_assessments',
      );
      expect(Number(phq9s[0]?.n)).toBe(0);
    });
  });
}
