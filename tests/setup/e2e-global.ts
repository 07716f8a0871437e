import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { Redis } from 'ioredis';
import { connectPostgres } from '@nastavnik/db';
import { TEST_SERVER_URL } from '@nastavnik/db/testing';
import { sql } from 'kysely';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/*
 * Starts the whole product once for every e2e test, as production runs it: real
 * PostgreSQL (a fresh database), Redis (its own key prefix), API + worker + built web in
 * one process, demo region loaded.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stamp = `${Date.now()}`;
  const database = `nastavnik_e2e_${stamp}`;
  const prefix = `nastavnik-e2e-${stamp}`;
  const port = Number(process.env.E2E_PORT ?? 3199);
  const dataDir = mkdtempSync(join(tmpdir(), 'nastavnik-e2e-'));
  const server = connectPostgres<unknown>(TEST_SERVER_URL, { max: 1 });
  await sql.raw(`CREATE DATABASE ${database}`).execute(server);
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  const started = Date.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'services/api/src/main.ts', '--all'],
    {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        PORT: String(port),
        PUBLIC_URL: `http://localhost:${port}`,
        DATA_DIR: dataDir,
        JWT_SECRET: 'e2e-jwt-secret',
        PERSON_KEY_SECRET: 'e2e-person-key',
        LOGIN_RATE_LIMIT_PER_MINUTE: '200',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The product exited with code ${child.exitCode} before it was ready`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('The product did not become healthy within 150 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`[e2e] product ready at ${baseUrl} in ${Date.now() - started} ms (database ${database})`);
  project.provide('baseUrl', baseUrl);

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database}`.execute(
      server,
    );
    await sql.raw(`DROP DATABASE IF EXISTS ${database}`).execute(server);
    await server.destroy();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
