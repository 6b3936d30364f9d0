#!/usr/bin/env node
// `npm start`: builds what is out of date (backend bundle, dashboard), then runs the API, which
// migrates the database, seeds the demo data once and serves the dashboard on one port.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? '',
};

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

const outputs = {
  backend: {
    file: 'dist/backend/main.js',
    inputs: ['backend/src', 'shared/src', 'backend/webpack.config.js', 'backend/tsconfig.json'],
  },
  frontend: {
    file: 'dist/frontend/browser/index.html',
    inputs: [
      'frontend/src',
      'shared/src',
      'frontend/project.json',
      'frontend/tsconfig.json',
      'frontend/tsconfig.app.json',
    ],
  },
};
const inputsChanged = ['package-lock.json', 'tsconfig.base.json'].map(newestMtime);
const stale = Object.entries(outputs)
  .filter(([, o]) => {
    const built = newestMtime(o.file);
    return built === 0 || Math.max(...inputsChanged, ...o.inputs.map(newestMtime)) > built;
  })
  .map(([name]) => name);

if (stale.length > 0) {
  process.stdout.write(`Building ${stale.join(' and ')}...\n`);
  const build = spawnSync(
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'build',
      `--projects=${stale.join(',')}`,
      '--parallel=1',
      '--outputStyle=static',
    ],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) {
    process.stderr.write('Cannot start: the build failed (see above)\n');
    process.exit(build.status ?? 1);
  }
}

const server = spawn(process.execPath, ['--enable-source-maps', 'dist/backend/main.js'], {
  cwd: root,
  env: process.env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
