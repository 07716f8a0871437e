import type { Kysely } from 'kysely';
import {
  APP_ROLE,
  appUrlFrom,
  assertRoleIsConfined,
  connectPostgres,
  migrateToLatest,
  openEmbedded,
  type Database,
} from '@nastavnik/db';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';

export interface OpenOptions {
  /** Migrate first (the API and `npm run migrate` do; a standalone worker does not need to). */
  migrate: boolean;
  /** Runs with the owner connection after migrating, e.g. to load the demo region once. */
  afterMigrate?: (owner: Kysely<Database>) => Promise<unknown>;
  poolSize?: number;
  applicationName?: string;
}

/**
 * Opens the database the product runs on: real PostgreSQL when DATABASE_URL is set,
 * embedded PGlite under DATA_DIR otherwise. Either way the returned connection is the
 * confined app role, checked before anything else uses it.
 */
export async function openDatabase(config: Config, options: OpenOptions): Promise<Kysely<Database>> {
  let app: Kysely<Database>;
  if (config.databaseUrl) {
    if (options.migrate || options.afterMigrate) {
      const owner = connectPostgres<Database>(config.databaseUrl, {
        max: 2,
        applicationName: 'nastavnik-migrate',
      });
      try {
        if (options.migrate) await migrateToLatest(owner as Kysely<unknown>);
        if (config.databaseAppPassword) {
          await sql
            .raw(`ALTER ROLE ${APP_ROLE} PASSWORD '${config.databaseAppPassword.replace(/'/g, "''")}'`)
            .execute(owner);
        }
        await options.afterMigrate?.(owner);
      } finally {
        await owner.destroy();
      }
    }
    const appUrl =
      config.databaseAppUrl ?? appUrlFrom(config.databaseUrl, APP_ROLE, config.databaseAppPassword);
    app = connectPostgres<Database>(appUrl, {
      max: options.poolSize ?? 10,
      applicationName: options.applicationName,
    });
  } else {
    app = await openEmbedded(join(config.dataDir, 'pglite'), { afterMigrate: options.afterMigrate });
  }
  try {
    await assertRoleIsConfined(app as Kysely<unknown>);
  } catch (err) {
    await app.destroy();
    throw err;
  }
  return app;
}
