#!/usr/bin/env node
// First benchmark (issue 2): single-record reads and writes through the whole HTTP stack, 16
// concurrent clients on loopback, on SQLite and on PostgreSQL. Bounded: each phase runs for a fixed
// time and stops by itself. Results are printed and written to bench/RESULTS.md.
//
//   npm run build && npm run bench            (PostgreSQL at $BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test)
//   npm run bench -- --seconds=5 --no-postgres
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  agent,
  arg,
  call as request,
  machine,
  phase as timedPhase,
  recordResults,
  root,
  startServer,
} from './lib.mjs';

const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = Number(arg('concurrency', '16'));
const WARMUP_SECONDS = 2;
const pgBase = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const withPostgres = !process.argv.includes('--no-postgres');

const call = request;
const phase = (name, seconds, fn) => timedPhase(name, seconds, CONCURRENCY, fn);

async function benchDatabase(label, databaseUrl) {
  const { base, child } = await startServer(databaseUrl);
  try {
    const login = async (email) =>
      (await call(base, 'POST', '/api/v1/auth/login', null, { email, password: 'demo-password' }))
        .body.token;
    const psych = await login('psychiatrist@riverside.demo.clinic');
    const nurse = await login('nurse@riverside.demo.clinic');
    const clinicId = (await call(base, 'GET', '/api/v1/clinics', psych)).body.items.find(
      (c) => c.name === 'Riverside Clinic',
    ).id;
    // Writes go to many sessions (about a dozen observations each, as in a real session), not one
    // ever-growing session: readiness is re-evaluated over the session's observations on each write.
    const SESSIONS = 160;
    const sessions = [];
    let patient;
    for (let i = 0; i < SESSIONS; i++) {
      patient = (
        await call(base, 'POST', '/api/v1/patients', psych, {
          clinicId,
          mrn: `BENCH-${randomBytes(4).toString('hex')}`,
          givenName: 'Bench',
          familyName: 'Synthetic',
          birthDate: '1980-01-01',
          sex: 'unknown',
          weightKg: 70,
        })
      ).body;
      const session = (
        await call(base, 'POST', `/api/v1/patients/${patient.id}/sessions`, psych, {
          drug: 'ketamine',
          route: 'iv',
          doseMg: 35,
          startedAt: new Date(Date.now() - 60_000).toISOString(),
          infusionMinutes: 40,
        })
      ).body;
      sessions.push(session.id);
    }
    const read = () => call(base, 'GET', `/api/v1/patients/${patient.id}`, nurse);
    const write = (worker, i) =>
      call(
        base,
        'POST',
        `/api/v1/sessions/${sessions[(i * CONCURRENCY + worker) % SESSIONS]}/observations`,
        nurse,
        {
          recordedAt: new Date().toISOString(),
          systolic: 120 + Math.floor(Math.random() * 20),
          diastolic: 75,
          heartRate: 72,
          spo2: 98,
          moaas: 5,
        },
      );
    await phase('warm-up', WARMUP_SECONDS, read);
    const results = [
      await phase('read: GET /patients/:id', SECONDS, read),
      await phase('write: POST /sessions/:id/observations', SECONDS, write),
    ];
    return results.map((r) => ({ database: label, ...r }));
  } finally {
    child.kill('SIGTERM');
  }
}

async function freshPostgres() {
  const { default: pg } = await import('pg');
  const name = `ketamine_bench_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: pgBase });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: pgBase });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

if (!fs.existsSync(path.join(root, 'dist/backend/main.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketamine-bench-'));
const sqliteUrl = `sqlite:${path.join(dir, 'bench.sqlite')}`;

// Start-up on an already-built tree and an existing database: spawn to the first healthy answer.
const startups = [];
for (let i = 0; i < 6; i++) {
  const t0 = process.hrtime.bigint();
  const { child } = await startServer(sqliteUrl);
  if (i > 0) startups.push(Number(process.hrtime.bigint() - t0) / 1e6); // the first start seeds the demo data
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
startups.sort((a, b) => a - b);
const startupMedian = startups[Math.floor(startups.length / 2)];

const rows = await benchDatabase('SQLite', sqliteUrl);
if (withPostgres) {
  const db = await freshPostgres();
  try {
    rows.push(...(await benchDatabase('PostgreSQL', db.url)));
  } finally {
    await db.drop();
  }
}
fs.rmSync(dir, { recursive: true, force: true });
agent.destroy();

const fmt = (n) => n.toFixed(1);
const table = [
  '| database | operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.database} | ${r.name} | ${r.requests} | ${r.errors} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} |`,
  ),
].join('\n');
const section = `## Single-record reads and writes (${new Date().toISOString().slice(0, 10)})\n\nCommand: \`npm run build && npm run bench -- --seconds=${SECONDS}\`; ${CONCURRENCY} concurrent keep-alive clients on loopback, ${SECONDS} s per operation after a ${WARMUP_SECONDS} s warm-up, demo data seeded, every request authenticated and audited in the same transaction; writes spread over 160 in-progress sessions (about a dozen observations each).\nMachine: ${machine()}.\n\n${table}\n\nStart-up (node dist/backend/main.js on an existing SQLite database, spawn to the first 200 from /api/v1/health): median ${startupMedian.toFixed(0)} ms over ${startups.length} starts (target: within 5 s).\n`;
console.log(`\n${section}`);
recordResults(section);
if (rows.some((r) => r.errors > 0)) {
  console.error('Some requests failed: see the errors column.');
  process.exit(1);
}
