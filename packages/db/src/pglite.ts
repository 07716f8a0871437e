import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import type { Database } from './schema.ts';
import { valueParsers } from './types.ts';
import { migrateToLatest } from './migrate.ts';
import { APP_ROLE } from './roles.ts';

/*
 * Embedded mode: PGlite is one in-process PostgreSQL session. Kysely's PostgresDialect
 * wants a pg-style pool, so this adapter hands out that single session to one borrower at
 * a time (a transaction holds it until COMMIT). We write this small adapter instead of
 * using a community dialect because those pin old PGlite or Kysely versions.
 */
class PGlitePool {
  #queue: Promise<void> = Promise.resolve();

  constructor(readonly pg: PGlite) {}

  connect(): Promise<{
    query: (
      sql: string,
      params?: unknown[],
    ) => Promise<{ rows: unknown[]; rowCount: number; command: string }>;
    release: () => void;
  }> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#queue;
    this.#queue = ready.then(() => turn);
    return ready.then(() => ({
      query: async (sql: string, params: unknown[] = []) => {
        const command = sql.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? '';
        // Without parameters use the simple protocol: migrations send several statements at once.
        const result =
          params.length > 0 ? await this.pg.query(sql, params) : (await this.pg.exec(sql)).at(-1);
        const rows = result?.rows ?? [];
        return { rows, rowCount: result?.affectedRows ?? rows.length, command };
      },
      release,
    }));
  }

  async end(): Promise<void> {
    await this.#queue;
    await this.pg.close();
  }
}

function kyselyOver<DB>(pg: PGlite): Kysely<DB> {
  // The structural pool is what PostgresDialect needs; its types name pg's Pool.
  const pool = new PGlitePool(pg) as unknown as ConstructorParameters<typeof PostgresDialect>[0]['pool'];
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

const parsers = Object.fromEntries(Object.entries(valueParsers).map(([oid, fn]) => [Number(oid), fn]));

/**
 * Opens the embedded database under `dataDir`: migrates (and lets the caller seed) as the
 * superuser, then reopens the same data as the app role, so RLS applies exactly as on a
 * real server.
 */
export async function openEmbedded(
  dataDir: string,
  options: { afterMigrate?: (ownerDb: Kysely<Database>) => Promise<unknown> } = {},
): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true });
  const ownerDb = kyselyOver<Database>(new PGlite(dataDir, { parsers }));
  try {
    await migrateToLatest(ownerDb as Kysely<unknown>);
    await options.afterMigrate?.(ownerDb);
  } finally {
    await ownerDb.destroy();
  }
  const app = new PGlite(dataDir, { parsers, username: APP_ROLE });
  return kyselyOver<Database>(app);
}
