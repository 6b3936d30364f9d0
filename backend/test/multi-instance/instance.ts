/**
 * One API instance in a child process, for the two-instance test: the real application (as
 * main.ts builds it) on the database, Redis and signals interval of its environment, listening on
 * an ephemeral port. Talks to the test over the IPC channel:
 *   -> { type: 'ready', port, instance }          once it listens
 *   <- { type: 'stats' } -> { type: 'stats', stats, redis }
 *   <- { type: 'stop' }  -> { type: 'stopped', stats } after a clean close, then exits
 * Run with: node -r ts-node/register/transpile-only -r tsconfig-paths/register instance.ts
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, openDatabase } from '../../src/app.factory';
import { BoardEvents } from '../../src/realtime/board-events.service';
import { Instance } from '../../src/common/instance/instance';
import { loadConfig } from '../../src/config/config';
import { SignalsScheduler } from '../../src/signals/signals.scheduler';

type Message = { type: 'stats' } | { type: 'stop' };

async function main(): Promise<void> {
  const send = (message: object) => process.send?.(message);
  const config = {
    ...loadConfig({ ...process.env, NODE_ENV: 'test', SEED_DEMO: 'false' }),
    loginMaxFailuresPerAddress: 100_000,
    staticDir: '/nonexistent',
    outboxIntervalSeconds: 0,
  };
  const dataSource = await openDatabase(config);
  const app = await createApp(config, dataSource);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;

  process.on('message', (message: Message) => {
    if (message.type === 'stats') {
      send({
        type: 'stats',
        stats: app.get(SignalsScheduler).stats,
        redis: app.get(BoardEvents).redisStatus(),
      });
    } else if (message.type === 'stop') {
      void (async () => {
        const scheduler = app.get(SignalsScheduler);
        // Closing lets a slot in progress finish, so the final counts match scheduler_runs.
        await app.close();
        if (dataSource.isInitialized) await dataSource.destroy();
        send({ type: 'stopped', stats: scheduler.stats });
        process.disconnect?.();
      })();
    }
  });
  // The test went away without stopping us: do not linger.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 2_000).unref());
  send({ type: 'ready', port, instance: app.get(Instance).id });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `instance failed to start: ${error instanceof Error ? error.message.split('\n')[0] : 'error'}\n`,
  );
  process.exit(1);
});
