#!/usr/bin/env node
// Scale benchmark (issue 5): a clinic network in PostgreSQL (100 clinics x 1,000 patients x 20
// sessions) and a smaller one in SQLite (10 clinics), then, with medians over repeated runs:
//   - GET /outcomes for one clinic and for the whole network;
//   - the same statement run directly on the database (the API's time over it: target <= 1.5x);
//   - the patient page's data (patient, sessions, response) for a patient with 50 sessions, 16
//     concurrent clients (target: p95 <= 20 ms);
//   - the patient list searched over every patient of the network (target: p95 <= 50 ms).
// Results go to bench/RESULTS.md. The generated databases are kept and reused by later runs.
//
//   npm run build && npm run bench:scale
//   npm run bench:scale -- --clinics=10 --no-sqlite      (a quicker PostgreSQL tier)
import fs from 'node:fs';
import path from 'node:path';
import {
  agent,
  arg,
  call,
  loadBackendCode,
  machine,
  median,
  percentile,
  phase,
  recordResults,
  root,
  startServer,
  stopServer,
} from '../lib.mjs';
import { network } from './generate.mjs';
import { writePostgres, writeSqlite } from './sinks.mjs';

const PG_BASE = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_CLINICS = Number(arg('clinics', '100'));
const SQLITE_CLINICS = Number(arg('sqlite-clinics', '10'));
const PATIENTS = Number(arg('patients', '1000'));
const SESSIONS = Number(arg('sessions', '20'));
const REPEATS = Number(arg('repeats', '7'));
/** The whole network's outcomes take seconds: fewer runs. */
const NETWORK_REPEATS = Number(arg('network-repeats', '3'));
const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = 16;
const PASSWORD = 'bench-password';
const NOW = Date.now();
const withPostgres = !process.argv.includes('--no-postgres');
const withSqlite = !process.argv.includes('--no-sqlite');
const dataDir = path.join(root, 'bench/.data');
fs.mkdirSync(dataDir, { recursive: true });

if (!fs.existsSync(path.join(root, 'dist/backend/main.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

/** The outcomes statement builder of the backend, bundled for Node (the same SQL the API runs). */
function loadStatementBuilder() {
  return loadBackendCode(
    'outcomes-sql',
    [
      "export { outcomesStatement } from './backend/src/outcomes/outcomes.sql.ts';",
      "export { DEFAULT_THRESHOLDS } from '@clinic/shared';",
    ].join('\n'),
  );
}

async function passwordHash() {
  const argon2 = await import('argon2');
  return argon2.default.hash(PASSWORD, { type: argon2.default.argon2id });
}

const sizeOf = (clinics) => ({
  clinics,
  patientsPerClinic: PATIENTS,
  sessionsPerPatient: SESSIONS,
});

/** A migrated, filled PostgreSQL database for `clinics` (reused when already complete). */
async function postgresNetwork(clinics) {
  const { default: pg } = await import('pg');
  const name = `ketamine_scale_${clinics}x${PATIENTS}x${SESSIONS}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]))
    .rowCount;
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  let complete = false;
  if (exists) {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      const marker = await c.query("SELECT 1 FROM app_settings WHERE key = 'bench_complete'");
      complete = marker.rowCount === 1;
    } catch {
      complete = false;
    }
    await c.end();
  }
  if (!complete) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  if (complete) return { url: url.toString(), generatedIn: null };

  const { child } = await startServer(url.toString(), { SEED_DEMO: 'false' }); // migrations
  await stopServer(child);
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const t0 = Date.now();
  let last = 0;
  const counts = await writePostgres(
    c,
    network({ ...sizeOf(clinics), nowMs: NOW, passwordHash: await passwordHash() }),
    {
      onProgress: (n) => {
        if (Date.now() - last > 15_000) {
          last = Date.now();
          console.log(`  ${Math.round((Date.now() - t0) / 1000)} s: ${JSON.stringify(n)}`);
        }
      },
    },
  );
  await c.query('ANALYZE');
  await c.query("INSERT INTO app_settings (key, value) VALUES ('bench_complete', $1)", [
    JSON.stringify(counts),
  ]);
  await c.end();
  console.log(`PostgreSQL network generated in ${Math.round((Date.now() - t0) / 1000)} s`, counts);
  return { url: url.toString(), generatedIn: (Date.now() - t0) / 1000 };
}

/** A migrated, filled SQLite file for `clinics` (reused when already complete). */
async function sqliteNetwork(clinics) {
  const file = path.join(dataDir, `scale-${clinics}x${PATIENTS}x${SESSIONS}.sqlite`);
  const url = `sqlite:${file}`;
  const { default: Database } = await import('better-sqlite3');
  if (fs.existsSync(file)) {
    const db = new Database(file, { readonly: true });
    const done = db.prepare("SELECT 1 FROM app_settings WHERE key = 'bench_complete'").get();
    db.close();
    if (done) return { url, generatedIn: null };
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
  const { child } = await startServer(url, { SEED_DEMO: 'false' });
  await stopServer(child);
  const db = new Database(file);
  const t0 = Date.now();
  const counts = writeSqlite(
    db,
    network({ ...sizeOf(clinics), nowMs: NOW, passwordHash: await passwordHash() }),
  );
  db.exec('ANALYZE');
  db.prepare("INSERT INTO app_settings (key, value) VALUES ('bench_complete', ?)").run(
    JSON.stringify(counts),
  );
  db.close();
  console.log(`SQLite network generated in ${Math.round((Date.now() - t0) / 1000)} s`, counts);
  return { url, generatedIn: (Date.now() - t0) / 1000 };
}

/** Times `fn` `count` times after one warm-up; median and p95 in ms. */
async function repeat(fn, count = REPEATS) {
  await fn();
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: median(times), p95: percentile(times, 95) };
}

async function direct(kind, url) {
  if (kind === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return { query: (sql, params) => client.query(sql, params), close: () => client.end() };
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.replace(/^sqlite:/, ''), { readonly: true });
  return {
    query: (sql, params) => Promise.resolve(db.prepare(sql).all(...params)),
    close: () => db.close(),
  };
}

async function benchDatabase(label, kind, url, clinics, builder) {
  const { base, child } = await startServer(url, {
    SEED_DEMO: 'false',
    SIGNALS_INTERVAL_SECONDS: '0',
  });
  const rows = [];
  try {
    const login = async (email) => {
      const res = await call(base, 'POST', '/api/v1/auth/login', null, {
        email,
        password: PASSWORD,
      });
      if (res.status !== 200)
        throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    };
    const networkManager = await login('manager@bench.network');
    const manager1 = await login('manager1@bench.clinic');
    const clinicIds = (
      await call(base, 'GET', '/api/v1/clinics?limit=200', networkManager)
    ).body.items.map((c) => c.id);
    const clinic1 = (await call(base, 'GET', '/api/v1/clinics', manager1)).body.items[0].id;
    const total = (await call(base, 'GET', '/api/v1/patients?limit=1', networkManager)).body.total;

    // Outcomes through the API, then the same statement directly on the database.
    const apiOne = await repeat(() =>
      call(base, 'GET', `/api/v1/outcomes?clinicId=${clinic1}`, manager1),
    );
    const apiAll = await repeat(
      () => call(base, 'GET', '/api/v1/outcomes', networkManager),
      NETWORK_REPEATS,
    );
    const db = await direct(kind, url);
    const { outcomesStatement, DEFAULT_THRESHOLDS } = builder;
    // The generated clinics keep CLINICAL.md's default thresholds.
    const thresholds = (ids) => new Map(ids.map((id) => [id, DEFAULT_THRESHOLDS]));
    const statement = (ids) =>
      outcomesStatement(
        kind,
        { clinicIds: ids, fromMs: null, toMs: null, drug: null, route: null, clinicianId: null },
        thresholds(ids),
        Date.now(),
      );
    const one = statement([clinic1]);
    const all = statement(clinicIds);
    const sqlOne = await repeat(() => db.query(one.sql, one.params));
    const sqlAll = await repeat(() => db.query(all.sql, all.params), NETWORK_REPEATS);
    await db.close();
    const outcomes = (await call(base, 'GET', '/api/v1/outcomes', networkManager)).body;
    rows.push({
      label,
      what: `outcomes, one clinic (${PATIENTS} patients)`,
      api: apiOne,
      sql: sqlOne,
    });
    rows.push({
      label,
      what: `outcomes, whole network (${clinics} clinics, ${outcomes.cohortPatients} patients, ${outcomes.sessions} sessions)`,
      api: apiAll,
      sql: sqlAll,
    });

    // The patient page of a 50-session patient (the first patient of each clinic).
    const fifty = [];
    for (let c = 0; c < Math.min(clinics, CONCURRENCY); c++) {
      const res = await call(
        base,
        'GET',
        `/api/v1/patients?clinicId=${clinicIds[c]}&search=-00001&limit=1`,
        networkManager,
      );
      fifty.push(res.body.items[0].id);
    }
    const sessionsOfFirst = (
      await call(base, 'GET', `/api/v1/patients/${fifty[0]}/sessions?limit=200`, networkManager)
    ).body.total;
    const page = (worker) => {
      const id = fifty[worker % fifty.length];
      return Promise.all([
        call(base, 'GET', `/api/v1/patients/${id}`, networkManager),
        call(base, 'GET', `/api/v1/patients/${id}/sessions?limit=200`, networkManager),
        call(base, 'GET', `/api/v1/patients/${id}/response`, networkManager),
      ]);
    };
    await phase('warm-up', 2, CONCURRENCY, page);
    const pageAlone = await phase('patient page, 1 client', SECONDS, 1, page);
    const pageRun = await phase('patient page', SECONDS, CONCURRENCY, page);

    // The patient list searched across the network.
    const terms = [
      'ada',
      'berg',
      'costa',
      'b042-',
      'zoe',
      'nash',
      '00777',
      'wren tran',
      'park',
      'lena',
    ];
    const search = (worker, i) =>
      call(
        base,
        'GET',
        `/api/v1/patients?search=${encodeURIComponent(terms[(worker + i) % terms.length])}&limit=50`,
        networkManager,
      );
    await phase('warm-up', 2, CONCURRENCY, search);
    const searchRun = await phase('search', SECONDS, CONCURRENCY, search);
    return { rows, pageAlone, pageRun, searchRun, total, sessionsOfFirst };
  } finally {
    await stopServer(child);
  }
}

const builder = await loadStatementBuilder();

const fmt = (n) => n.toFixed(1);
/** The table rows of one database's results (printed as soon as they are in). */
function tableRows(r) {
  const outcomes = r.rows.map(
    (row) =>
      `| ${r.label} | ${row.what} | ${fmt(row.api.median)} | ${fmt(row.api.p95)} | ${fmt(row.sql.median)} | ${(row.api.median / row.sql.median).toFixed(2)}x |`,
  );
  const load = (what, run, target) =>
    `| ${r.label} | ${what} | ${run.requests} | ${run.errors} | ${fmt(run.rps)} | ${fmt(run.p50)} | ${fmt(run.p95)} | ${fmt(run.p99)} | ${target} |`;
  const page = `patient page (patient, sessions, response in parallel) of a ${r.sessionsOfFirst}-session patient`;
  return {
    outcomes,
    loads: [
      load(`${page}, 1 client`, r.pageAlone, 'p95 <= 20 ms'),
      load(`${page}, ${CONCURRENCY} clients`, r.pageRun, 'p95 <= 20 ms'),
      load(
        `patient list search over ${r.total} patients, ${CONCURRENCY} clients`,
        r.searchRun,
        'p95 <= 50 ms',
      ),
    ],
  };
}

const results = [];
const targets = [
  withPostgres && {
    label: 'PostgreSQL',
    kind: 'postgres',
    clinics: PG_CLINICS,
    make: postgresNetwork,
  },
  withSqlite && { label: 'SQLite', kind: 'sqlite', clinics: SQLITE_CLINICS, make: sqliteNetwork },
].filter(Boolean);
for (const target of targets) {
  const db = await target.make(target.clinics);
  const measured = await benchDatabase(target.label, target.kind, db.url, target.clinics, builder);
  const result = { label: target.label, clinics: target.clinics, db, ...measured };
  results.push(result);
  const rows = tableRows(result);
  console.log([...rows.outcomes, ...rows.loads].join('\n'));
}
agent.destroy();

const lines = [];
lines.push(
  '| database | outcomes of | API median ms | API p95 ms | direct SQL median ms | API / SQL |',
);
lines.push('|---|---|---|---|---|---|');
for (const r of results) lines.push(...tableRows(r).outcomes);
lines.push('');
lines.push('| database | load | requests | errors | req/s | p50 ms | p95 ms | p99 ms | target |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const r of results) lines.push(...tableRows(r).loads);
const generated = results
  .filter((r) => r.db.generatedIn !== null)
  .map((r) => `${r.label} generated in ${Math.round(r.db.generatedIn)} s`)
  .join('; ');
const section = `## Scale: outcomes, patient page and search over a clinic network (${new Date().toISOString().slice(0, 10)})

Command: \`npm run build && npm run bench:scale -- ${process.argv.slice(2).join(' ')}\` (PostgreSQL: ${PG_CLINICS} clinics; SQLite: ${SQLITE_CLINICS} clinics; ${PATIENTS} patients a clinic, ${SESSIONS} sessions a patient (the first of each clinic: 50), 4 observations a session, a baseline and 24/72-h PHQ-9s, side effects, flags and an audit row a session). Outcomes: ${REPEATS} runs (the whole network: ${NETWORK_REPEATS}) after a warm-up, median and p95; "direct SQL" runs the API's own statement with the same parameters on a direct connection. Loads: ${SECONDS} s after a 2 s warm-up, every request authenticated and audited. Time-based rule sweeps off (SIGNALS_INTERVAL_SECONDS=0).${generated ? ` ${generated}.` : ''}
Machine: ${machine()}.

${lines.join('\n')}
`;
console.log(`\n${section}`);
recordResults(section);
