import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import type { SchedulerStats } from '../../src/signals/signals.scheduler';
import type { RedisStatus } from '../../src/realtime/redis-fanout';
import { PASSWORD } from '../support/api';

export const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** The database of the PostgreSQL pass; the two-instance test refuses anything else. */
export function postgresUrl(): string {
  const url = process.env['DATABASE_URL'] ?? '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'The two-instance test needs DATABASE_URL=postgres://... (several instances share one PostgreSQL database)',
    );
  }
  return url;
}

export interface ChildInstance {
  id: string;
  url: string;
  http: () => ReturnType<typeof request>;
  stats: () => Promise<{ stats: SchedulerStats; redis: RedisStatus | null }>;
  /** Closes the instance cleanly; its scheduler's final counts (null: it had already stopped). */
  stop: () => Promise<SchedulerStats | null>;
}

const root = path.resolve(__dirname, '../..');

/** Starts backend/test/multi-instance/instance.ts in a child process with this environment. */
export function startInstance(env: Record<string, string>): Promise<ChildInstance> {
  const child: ChildProcess = fork(path.join(__dirname, 'instance.ts'), [], {
    cwd: path.resolve(root, '..'),
    execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(root, 'tsconfig.spec.json'),
      TS_NODE_TRANSPILE_ONLY: 'true',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string, timeoutMs: number): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`instance: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: Record<string, unknown>) => {
        if (message['type'] !== type) return;
        cleanup();
        resolve(message);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`instance exited (${code}) before "${type}"`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });

  return next('ready', 90_000).then(
    (ready) => {
      const url = `http://127.0.0.1:${ready['port'] as number}`;
      return {
        id: ready['instance'] as string,
        url,
        http: () => request(url),
        stats: async () => {
          const reply = next('stats', 10_000);
          child.send({ type: 'stats' });
          return (await reply) as unknown as { stats: SchedulerStats; redis: RedisStatus | null };
        },
        stop: async () => {
          if (child.exitCode !== null || !child.connected) return null;
          const stopped = next('stopped', 15_000);
          child.send({ type: 'stop' });
          try {
            return (await stopped)['stats'] as SchedulerStats;
          } finally {
            if (child.exitCode === null) child.kill();
          }
        },
      };
    },
    (error: unknown) => {
      child.kill();
      throw error;
    },
  );
}

export async function loginAt(instance: ChildInstance, email: string): Promise<string> {
  const res = await instance.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return (res.body as { token: string }).token;
}

/** Waits until `check` holds (polling), failing with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface UrlStream {
  status: number;
  /** The parsed `data:` payloads of `board` events received so far. */
  events: () => Record<string, unknown>[];
  close: () => void;
}

/** An SSE request to an instance's URL, returning as soon as its headers arrive. */
export function openUrlStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<UrlStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      resolve({
        status: res.statusCode ?? 0,
        events: () =>
          body
            .split('\n\n')
            .slice(0, -1) // complete events only
            .filter((block) => block.includes('event: board'))
            .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
            .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>),
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}

/** A TCP proxy in front of Redis, so a test can take Redis away from one instance and give it back. */
export interface RedisProxy {
  url: string;
  /** Resets every open connection and refuses new ones (Redis down, as this instance sees it). */
  cut: () => Promise<void>;
  /** Accepts connections again on the same port. */
  restore: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startRedisProxy(target: string): Promise<RedisProxy> {
  const upstreamUrl = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(upstreamUrl.port || 6379), upstreamUrl.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.resetAndDestroy();
    });
  return {
    url: url.toString(),
    cut: stop,
    restore: () => listen(port),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
