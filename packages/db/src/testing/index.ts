import { Kysely, sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { connectPostgres, appUrlFrom } from '../postgres.ts';
import { migrateToLatest } from '../migrate.ts';
import { APP_ROLE } from '../roles.ts';
import type { Database } from '../schema.ts';

/*
 * Integration-test databases: one migrated template per test run, and a fresh clone of it
 * for every test file. CREATE DATABASE ... TEMPLATE fails while anyone is connected to the
 * template, so clones are taken one at a time under an advisory lock.
 */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'nastavnik_template';
const CLONE_LOCK = 724_001;

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

/** Drops old test databases and builds the template from the current migrations. */
export async function prepareTemplate(): Promise<void> {
  await withServer(async (db) => {
    const { rows } = await sql<{ datname: string }>`
      SELECT datname FROM pg_database WHERE datname = ${TEMPLATE_DB} OR datname LIKE 'nastavnik_t_%'`.execute(
      db,
    );
    for (const { datname } of rows) await dropDatabase(db, datname);
    await sql.raw(`CREATE DATABASE ${TEMPLATE_DB}`).execute(db);
  });
  const tpl = connectPostgres<unknown>(urlFor(TEMPLATE_DB), { max: 1 });
  try {
    await migrateToLatest(tpl);
  } finally {
    await tpl.destroy();
  }
}

async function dropDatabase(db: Kysely<unknown>, name: string): Promise<void> {
  await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`.execute(
    db,
  );
  await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(db);
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

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `nastavnik_t_${randomBytes(5).toString('hex')}`;
  await withServer(async (db) => {
    await sql`SELECT pg_advisory_lock(${CLONE_LOCK})`.execute(db);
    try {
      await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`).execute(db);
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
