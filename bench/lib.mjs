// Helpers shared by the benchmarks: HTTP calls on keep-alive sockets, starting the built server on
// a database, timed phases of concurrent clients, the machine's name and the results file, and
// the backend's own code loaded from its TypeScript sources.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loads backend TypeScript in a benchmark, so that it runs the backend's own code rather than a
 * copy: `contents` (an entry module whose imports resolve from the repository root) is bundled
 * with esbuild into bench/.data/<name>.cjs and required. Packages from node_modules stay imports.
 */
export async function loadBackendCode(name, contents) {
  const esbuild = await import('esbuild');
  const dataDir = path.join(root, 'bench/.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const outfile = path.join(dataDir, `${name}.cjs`);
  await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    alias: { '@clinic/shared': path.join(root, 'shared/src/index.ts') },
    packages: 'external',
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

export const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request; resolves with the status and the parsed JSON body (or the text). A GET that meets
 * a keep-alive socket the server has just closed (ECONNRESET) is sent once more.
 */
export async function call(base, method, urlPath, token, body) {
  try {
    return await send(base, method, urlPath, token, body);
  } catch (error) {
    if (method !== 'GET' || error?.code !== 'ECONNRESET') throw error;
    return send(base, method, urlPath, token, body);
  }
}

function send(base, method, urlPath, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${urlPath}`,
      {
        method,
        agent,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(data
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
            : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Starts dist/backend/main.js on `databaseUrl` (migrations run on start); resolves when healthy. */
export async function startServer(databaseUrl, env = {}) {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['dist/backend/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      NODE_ENV: 'development',
      SESSION_IDLE_MINUTES: '60',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      if ((await call(base, 'GET', '/api/v1/health')).status === 200) return { base, child };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`server did not start:\n${log}`);
}

export async function stopServer(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `concurrency` clients calling `request(worker, i)` back to back for `seconds`; latencies in ms. */
export async function phase(name, seconds, concurrency, request) {
  const latencies = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      let i = 0;
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const res = await request(worker, i++);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const statuses = Array.isArray(res) ? res.map((r) => r.status) : [res.status];
        if (statuses.some((s) => s >= 400)) errors++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

export const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;

const RESULTS_HEADER =
  '# Benchmark results\n\nNumbers from `bench/`, newest first. Each section names the command and the machine.\n\n';

/** Puts `section` at the top of bench/RESULTS.md. */
export function recordResults(section) {
  const file = path.join(root, 'bench/RESULTS.md');
  const previous = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').replace(RESULTS_HEADER, '')
    : '';
  fs.writeFileSync(file, `${RESULTS_HEADER}${section}\n${previous}`);
}
