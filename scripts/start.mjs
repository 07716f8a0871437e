#!/usr/bin/env node
// `npm start`: builds the web app if needed (turbo caches it), then runs API + worker + web
// as one product on http://localhost:3000 — embedded PostgreSQL and in-process jobs unless
// DATABASE_URL / REDIS_URL are set — with the demo region loaded on first start.
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync(
  'npx',
  ['turbo', 'run', 'build', '--filter=@nastavnik/web', '--output-logs=errors-only'],
  {
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'services/api/src/main.ts', '--all', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
