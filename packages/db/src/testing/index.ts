import { Kysely, sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connectPostgres, appUrlFrom } from '../postgres.ts';
import { migrateToLatest } from '../migrate.ts';
import { APP_ROLE } from '../roles.ts';
import type { Database } from '../schema.ts';

/*
 * Integration-test databases: one migrated template per test run, and a fresh clone of it
 * for every test file. CREATE DATABASE ... TEMPLATE fails while anyone is connected to the
 * template, so clones are taken one at a time under an advisory lock. Names carry their
 * creation time, so a run never drops another concurrent run's databases, only stale ones.
 */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLONE_LOCK = 724_001;
const STALE_AFTER_MS = 3 * 3600_000;

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

const stamp = () => `${Date.now()}_${randomBytes(3).toString('hex')}`;

function urlFor(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withServer<T>(fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const db = connectPostgres<unknown>(TEST_SERVER_URL, { max: 1, applicationName: 'nastavnik-test-admin' });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function dropDatabase(db: Kysely<unknown>, name: string): Promise<void> {
  await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`.execute(
    db,
  );
  await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(db);
}

/** Drops stale test databases and builds this run's template from the current migrations. */
export async function prepareTemplate(): Promise<string> {
  const template = `nastavnik_tpl_${stamp()}`;
  await withServer(async (db) => {
    const { rows } = await sql<{ datname: string }>`
      SELECT datname FROM pg_database WHERE datname ~ '^nastavnik_(tpl|t)_[0-9]+_'`.execute(db);
    for (const { datname } of rows) {
      const created = Number(/_(\d+)_/.exec(datname)?.[1]);
      if (Date.now() - created > STALE_AFTER_MS) await dropDatabase(db, datname);
    }
    await sql.raw(`CREATE DATABASE ${template}`).execute(db);
  });
  const tpl = connectPostgres<unknown>(urlFor(template), { max: 1 });
  try {
    await migrateToLatest(tpl);
  } finally {
    await tpl.destroy();
  }
  return template;
}

export async function dropTemplate(template: string): Promise<void> {
  await withServer((db) => dropDatabase(db, template));
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  /** Superuser connection: for fixtures only, never for code under test. */
  owner: Kysely<Database>;
  /** The confined app role, as the API and worker use it. */
  app: Kysely<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(template: string = inject('templateDb')): Promise<TestDatabase> {
  const name = `nastavnik_t_${stamp()}`;
  await withServer(async (db) => {
    await sql`SELECT pg_advisory_lock(${CLONE_LOCK})`.execute(db);
    try {
      await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`).execute(db);
    } finally {
      await sql`SELECT pg_advisory_unlock(${CLONE_LOCK})`.execute(db);
    }
  });
  const ownerUrl = urlFor(name);
  const appUrl = appUrlFrom(ownerUrl, APP_ROLE);
  const owner = connectPostgres<Database>(ownerUrl, { max: 2 });
  const app = connectPostgres<Database>(appUrl, { max: 5 });
  return {
    name,
    ownerUrl,
    appUrl,
    owner,
    app,
    async drop() {
      await app.destroy();
      await owner.destroy();
      await withServer((db) => dropDatabase(db, name));
    },
  };
}
