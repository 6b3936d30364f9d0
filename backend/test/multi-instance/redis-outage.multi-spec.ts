/**
 * Redis goes away from one instance and comes back (a TCP proxy between that instance and Redis):
 * writes keep succeeding and its own clients keep getting its events; the outage is logged once
 * however many reconnection attempts fail; it reconnects by itself and events cross again.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  makeClinic,
  makeUser,
  bearer,
  login,
  newPatientBody,
  startApi,
  type TestApi,
} from '../support/api';
import { isoAt, MINUTE, readyObservation, sessionBody, V1 } from '../support/clinical-fixtures';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { openStream, type OpenStream } from '../support/stream';
import { eventually, postgresUrl, REDIS_URL, type RedisProxy, startRedisProxy } from './support';

/** Board events of this session in an SSE body (complete events only). */
function observationEvents(body: string, sessionId: string): Record<string, unknown>[] {
  return body
    .split('\n\n')
    .slice(0, -1)
    .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>)
    .filter((e) => e['type'] === 'observation' && e['sessionId'] === sessionId);
}

describe('an instance losing Redis and getting it back', () => {
  let fresh: FreshDatabase;
  let proxy: RedisProxy;
  let a: TestApi; // through the proxy
  let b: TestApi; // straight to Redis
  let psychiatrist: string;
  let nurseA: string;
  let nurseB: string;
  let sessionId: string;
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const log = jest.spyOn(Logger.prototype, 'log');

  beforeAll(async () => {
    postgresUrl();
    fresh = await freshDatabase('redis_outage');
    proxy = await startRedisProxy(REDIS_URL);
    const redisChannel = `test:board-events:${randomUUID()}`;
    a = await startApi({ database: fresh.database, redisUrl: proxy.url, redisChannel });
    b = await startApi({ database: fresh.database, redisUrl: REDIS_URL, redisChannel });
    const clinic = await makeClinic(a.ds);
    const users = [
      await makeUser(a.ds, 'psychiatrist', [clinic.id]),
      await makeUser(a.ds, 'nurse', [clinic.id]),
      await makeUser(a.ds, 'nurse', [clinic.id]),
    ];
    psychiatrist = await login(a, users[0].email);
    nurseA = await login(a, users[1].email);
    nurseB = await login(b, users[2].email);
    const patient = await a
      .http()
      .post(`${V1}/patients`)
      .set(bearer(psychiatrist))
      .send(newPatientBody(clinic.id));
    const session = await a
      .http()
      .post(`${V1}/patients/${patient.body.id as string}/sessions`)
      .set(bearer(psychiatrist))
      .send(sessionBody({ startedAt: isoAt(Date.now(), -30 * MINUTE) }));
    expect(session.status).toBe(201);
    sessionId = session.body.id as string;
  }, 60_000);

  afterAll(async () => {
    warn.mockRestore();
    log.mockRestore();
    await a?.close();
    await b?.close();
    await proxy?.close();
    await fresh?.drop();
  });

  const redisOf = async (api: TestApi) =>
    ((await api.http().get(`${V1}/health`)).body as { redis?: string }).redis;
  const outageLines = () =>
    warn.mock.calls.filter((call) => String(call[0]).includes(proxy.url.replace(/\/$/, '')));
  const observe = (api: TestApi, token: string, minutesAgo: number) =>
    api
      .http()
      .post(`${V1}/sessions/${sessionId}/observations`)
      .set(bearer(token))
      .send(readyObservation(isoAt(Date.now(), -minutesAgo * MINUTE)));

  it('keeps writing and streaming locally while Redis is away, logs it once, and fans out again once back', async () => {
    await eventually(
      'Redis up on both',
      async () => (await redisOf(a)) === 'up' && (await redisOf(b)) === 'up',
    );
    let onA: OpenStream | null = null;
    let onB: OpenStream | null = null;
    try {
      onA = await openStream(a.app, `${V1}/board/stream`, bearer(nurseA));
      onB = await openStream(b.app, `${V1}/board/stream`, bearer(nurseB));

      await proxy.cut();
      await eventually('A sees Redis down', async () => (await redisOf(a)) === 'down');
      expect(await redisOf(b)).toBe('up');
      // Several reconnection attempts fail meanwhile (100, 200, 400, 800 ms...).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const during = await observe(a, nurseA, 20);
      expect(during.status).toBe(201);
      const bodyA = await onA.waitFor(
        (body) => observationEvents(body, sessionId).length > 0,
        5_000,
      );
      expect(observationEvents(bodyA, sessionId)).toHaveLength(1);
      expect(outageLines()).toHaveLength(1);
      const line = String(outageLines()[0][0]);
      expect(line).toMatch(/unavailable/);
      expect(line).not.toContain(sessionId);

      await proxy.restore();
      await eventually('A reconnected', async () => (await redisOf(a)) === 'up', 20_000);
      expect(log.mock.calls.filter((call) => String(call[0]).includes('reconnected'))).toHaveLength(
        1,
      );
      const after = await observe(a, nurseA, 10);
      expect(after.status).toBe(201);
      const events = (stream: OpenStream) =>
        stream.waitFor((body) => observationEvents(body, sessionId).length >= 1, 5_000);
      // B gets the event written after the reconnection, once (the one during the outage never reached it).
      const bodyB = await events(onB);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(observationEvents(await onB.waitFor(() => false, 0), sessionId)).toHaveLength(1);
      expect(observationEvents(bodyB, sessionId)[0]['at']).toEqual(
        observationEvents(await onA.waitFor(() => false, 0), sessionId)[1]['at'],
      );
      expect(observationEvents(await onA.waitFor(() => false, 0), sessionId)).toHaveLength(2);
      expect(outageLines()).toHaveLength(1);
    } finally {
      onA?.close();
      onB?.close();
    }
  });
});
