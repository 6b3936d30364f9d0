/**
 * The scheduled time-based rules run each wall-clock slot once (scheduler_runs), and reads treat
 * the rules as fresh after a scheduled run of any instance. Two real instances are in
 * test/multi-instance; this file checks one instance's side on either database.
 */
import { Client } from 'pg';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Instance } from '../src/common/instance/instance';
import { Db } from '../src/common/transactions/db.service';
import { Flag } from '../src/flags/flag.entity';
import { SchedulerRun } from '../src/signals/scheduler-run.entity';
import { jobLockKey, SIGNALS_JOB, slotStart } from '../src/signals/scheduler-runs';
import { SignalsScheduler } from '../src/signals/signals.scheduler';
import { SignalsService } from '../src/signals/signals.service';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  createPatient,
  createSession,
  expectStatus,
  isoAt,
  MINUTE,
  V1,
} from './support/clinical-fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled time-based rules: one run per slot', () => {
  let api: TestApi;
  let world: World;
  let scheduler: SignalsScheduler;
  // Slots of their own, a day ahead, so no other run in this database can own them.
  const base = slotStart(new Date(Date.now() + 86_400_000), 60).getTime();
  const slot = (n: number) => new Date(base + n * 60_000);
  const runOf = (n: number) =>
    api.ds.getRepository(SchedulerRun).findOneBy({ job: SIGNALS_JOB, slotStart: slot(n) });

  beforeAll(async () => {
    api = await startApi({ signalsIntervalSeconds: 60 });
    world = await makeWorld(api);
    scheduler = api.app.get(SignalsScheduler);
    // The test drives the slots itself: the instance's own timer is stopped.
    await scheduler.onApplicationShutdown();
  });
  afterAll(() => api.close());

  it('runs a slot, records it with this instance, and never runs it again', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    // The 0-minute observation becomes overdue (more than 10 min late) 1.5 s from now.
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -10 * MINUTE + 1500),
    });
    const overdue = () =>
      api.ds.getRepository(Flag).findBy({ sessionId: session.id, rule: 'monitoring.overdue' });
    expect(await overdue()).toHaveLength(0);
    await sleep(2000);

    // A slot run 8 days ago: a finished run prunes rows older than 7 days.
    const old = { job: SIGNALS_JOB, slotStart: new Date(Date.now() - 8 * 86_400_000) };
    await api.ds.getRepository(SchedulerRun).insert({
      ...old,
      intervalSeconds: 60,
      instance: 'long-gone',
      startedAt: old.slotStart,
      finishedAt: old.slotStart,
    });
    const before = { ...scheduler.stats };
    await scheduler.runSlot(slot(1));
    expect(await api.ds.getRepository(SchedulerRun).countBy({ instance: 'long-gone' })).toBe(0);
    expect(scheduler.stats.ran).toBe(before.ran + 1);
    const run = await runOf(1);
    expect(run).toMatchObject({
      instance: api.app.get(Instance).id,
      intervalSeconds: 60,
      finishedAt: expect.any(Date),
    });
    expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
    const flags = await overdue();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ status: 'open', createdAt: run!.startedAt });

    // The same slot again: already done, nothing evaluated, nothing raised.
    await scheduler.runSlot(slot(1));
    expect(scheduler.stats).toMatchObject({
      attempts: before.attempts + 2,
      ran: before.ran + 1,
      done: before.done + 1,
    });
    expect(await runOf(1)).toEqual(run);
    expect(await overdue()).toHaveLength(1);
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ action: 'create', resourceType: 'flag', resourceId: flags[0].id }),
    ).toBe(1);
  });

  it('takes over a slot whose run never finished (its instance stopped)', async () => {
    const startedAt = new Date(Date.now() - 30_000);
    await api.ds.getRepository(SchedulerRun).insert({
      job: SIGNALS_JOB,
      slotStart: slot(3),
      intervalSeconds: 60,
      instance: 'stopped-instance',
      startedAt,
      finishedAt: null,
    });
    const ran = scheduler.stats.ran;
    await scheduler.runSlot(slot(3));
    expect(scheduler.stats.ran).toBe(ran + 1);
    const run = await runOf(3);
    expect(run).toMatchObject({ instance: api.app.get(Instance).id, finishedAt: expect.any(Date) });
    expect(run!.startedAt.getTime()).toBeGreaterThan(startedAt.getTime());
  });

  it('reads skip the re-evaluation after a scheduled run of any instance, and re-evaluate once it is older than a tick', async () => {
    // A fresh instance (no evaluation of its own yet) after another instance's run a moment ago.
    const other = await startApi();
    try {
      const otherSignals = other.app.get(SignalsService);
      const otherEvaluate = jest.spyOn(otherSignals, 'evaluateTimeBased');
      const now = Date.now();
      await api.ds.getRepository(SchedulerRun).insert({
        job: SIGNALS_JOB,
        slotStart: new Date(now - 5_000),
        intervalSeconds: 60,
        instance: 'another-instance',
        startedAt: new Date(now - 5_000),
        finishedAt: new Date(now - 4_000),
      });
      const list = await other
        .http()
        .get(`${V1}/flags?clinicId=${world.clinicA.id}`)
        .set(bearer(world.tokens.a.nurse));
      expectStatus(list, 200);
      expect(otherEvaluate).not.toHaveBeenCalled();

      // Two minutes on, the run is older than a tick: the read evaluates (once), then is fresh.
      const later = new Date(now + 2 * MINUTE);
      const read = () =>
        other.app
          .get(Db)
          .transaction((em) => otherSignals.ensureFresh(em, [world.clinicA.id], later));
      await read();
      await read();
      expect(otherEvaluate).toHaveBeenCalledTimes(1);
      expect(otherEvaluate.mock.calls[0][1]).toEqual([world.clinicA.id]);
    } finally {
      await other.close();
    }
  });

  if (process.env['DATABASE_URL']?.startsWith('postgres')) {
    it('PostgreSQL: skips a slot while another instance holds the job lock, and runs it after', async () => {
      const holder = new Client({ connectionString: api.config.database.location });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1, $2)', [7_270_002, jobLockKey(SIGNALS_JOB)]);
        const before = { ...scheduler.stats };
        await scheduler.runSlot(slot(5));
        expect(scheduler.stats).toMatchObject({ busy: before.busy + 1, ran: before.ran });
        expect(await runOf(5)).toBeNull();
        await holder.query('SELECT pg_advisory_unlock($1, $2)', [
          7_270_002,
          jobLockKey(SIGNALS_JOB),
        ]);
        await scheduler.runSlot(slot(5));
        expect(scheduler.stats.ran).toBe(before.ran + 1);
        expect(await runOf(5)).toMatchObject({ finishedAt: expect.any(Date) });
      } finally {
        await holder.end();
      }
    });
  }
});
