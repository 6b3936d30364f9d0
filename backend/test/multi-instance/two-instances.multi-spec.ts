/**
 * Two API instances (separate processes, each with its own DataSource and Redis connections) on
 * one PostgreSQL database and one Redis: live-board events recorded through one reach stream
 * clients of the other exactly once, and the scheduled time-based rules run each slot once across
 * both.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app.factory';
import { AuditEntry } from '../../src/common/audit/audit-entry.entity';
import { loadConfig } from '../../src/config/config';
import { Flag } from '../../src/flags/flag.entity';
import { SchedulerRun } from '../../src/signals/scheduler-run.entity';
import { SIGNALS_JOB } from '../../src/signals/scheduler-runs';
import { bearer, makeClinic, makeUser, newPatientBody } from '../support/api';
import { isoAt, MINUTE, readyObservation, sessionBody, V1 } from '../support/clinical-fixtures';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import {
  type ChildInstance,
  eventually,
  loginAt,
  openUrlStream,
  postgresUrl,
  REDIS_URL,
  startInstance,
  type UrlStream,
} from './support';

const INTERVAL_SECONDS = 1;

describe('two API instances on one PostgreSQL database and one Redis', () => {
  let fresh: FreshDatabase;
  let ds: DataSource;
  let a: ChildInstance;
  let b: ChildInstance;
  let clinicId: string;
  let psychiatristA: string;
  let nurseA: string;
  let nurseB: string;
  /** When both instances were up and subscribed. */
  let bothUp: number;

  beforeAll(async () => {
    postgresUrl();
    fresh = await freshDatabase('multi_instance');
    // The test's own connection: migrates the new database and builds the clinic and its staff.
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      DATABASE_URL: fresh.database.location,
    });
    ds = await openDatabase(config);
    const clinic = await makeClinic(ds);
    clinicId = clinic.id;
    const psychiatrist = await makeUser(ds, 'psychiatrist', [clinic.id]);
    const nurse1 = await makeUser(ds, 'nurse', [clinic.id]);
    const nurse2 = await makeUser(ds, 'nurse', [clinic.id]);

    const env = {
      DATABASE_URL: fresh.database.location,
      REDIS_URL,
      // A channel of this run only: the Redis may be shared.
      REDIS_CHANNEL: `test:board-events:${randomUUID()}`,
      SIGNALS_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
    };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    expect(a.id).not.toBe(b.id);
    psychiatristA = await loginAt(a, psychiatrist.email);
    nurseA = await loginAt(a, nurse1.email);
    // A session signed in on A is good on B too (the database holds it); this nurse signs in on B.
    nurseB = await loginAt(b, nurse2.email);
    // Both subscribed before anything is published.
    await eventually('Redis up on both instances', async () => {
      const [ha, hb] = await Promise.all([
        a.http().get(`${V1}/health`),
        b.http().get(`${V1}/health`),
      ]);
      return ha.body.redis === 'up' && hb.body.redis === 'up';
    });
    bothUp = Date.now();
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    if (ds?.isInitialized) await ds.destroy();
    await fresh?.drop();
  });

  async function newSession(startedAt: string): Promise<string> {
    const patient = await a
      .http()
      .post(`${V1}/patients`)
      .set(bearer(psychiatristA))
      .send(newPatientBody(clinicId));
    expect(patient.status).toBe(201);
    const session = await a
      .http()
      .post(`${V1}/patients/${patient.body.id as string}/sessions`)
      .set(bearer(psychiatristA))
      .send(sessionBody({ startedAt }));
    expect(session.status).toBe(201);
    return session.body.id as string;
  }

  const observationEvents = (stream: UrlStream, sessionId: string) =>
    stream.events().filter((e) => e['type'] === 'observation' && e['sessionId'] === sessionId);

  it('an observation recorded through one instance reaches stream clients of both, each exactly once (both ways)', async () => {
    const sessionId = await newSession(isoAt(Date.now(), -20 * MINUTE));
    const onA = await openUrlStream(a.url, `${V1}/board/stream`, bearer(nurseA));
    const onB = await openUrlStream(b.url, `${V1}/board/stream`, bearer(nurseB));
    try {
      expect([onA.status, onB.status]).toEqual([200, 200]);

      // Through A: B's client gets it through Redis, A's client from A itself.
      const first = await a
        .http()
        .post(`${V1}/sessions/${sessionId}/observations`)
        .set(bearer(nurseA))
        .send(readyObservation(isoAt(Date.now(), -2 * MINUTE)));
      expect(first.status).toBe(201);
      await eventually('the event on B', () => observationEvents(onB, sessionId).length > 0);
      await eventually('the event on A', () => observationEvents(onA, sessionId).length > 0);

      // Through B: the other way round.
      const second = await b
        .http()
        .post(`${V1}/sessions/${sessionId}/observations`)
        .set(bearer(nurseB))
        .send(readyObservation(isoAt(Date.now(), -1 * MINUTE)));
      expect(second.status).toBe(201);
      await eventually('both events on A', () => observationEvents(onA, sessionId).length > 1);
      await eventually('both events on B', () => observationEvents(onB, sessionId).length > 1);

      // A duplicate would come right behind the original (same Redis round trip): give it time.
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const stream of [onA, onB]) {
        const events = observationEvents(stream, sessionId);
        expect(events).toHaveLength(2);
        expect(events.every((e) => e['clinicId'] === clinicId)).toBe(true);
        expect(Object.keys(events[0]).sort()).toEqual([
          'at',
          'clinicId',
          'patientId',
          'sessionId',
          'type',
        ]);
      }
      // The same two events, in the same order, on both instances.
      expect(observationEvents(onA, sessionId)).toEqual(observationEvents(onB, sessionId));
    } finally {
      onA.close();
      onB.close();
    }
  });

  // Last: it stops both instances, so their final counts can be compared with scheduler_runs.
  it('runs every scheduler slot once across both instances, both take part, and an overdue observation is flagged once', async () => {
    // The 0-minute observation of this session becomes overdue (more than 10 min late) in 3 s:
    // no write raises monitoring.overdue for it, only a scheduled run can.
    const sessionId = await newSession(isoAt(Date.now(), -10 * MINUTE + 3_000));
    const flagsOf = () => ds.getRepository(Flag).findBy({ sessionId, rule: 'monitoring.overdue' });
    expect(await flagsOf()).toHaveLength(0);
    const onB = await openUrlStream(b.url, `${V1}/board/stream`, bearer(nurseB));
    const onA = await openUrlStream(a.url, `${V1}/board/stream`, bearer(nurseA));
    const flagEvents = (stream: UrlStream) =>
      stream.events().filter((e) => e['type'] === 'flag' && e['sessionId'] === sessionId);
    const started = await ds.getRepository(SchedulerRun).countBy({ job: SIGNALS_JOB });
    try {
      await eventually(
        'the flag, its event on both instances, and eight more scheduled slots',
        async () =>
          (await flagsOf()).length > 0 &&
          flagEvents(onA).length > 0 &&
          flagEvents(onB).length > 0 &&
          (await ds.getRepository(SchedulerRun).countBy({ job: SIGNALS_JOB })) >= started + 8,
        60_000,
        250,
      );
      // A duplicate event would come right behind the original: give it time.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(flagEvents(onA)).toHaveLength(1);
      expect(flagEvents(onB)).toHaveLength(1);
    } finally {
      onA.close();
      onB.close();
    }

    const [statsA, statsB] = await Promise.all([a.stop(), b.stop()]);
    if (!statsA || !statsB) throw new Error('an instance had stopped early');
    const runs = await ds.getRepository(SchedulerRun).findBy({ job: SIGNALS_JOB });

    // Each slot is a wall-clock slot, recorded once (primary key), finished, by one of the two.
    expect(runs.length).toBeGreaterThanOrEqual(8);
    for (const run of runs) {
      expect(run.slotStart.getTime() % (INTERVAL_SECONDS * 1000)).toBe(0);
      expect(run.finishedAt).not.toBeNull();
      expect([a.id, b.id]).toContain(run.instance);
    }
    // ...and run exactly once: the runs each instance counted are exactly its rows.
    expect(statsA.ran).toBe(runs.filter((r) => r.instance === a.id).length);
    expect(statsB.ran).toBe(runs.filter((r) => r.instance === b.id).length);
    // Both took part: each was woken for the slots while both were up (normally every one; at
    // least half, so a machine too loaded to fire a timer in time cannot fail the test) and every
    // attempt ended as ran, done or busy.
    const slotsBothUp = runs.filter((r) => r.slotStart.getTime() >= bothUp).length;
    expect(slotsBothUp).toBeGreaterThanOrEqual(6);
    for (const stats of [statsA, statsB]) {
      expect(stats.failed).toBe(0);
      expect(stats.attempts).toBe(stats.ran + stats.done + stats.busy);
      expect(stats.attempts).toBeGreaterThanOrEqual(3);
      expect(stats.attempts + stats.overlapped).toBeGreaterThanOrEqual(Math.floor(slotsBothUp / 2));
    }
    // The instance that did not run a slot tried it too, and found it done or busy.
    expect(statsA.done + statsA.busy + statsB.done + statsB.busy).toBeGreaterThanOrEqual(
      Math.floor(slotsBothUp / 2),
    );

    // The flag: raised once, by a scheduled run (created at a run's evaluation time), audited once.
    const flags = await flagsOf();
    expect(flags).toHaveLength(1);
    expect(runs.some((r) => r.startedAt.getTime() === flags[0].createdAt.getTime())).toBe(true);
    expect(
      await ds
        .getRepository(AuditEntry)
        .countBy({ action: 'create', resourceType: 'flag', resourceId: flags[0].id }),
    ).toBe(1);
  });
});
