import { loadConfig } from '../config.ts';
import { openDatabase } from '../open-database.ts';

/*
 * `npm run migrate`: brings DATABASE_URL (or the embedded database under DATA_DIR) to the
 * latest migration and checks that the app role is still confined. The API also migrates
 * at start; this is for deployments that migrate as a separate step.
 */
const started = Date.now();
const config = loadConfig();
const db = await openDatabase(config, { migrate: true, applicationName: 'nastavnik-migrate' });
await db.destroy();
console.log(
  `Migrations applied to ${config.databaseUrl ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`} in ${Date.now() - started} ms`,
);
