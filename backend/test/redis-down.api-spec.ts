/**
 * REDIS_URL set but Redis unreachable (a closed port): writes succeed, this instance's live-board
 * clients still get this instance's events (once), /health says so, and the app closes cleanly.
 */
import net from 'node:net';
import { Observation } from '../src/sessions/observation.entity';
import { bearer, makeWorld, startApi, type TestApi, type World, unique } from './support/api';
import {
  createPatient,
  createSession,
  expectStatus,
  isoAt,
  MINUTE,
  postObservation,
  readyObservation,
  V1,
} from './support/clinical-fixtures';
import { openStream } from './support/stream';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `data:` lines of an SSE body, parsed. */
function events(body: string): Record<string, unknown>[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe('live board with Redis unreachable', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      redisChannel: unique('test-board'),
    });
    world = await makeWorld(api);
  });
  afterAll(() => api.close());

  it('/health keeps its contract and adds redis: down', async () => {
    const res = await api.http().get(`${V1}/health`);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      status: 'ok',
      database: api.config.database.kind,
      redis: 'down',
    });
  });

  it('records an observation and streams its event once to a client of this instance', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -20 * MINUTE),
    });
    const stream = await openStream(api.app, `${V1}/board/stream`, bearer(world.tokens.a.nurse));
    try {
      expect(stream.status).toBe(200);
      const res = await postObservation(
        api,
        world.tokens.a.nurse,
        session.id,
        readyObservation(isoAt(Date.now(), -1 * MINUTE)),
      );
      expectStatus(res, 201);
      expect(await api.ds.getRepository(Observation).countBy({ sessionId: session.id })).toBe(1);
      const body = await stream.waitFor((b) =>
        events(b).some((e) => e['type'] === 'observation' && e['sessionId'] === session.id),
      );
      // Anything delivered twice would have arrived by now (the wait ends at the first one).
      const all = events(await stream.waitFor(() => false, 300));
      expect(events(body).length).toBeGreaterThan(0);
      expect(
        all.filter((e) => e['type'] === 'observation' && e['sessionId'] === session.id),
      ).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});

describe('/health without REDIS_URL', () => {
  it('has no redis field', async () => {
    const api = await startApi({ redisUrl: null });
    try {
      const res = await api.http().get(`${V1}/health`);
      expectStatus(res, 200);
      expect(res.body).toEqual({ status: 'ok', database: api.config.database.kind });
    } finally {
      await api.close();
    }
  });
});
