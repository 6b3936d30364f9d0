// A private PostgreSQL cluster for the write benchmarks (issue 6): its own data directory under
// bench/.data (git-ignored), its own port, started, stopped and restarted with pg_ctl as the
// `postgres` OS user. Stopping it mid-run never touches the shared server on 5432.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_PORT = Number(process.env.BENCH_PG_PORT ?? '5439');
const dir = path.join(root, 'bench/.data/pg-bench');
const OS_USER = 'postgres';

const run = promisify(execFile);

/** Runs a PostgreSQL program as the `postgres` OS user (without blocking the load's event loop). */
function asPostgres(command, args) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot
    ? ['runuser', ['-u', OS_USER, '--', path.join(BIN, command), ...args]]
    : [path.join(BIN, command), args];
  return run(cmd, argv, { encoding: 'utf8' });
}

const options = [
  `-p ${PG_PORT}`,
  "-c listen_addresses='127.0.0.1'",
  `-c unix_socket_directories='${dir}'`,
  // 200 raw-baseline connections and the API's pool, with room to spare.
  '-c max_connections=300',
  // Durable commits, as in production: fsync and synchronous_commit stay at their defaults.
].join(' ');

function chownToPostgres(target) {
  if (process.getuid?.() !== 0) return;
  execFileSync('chown', ['-R', `${OS_USER}:${OS_USER}`, target]);
}

/** Creates the cluster once (initdb), then starts it if it is not running. */
export async function startCluster() {
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.mkdirSync(dir, { recursive: true });
    chownToPostgres(dir);
    fs.chmodSync(dir, 0o700);
    await asPostgres('initdb', [
      '-D',
      dir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-instructions',
    ]);
  }
  if (!(await isRunning())) await start();
  return `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;
}

export async function isRunning() {
  try {
    await asPostgres('pg_ctl', ['-D', dir, 'status']);
    return true;
  } catch {
    return false;
  }
}

/** Starts the server and waits until it accepts connections. */
export async function start() {
  await asPostgres('pg_ctl', [
    '-D',
    dir,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    options,
    'start',
  ]);
}

/** Fast shutdown: open transactions are rolled back, connections ended (57P01), as in a restart. */
export async function stop() {
  await asPostgres('pg_ctl', ['-D', dir, '-m', 'fast', '-w', '-t', '60', 'stop']);
}

/** A new empty database on the private cluster; dropped by the returned function. */
export async function freshDatabase(adminUrl, label) {
  const { default: pg } = await import('pg');
  const name = `${label}_${Date.now().toString(36)}`;
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
