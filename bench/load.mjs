#!/usr/bin/env node
// Write load (issue 6): 200 concurrent keep-alive clients on loopback recording observations and
// PHQ-9s through the API for 60 s, on a private PostgreSQL cluster (bench/pg-cluster.mjs); every
// acknowledged write is then looked up in the database. Then the raw baseline: a `pg` loop doing
// the same inserts with the same concurrency for the same time; the API's write throughput is
// reported as a ratio to it. Results go to bench/RESULTS.md.
//
//   npx nx build backend && npm run bench:load
//   npm run bench:load -- --duration=10 --no-record        (a short trial)
// Options: --duration=60 --concurrency=200 --patients=1000 --raw-pool=10 --no-record
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, machine, recordResults, root, startServer, stopServer } from './lib.mjs';

const LOAD_BEFORE = os.loadavg()[0].toFixed(2);
import { freshDatabase, PG_PORT, startCluster, stop } from './pg-cluster.mjs';
import { runRaw } from './raw-writes.mjs';
import { countRows, prepare, runWrites, verify } from './writes.mjs';

const DURATION = Number(arg('duration', '60'));
const CONCURRENCY = Number(arg('concurrency', '200'));
const PATIENTS = Number(arg('patients', '1000'));
/** The API's own pool size (backend/src/database/data-source.ts), for a like-for-like baseline. */
const RAW_POOL = Number(arg('raw-pool', '10'));
const record = !process.argv.includes('--no-record');

if (!fs.existsSync(path.join(root, 'dist/backend/main.js'))) {
  console.error('Build first: npx nx build backend');
  process.exit(1);
}

const fmt = (n) => (n === null || n === undefined ? '-' : n.toFixed(1));
const adminUrl = await startCluster();
const db = await freshDatabase(adminUrl, 'load');
let failed = false;
try {
  const { child, base } = await startServer(db.url);
  let api;
  let setup;
  try {
    console.log(`preparing ${PATIENTS} patients with a session in progress...`);
    setup = await prepare(base, PATIENTS);
    const before = await countRows(db.url);
    console.log(`API: ${CONCURRENCY} clients for ${DURATION} s...`);
    api = await runWrites({
      base,
      users: setup.users,
      targets: setup.targets,
      seconds: DURATION,
      concurrency: CONCURRENCY,
    });
    api.check = await verify(db.url, api.acked, before);
  } finally {
    await stopServer(child);
  }

  console.log(
    `raw pg baseline: ${CONCURRENCY} clients on a pool of ${RAW_POOL} for ${DURATION} s...`,
  );
  const beforeRaw = await countRows(db.url);
  const raw = await runRaw({
    databaseUrl: db.url,
    users: setup.users,
    targets: setup.targets,
    seconds: DURATION,
    concurrency: CONCURRENCY,
    poolSize: RAW_POOL,
  });
  raw.check = await verify(db.url, raw.acked, beforeRaw);

  const apiErrors = api.attempts.total - api.attempts.ok;
  const lost = api.check.missing.observation + api.check.missing.phq9;
  const ackedObs = api.acked.observation.size;
  const ackedPhq9 = api.acked.phq9.size;
  const countsMatch =
    api.check.newRows.observation === ackedObs && api.check.newRows.phq9 === ackedPhq9;
  const ratio = api.writesPerSecond / raw.writesPerSecond;
  failed = apiErrors > 0 || lost > 0 || !countsMatch || api.unresolved > 0;

  const table = [
    '| writer | writes acknowledged | errors | writes/s | p50 ms | p95 ms | p99 ms | max ms | acknowledged but missing | rows written = acknowledged |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| API (HTTP, 201s) | ${api.ackedCount} (${ackedObs} observations, ${ackedPhq9} PHQ-9s) | ${apiErrors}${Object.keys(api.otherErrors).length ? ` ${JSON.stringify(api.otherErrors)}` : ''} | ${fmt(api.writesPerSecond)} | ${fmt(api.p50)} | ${fmt(api.p95)} | ${fmt(api.p99)} | ${fmt(api.max)} | ${lost} | ${countsMatch ? 'yes' : `no (${JSON.stringify(api.check.newRows)})`} |`,
    `| raw \`pg\` loop (same inserts) | ${raw.ackedCount} | ${raw.errors} | ${fmt(raw.writesPerSecond)} | ${fmt(raw.p50)} | ${fmt(raw.p95)} | ${fmt(raw.p99)} | - | ${raw.check.missing.observation + raw.check.missing.phq9} | ${raw.check.newRows.observation + raw.check.newRows.phq9 === raw.ackedCount ? 'yes' : 'no'} |`,
  ].join('\n');
  const section = `## Write load: 200 clients writing observations and PHQ-9s, PostgreSQL (${new Date().toISOString().slice(0, 10)})

Command: \`npx nx build backend && npm run bench:load${DURATION !== 60 ? ` -- --duration=${DURATION}` : ''}\`. A private PostgreSQL 15 cluster (bench/.data/pg-bench, port ${PG_PORT}, fsync and synchronous_commit on), the built API (\`node dist/backend/main.js\`, pool of 10), demo data seeded, ${PATIENTS} patients each with a session in progress. ${CONCURRENCY} concurrent keep-alive clients on loopback for ${DURATION} s, observations and PHQ-9s alternating across every patient, each write with its own Idempotency-Key, signed in as 20 sign-in sessions of the Riverside nurse and psychiatrist; every write audited (hash chain) in its transaction. Afterwards every acknowledged id was looked up in the database and the new rows counted. Latencies are per request, client side. The raw baseline runs the same inserts (record, Idempotency-Key row, chained audit row under the chain's advisory lock) with ${CONCURRENCY} concurrent loops on a \`pg\` pool of ${RAW_POOL}, for the same time, on the same database.
Machine: ${machine()}; the load generator runs on the same 2 cores (1-minute load average before the run: ${LOAD_BEFORE}; above ~0.5 means other work was sharing them).

${table}

API write throughput / raw \`pg\` loop: **${ratio.toFixed(2)}** (${fmt(api.writesPerSecond)} / ${fmt(raw.writesPerSecond)} writes/s). Targets: zero errors (${apiErrors === 0 ? 'met' : 'NOT met'}), every acknowledged write present (${lost === 0 && countsMatch ? 'met' : 'NOT met'}).
`;
  console.log(`\n${section}`);
  if (record) recordResults(section);
} finally {
  await db.drop();
  // The private cluster is left stopped (the next run starts it again in a second).
  await stop();
}
if (failed) {
  console.error('The load run failed its targets: see above.');
  process.exit(1);
}
