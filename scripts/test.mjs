#!/usr/bin/env node
// `npm test`: every test, in order, and a non-zero exit when any fails.
//   1. unit tests (shared clinical maths, backend units, dashboard components)
//   2. API tests against a fresh SQLite database
//   3. the same API tests against a fresh PostgreSQL database, when DATABASE_URL points at a server,
//      then two API instances on PostgreSQL and Redis (REDIS_URL, default redis://127.0.0.1:6379)
//   4. browser tests (playwright-core + Debian's Chromium) against the built app with demo data
// Options: --only=unit|api|e2e (repeatable).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv
  .filter((a) => a.startsWith('--only='))
  .map((a) => a.slice('--only='.length));
const wants = (step) => only.length === 0 || only.includes(step);
const ci = /^(1|true)$/i.test(process.env.CI ?? '');
const tmp = path.join(root, 'tmp', 'test');
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });

const baseEnv = {
  ...process.env,
  TZ: 'UTC',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};
delete baseEnv.DATABASE_URL;
// Only the two-instance step uses Redis; the other API tests run each instance on its own.
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
delete baseEnv.REDIS_URL;
delete baseEnv.REDIS_CHANNEL;
const results = [];
let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, env: { ...baseEnv, ...env }, stdio: 'inherit' });
  const ok = r.status === 0;
  results.push({ label, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

/**
 * Like run, in the background: its output is kept and printed in one piece when it ends, so two
 * steps can share the machine's cores without mixing their logs.
 */
function runInBackground(label, command, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (status) => {
      process.stdout.write(`\n=== ${label} ===\n`);
      process.stdout.write(Buffer.concat(chunks));
      const ok = status === 0;
      results.push({ label, ok, seconds: (Date.now() - started) / 1000 });
      resolve(ok);
    });
  });
}

function jestArgs(label, config) {
  const out = path.join(tmp, `${label.replace(/\W+/g, '-')}.json`);
  return { out, args: ['jest', '-c', config, '--ci', '--json', `--outputFile=${out}`] };
}

function countReport(label, out, ok) {
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    if (report.numTotalTests === 0) {
      results.push({ label: `${label}: no tests ran`, ok: false });
    }
  } else if (!ok) {
    failed += 1;
  }
  return ok;
}

function jest(label, config, env = {}) {
  const { out, args } = jestArgs(label, config);
  return countReport(label, out, run(label, 'npx', args, env));
}

async function jestInBackground(label, config, env = {}) {
  const { out, args } = jestArgs(label, config);
  return countReport(label, out, await runInBackground(label, 'npx', args, env));
}

if (wants('unit')) {
  jest('unit: shared clinical maths', 'shared/jest.config.ts');
  jest('unit: backend', 'backend/jest.config.ts');
  jest('unit: frontend', 'frontend/jest.config.ts');
}

if (wants('api')) {
  const file = path.join(tmp, `api-${randomBytes(4).toString('hex')}.sqlite`);
  const sqlite = { label: 'api: SQLite', env: { DATABASE_URL: `sqlite:${file}` } };

  const pgUrl = process.env.DATABASE_URL;
  if (pgUrl && /^postgres(ql)?:\/\//.test(pgUrl)) {
    const fresh = await freshPostgresDatabase(pgUrl);
    if (fresh) {
      try {
        // The two passes share nothing (their own databases), so they run side by side on the
        // machine's cores; each prints its log when it ends.
        await Promise.all([
          jestInBackground(sqlite.label, 'backend/test/jest.config.ts', sqlite.env),
          jestInBackground('api: PostgreSQL', 'backend/test/jest.config.ts', {
            DATABASE_URL: fresh.url,
          }),
        ]);
        await twoInstances(fresh.url);
      } finally {
        await fresh.drop();
      }
    } else {
      jest(sqlite.label, 'backend/test/jest.config.ts', sqlite.env);
      results.push({ label: 'api: PostgreSQL (could not create a test database)', ok: false });
    }
  } else {
    jest(sqlite.label, 'backend/test/jest.config.ts', sqlite.env);
    process.stdout.write(
      '\n(API tests on PostgreSQL not run: set DATABASE_URL=postgres://... to run them too)\n',
    );
  }
}

if (wants('e2e')) {
  const chromium = findChromium();
  if (!chromium) {
    const message =
      'Browser tests: no Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser). Install it with: apt-get install -y chromium';
    if (ci) {
      process.stdout.write(`\n${message}\nCI=true: failing.\n`);
      results.push({ label: 'e2e: Chromium missing', ok: false });
      failed += 1;
    } else {
      process.stdout.write(`\nSKIPPED ${message}\n`);
    }
  } else if (
    run('build: backend and dashboard', 'npx', [
      'nx',
      'run-many',
      '-t',
      'build',
      '--projects=backend,frontend',
      '--parallel=1',
      '--outputStyle=static',
    ])
  ) {
    jest('e2e: browser (Chromium)', 'e2e/jest.config.ts', { CHROMIUM_PATH: chromium });
  } else {
    failed += 1;
  }
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) {
  const time = r.seconds === undefined ? '' : `  (${Math.round(r.seconds)} s)`;
  process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.label}${time}\n`);
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(results.every((r) => r.ok) && failed === 0 ? 0 : 1);

/** The two-instance test (it makes its own databases next to `databaseUrl`), when Redis answers. */
async function twoInstances(databaseUrl) {
  const label = 'api: two instances (PostgreSQL + Redis)';
  const problem = await redisProblem(redisUrl);
  if (problem) {
    const message = `Two-instance test (live events through Redis, scheduler once per tick) not run: no Redis at ${redisUrl.replace(/:[^:@/]*@/, ':***@')} (${problem}). Start one (redis-server) or set REDIS_URL.`;
    if (ci) {
      process.stdout.write(`\n${message}\nCI=true: failing.\n`);
      results.push({ label: `${label}: Redis unreachable`, ok: false });
      failed += 1;
    } else {
      process.stdout.write(`\nSKIPPED ${message}\n`);
    }
    return;
  }
  jest(label, 'backend/test/multi-instance/jest.config.ts', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
  });
}

/** null when Redis answers PING at `url`, else why not. */
async function redisProblem(url) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause = null;
  redis.on('error', (error) => {
    cause ??= error;
  });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? null : 'no PONG';
  } catch (error) {
    const e = cause ?? error;
    return e.code ?? e.message.split('\n')[0];
  } finally {
    redis.disconnect();
  }
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** A throwaway database next to the one DATABASE_URL names, so each run starts empty. */
async function freshPostgresDatabase(url) {
  const { default: pg } = await import('pg');
  const name = `ketamine_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    process.stdout.write(
      `\nCannot create a PostgreSQL test database via ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}\n`,
    );
    await admin.end().catch(() => {});
    return null;
  }
  await admin.end();
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    url: fresh.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
