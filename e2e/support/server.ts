import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const STATE = path.join(ROOT, 'tmp', 'e2e-server.json');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Starts the built app (dist/) on a fresh SQLite database with the demo data, as `npm start` does. */
export async function startServer(): Promise<{ baseUrl: string; process: ChildProcess }> {
  const main = path.join(ROOT, 'dist/backend/main.js');
  if (!fs.existsSync(main))
    throw new Error('dist/backend/main.js is missing: build first (npm run build)');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(ROOT, 'tmp', 'e2e-db-'));
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`,
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      // Where patients open their links (not this server's own address): the links must use it.
      PUBLIC_URL: 'https://clinic.example.test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) {
        fs.writeFileSync(STATE, JSON.stringify({ baseUrl, pid: child.pid, dir }));
        return { baseUrl, process: child };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the server did not answer /api/v1/health within 60 s:\n${output}`);
}

export function serverState(): { baseUrl: string; pid: number; dir: string } {
  return JSON.parse(fs.readFileSync(STATE, 'utf8')) as {
    baseUrl: string;
    pid: number;
    dir: string;
  };
}

export function stopServer(): void {
  if (!fs.existsSync(STATE)) return;
  const { pid, dir } = serverState();
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  fs.rmSync(STATE, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
