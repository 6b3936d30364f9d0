#!/usr/bin/env node
// Database restart under write load (issue 6): the write load of bench/load.mjs (200 clients,
// observations and PHQ-9s, 60 s) on the private PostgreSQL cluster, which is stopped (pg_ctl stop
// -m fast) at 20 s and started again 3 s later. Requests must fail fast with 503 while it is down
// (no hang), the API must recover by itself within 5 s of the database being back, and no
// acknowledged write may be lost. A write answered 503 is retried with the same Idempotency-Key
// every 250 ms (a write that did commit is then answered from its record). Results go to
// bench/RESULTS.md.
//
//   npx nx build backend && npm run bench:fault
//   npm run bench:fault -- --duration=30 --fault-at=10 --no-record      (a short trial)
// Options: --duration=60 --concurrency=200 --patients=1000 --fault-at=20 --outage=3 --no-record
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, machine, recordResults, root, startServer, stopServer } from './lib.mjs';

const LOAD_BEFORE = os.loadavg()[0].toFixed(2);
import { freshDatabase, isRunning, PG_PORT, start, startCluster, stop } from './pg-cluster.mjs';
import { countRows, prepare, runWrites, verify } from './writes.mjs';

const DURATION = Number(arg('duration', '60'));
const CONCURRENCY = Number(arg('concurrency', '200'));
const PATIENTS = Number(arg('patients', '1000'));
const FAULT_AT = Number(arg('fault-at', '20'));
const OUTAGE = Number(arg('outage', '3'));
const RETRY_MS = 250;
const record = !process.argv.includes('--no-record');
/** Targets of issue 6. */
const RECOVERY_TARGET_MS = 5_000;
const FAIL_FAST_TARGET_MS = 5_000;

if (!fs.existsSync(path.join(root, 'dist/backend/main.js'))) {
  console.error('Build first: npx nx build backend');
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The moment the database accepts connections again (polled every 50 ms on a direct connection). */
async function whenAccepting(url) {
  const { default: pg } = await import('pg');
  for (;;) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      const at = performance.now();
      await c.end();
      return at;
    } catch {
      await c.end().catch(() => {});
      await sleep(50);
    }
  }
}

const fmt = (n) => (n === null || n === undefined ? '-' : n.toFixed(1));
const adminUrl = await startCluster();
const db = await freshDatabase(adminUrl, 'fault');
let failed = false;
try {
  const { child, base } = await startServer(db.url);
  let run;
  let setup;
  try {
    console.log(`preparing ${PATIENTS} patients with a session in progress...`);
    setup = await prepare(base, PATIENTS);
    const before = await countRows(db.url);
    console.log(
      `API: ${CONCURRENCY} clients for ${DURATION} s; PostgreSQL stopped at ${FAULT_AT} s for ${OUTAGE} s...`,
    );
    run = await runWrites({
      base,
      users: setup.users,
      targets: setup.targets,
      seconds: DURATION,
      concurrency: CONCURRENCY,
      retryMs: RETRY_MS,
      during: async (t0) => {
        await sleep(Math.max(0, t0 + FAULT_AT * 1000 - performance.now()));
        const stopping = performance.now();
        await stop();
        const stopped = performance.now();
        console.log(`  PostgreSQL stopped (${fmt(stopped - stopping)} ms)`);
        await sleep(OUTAGE * 1000);
        const starting = performance.now();
        const [accepting] = await Promise.all([whenAccepting(db.url), start()]);
        console.log(
          `  PostgreSQL accepting connections again (${fmt(accepting - starting)} ms after the start)`,
        );
        return { stopping, stopped, starting, accepting };
      },
    });
    run.check = await verify(db.url, run.acked, before);
    if (child.exitCode !== null) throw new Error('the API process ended during the run');
  } finally {
    await stopServer(child);
  }

  const f = run.fault;
  const firstSuccess = run.successEnds.find((end) => end > f.accepting);
  const lastSuccessBefore = [...run.successEnds].reverse().find((end) => end < f.stopping);
  const recoveryMs = firstSuccess === undefined ? null : firstSuccess - f.accepting;
  // Requests sent while the database was down (the stop had completed, not yet accepting): the
  // fail-fast measure. A 503 for a request sent before the stop includes its time queued under load.
  const duringOutage = run.unavailable.filter((u) => u.start >= f.stopped && u.start < f.accepting);
  const slowestDuringOutage = duringOutage.reduce((max, u) => Math.max(max, u.ms), 0);
  const lost = run.check.missing.observation + run.check.missing.phq9;
  const ackedObs = run.acked.observation.size;
  const ackedPhq9 = run.acked.phq9.size;
  const extraRows = run.check.newRows.observation + run.check.newRows.phq9 - run.ackedCount;
  const nonUnavailable = run.attempts.other;
  const checks = {
    'no acknowledged write lost': lost === 0,
    'no write stored that was not acknowledged': extraRows === 0,
    'no error other than 503': nonUnavailable === 0,
    [`fail fast: every request sent while the database was down answered within ${FAIL_FAST_TARGET_MS / 1000} s`]:
      slowestDuringOutage < FAIL_FAST_TARGET_MS,
    [`recovery within ${RECOVERY_TARGET_MS / 1000} s of the database accepting connections`]:
      recoveryMs !== null && recoveryMs <= RECOVERY_TARGET_MS,
    'every write finally acknowledged (retries)': run.unresolved === 0,
  };
  failed = Object.values(checks).some((ok) => !ok);

  const rows = [
    [
      'writes acknowledged',
      `${run.ackedCount} (${ackedObs} observations, ${ackedPhq9} PHQ-9s), ${fmt(run.writesPerSecond)} writes/s over the run`,
    ],
    ['requests sent (with retries)', String(run.attempts.total)],
    ['answered 503', String(run.attempts.unavailable)],
    ['connection errors (socket)', String(run.attempts.connection)],
    [
      'errors other than 503',
      `${nonUnavailable}${nonUnavailable ? ` ${JSON.stringify(run.otherErrors)}` : ''}`,
    ],
    [
      'requests sent while the database was down / slowest answer among them',
      `${duringOutage.length} / **${fmt(slowestDuringOutage)} ms**`,
    ],
    [
      'slowest 503 of all (includes time queued before the stop), p99 of 503s',
      `${fmt(run.slowestUnavailableMs)} ms, ${fmt(run.p99UnavailableMs)} ms`,
    ],
    [
      'latency of all requests p50 / p95 / p99 / max',
      `${fmt(run.p50)} / ${fmt(run.p95)} / ${fmt(run.p99)} / ${fmt(run.max)} ms`,
    ],
    ['pg_ctl stop -m fast took', `${fmt(f.stopped - f.stopping)} ms`],
    ['database down (stop begun to accepting connections)', `${fmt(f.accepting - f.stopping)} ms`],
    [
      'last success before the stop to first success after',
      firstSuccess && lastSuccessBefore ? `${fmt(firstSuccess - lastSuccessBefore)} ms` : '-',
    ],
    [
      'database accepting connections to the first acknowledged write',
      `**${fmt(recoveryMs)} ms** (target <= ${RECOVERY_TARGET_MS} ms; clients retry every ${RETRY_MS} ms)`,
    ],
    ['acknowledged but missing from the database', String(lost)],
    ['rows written beyond those acknowledged', String(extraRows)],
    ['writes still unacknowledged at the end', String(run.unresolved)],
  ];
  const table = [
    '| measure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
  const section = `## Database restart under write load, PostgreSQL (${new Date().toISOString().slice(0, 10)})

Command: \`npx nx build backend && npm run bench:fault${DURATION !== 60 ? ` -- --duration=${DURATION} --fault-at=${FAULT_AT}` : ''}\`. The write load of \`bench:load\` (${CONCURRENCY} keep-alive clients, observations and PHQ-9s for ${PATIENTS} patients with a session in progress, each write with its own Idempotency-Key) for ${DURATION} s on the private PostgreSQL cluster (port ${PG_PORT}); at ${FAULT_AT} s \`pg_ctl stop -m fast\`, ${OUTAGE} s later \`pg_ctl start\`. The API process is never restarted. A write answered 503 (or whose socket failed) is sent again with the same Idempotency-Key every ${RETRY_MS} ms until acknowledged. Afterwards every acknowledged id was looked up in the database and the new rows counted.
Machine: ${machine()}; the load generator runs on the same 2 cores (1-minute load average before the run: ${LOAD_BEFORE}; above ~0.5 means other work was sharing them).

${table}

${Object.entries(checks)
  .map(([name, ok]) => `- ${ok ? 'met' : 'NOT met'}: ${name}`)
  .join('\n')}
`;
  console.log(`\n${section}`);
  if (record) recordResults(section);
} finally {
  if (!(await isRunning())) await start();
  await db.drop();
  // The private cluster is left stopped (the next run starts it again in a second).
  await stop();
}
if (failed) {
  console.error('The fault run failed its targets: see above.');
  process.exit(1);
}
