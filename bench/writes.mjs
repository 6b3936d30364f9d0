// Shared by the write-load and fault benchmarks (issue 6): many concurrent clients recording
// observations and PHQ-9s through the HTTP API, each write with its own Idempotency-Key, every
// acknowledged (201) id kept and looked up in the database afterwards. The raw baseline (the same
// inserts straight on a `pg` pool) is in raw-writes.mjs.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { call, percentile } from './lib.mjs';

const PASSWORD = 'demo-password';
/** A request taking this long is a hang, counted as an error (the targets are seconds at most). */
const HANG_MS = 30_000;

/**
 * Signs in (several sign-in sessions of the Riverside nurse and psychiatrist, as separate devices
 * would) and creates `count` patients each with a session in progress.
 */
export async function prepare(base, count) {
  const login = async (email) => {
    const res = await call(base, 'POST', '/api/v1/auth/login', null, { email, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    return { token: res.body.token, userId: res.body.user.id, role: res.body.user.role };
  };
  const users = [];
  for (let i = 0; i < 10; i++) {
    users.push(await login('nurse@riverside.demo.clinic'));
    users.push(await login('psychiatrist@riverside.demo.clinic'));
  }
  const psych = users[1].token;
  const clinicId = (await call(base, 'GET', '/api/v1/clinics', psych)).body.items.find(
    (c) => c.name === 'Riverside Clinic',
  ).id;
  const targets = [];
  let next = 0;
  const create = async () => {
    while (next < count) {
      next++;
      const patient = await call(base, 'POST', '/api/v1/patients', psych, {
        clinicId,
        mrn: `LOAD-${randomUUID().slice(0, 12)}`,
        givenName: 'Load',
        familyName: 'Synthetic',
        birthDate: '1980-01-01',
        sex: 'unknown',
        weightKg: 70,
      });
      if (patient.status !== 201) throw new Error(`patient: ${patient.status}`);
      const session = await call(
        base,
        'POST',
        `/api/v1/patients/${patient.body.id}/sessions`,
        psych,
        {
          drug: 'ketamine',
          route: 'iv',
          doseMg: 35,
          startedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
          infusionMinutes: 40,
        },
      );
      if (session.status !== 201) throw new Error(`session: ${session.status}`);
      targets.push({ patientId: patient.body.id, sessionId: session.body.id, clinicId });
    }
  };
  await Promise.all(Array.from({ length: 8 }, create));
  return { users, targets, clinicId };
}

/** The i-th write of a run: observations and PHQ-9s alternate, spread over every target. */
export function writeFor(targets, n) {
  const target = targets[Math.floor(n / 2) % targets.length];
  const at = new Date(Date.now() - 1_000).toISOString();
  if (n % 2 === 0) {
    return {
      target,
      kind: 'observation',
      path: `/api/v1/sessions/${target.sessionId}/observations`,
      body: {
        recordedAt: at,
        systolic: 118 + (n % 15),
        diastolic: 76,
        heartRate: 74,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 5,
      },
    };
  }
  return {
    target,
    kind: 'phq9',
    path: `/api/v1/patients/${target.patientId}/phq9`,
    body: { administeredAt: at, items: [1, 1, 1, 1, 0, 0, 0, 0, 0], recall: '24_hours' },
  };
}

function post(agent, base, path, token, key, body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const t0 = performance.now();
    const req = http.request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        timeout: HANG_MS,
        headers: {
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let parsed = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString());
          } catch {
            parsed = null;
          }
          resolve({
            status: res.statusCode,
            body: parsed,
            ms: performance.now() - t0,
            end: performance.now(),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('hang'), { code: 'HANG' })));
    req.on('error', (error) =>
      resolve({
        status: 0,
        code: error.code ?? 'ERROR',
        ms: performance.now() - t0,
        end: performance.now(),
      }),
    );
    req.end(data);
  });
}

/**
 * `concurrency` clients writing back to back for `seconds`. A write answered 503 (or whose
 * connection failed) is sent again with the same Idempotency-Key after `retryMs`, until it is
 * acknowledged or `seconds + drainSeconds` have passed. `during(t0)` runs alongside (the fault).
 * Times are performance.now() milliseconds.
 */
export async function runWrites({
  base,
  users,
  targets,
  seconds,
  concurrency,
  retryMs = 250,
  drainSeconds = 20,
  during,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const acked = { observation: new Map(), phq9: new Map() };
  const latencies = [];
  const attempts = { total: 0, ok: 0, unavailable: 0, connection: 0, other: 0 };
  const otherErrors = new Map();
  const unavailableMs = [];
  /** Each 503 with the time its request was sent (performance.now() ms). */
  const unavailable = [];
  const successEnds = [];
  let unresolved = 0;
  let counter = 0;
  const t0 = performance.now();
  const stopAt = t0 + seconds * 1000;
  const giveUpAt = stopAt + drainSeconds * 1000;
  const fault = during ? during(t0) : Promise.resolve(null);

  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const user = users[worker % users.length];
      while (performance.now() < stopAt) {
        const write = writeFor(targets, counter++);
        const key = randomUUID();
        for (;;) {
          const res = await post(agent, base, write.path, user.token, key, write.body);
          attempts.total++;
          latencies.push(res.ms);
          if (res.status === 201) {
            attempts.ok++;
            successEnds.push(res.end);
            acked[write.kind].set(key, res.body.id);
            break;
          }
          if (res.status === 503) {
            attempts.unavailable++;
            unavailableMs.push(res.ms);
            unavailable.push({ start: res.end - res.ms, ms: res.ms });
          } else if (res.status === 0 && res.code !== 'HANG') {
            attempts.connection++;
          } else {
            attempts.other++;
            const label = res.status === 0 ? res.code : String(res.status);
            otherErrors.set(label, (otherErrors.get(label) ?? 0) + 1);
            break; // not retried: a bug to report, not an outage
          }
          if (performance.now() > giveUpAt) {
            unresolved++;
            break;
          }
          await new Promise((r) => setTimeout(r, retryMs));
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  unavailableMs.sort((a, b) => a - b);
  successEnds.sort((a, b) => a - b);
  const ackedCount = acked.observation.size + acked.phq9.size;
  return {
    seconds: elapsed,
    acked,
    ackedCount,
    writesPerSecond: ackedCount / seconds,
    attempts,
    otherErrors: Object.fromEntries(otherErrors),
    unresolved,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    slowestUnavailableMs: unavailableMs[unavailableMs.length - 1] ?? null,
    p99UnavailableMs: unavailableMs.length ? percentile(unavailableMs, 99) : null,
    successEnds,
    unavailable,
    t0,
    fault: await fault,
  };
}

/** Rows of the two tables now, and which of the acknowledged ids are missing. */
export async function verify(databaseUrl, acked, before) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const missing = {};
    for (const [kind, table] of [
      ['observation', 'observations'],
      ['phq9', 'phq9_assessments'],
    ]) {
      const ids = [...acked[kind].values()];
      let found = 0;
      for (let i = 0; i < ids.length; i += 5000) {
        const r = await c.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`,
          [ids.slice(i, i + 5000)],
        );
        found += r.rows[0].n;
      }
      missing[kind] = ids.length - found;
    }
    const counts = await rowCounts(c);
    return {
      missing,
      newRows: {
        observation: counts.observation - (before?.observation ?? 0),
        phq9: counts.phq9 - (before?.phq9 ?? 0),
      },
      counts,
    };
  } finally {
    await c.end();
  }
}

async function rowCounts(c) {
  const r = await c.query(
    'SELECT (SELECT count(*) FROM observations)::int AS observation, (SELECT count(*) FROM phq9_assessments)::int AS phq9',
  );
  return r.rows[0];
}

export async function countRows(databaseUrl) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await rowCounts(c);
  } finally {
    await c.end();
  }
}
