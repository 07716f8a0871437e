import { writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import { loadConfig } from '@nastavnik/config';
import { buildApp } from '../app.ts';

/*
 * Prints (or writes) the OpenAPI document without a database: route schemas are all it
 * needs. The web's typed client is generated from this file (web: npm run gen:api).
 */
const app = await buildApp({
  config: loadConfig({ ...process.env, JWT_SECRET: 'openapi', PERSON_KEY_SECRET: 'openapi' }),
  db: null as unknown as Kysely<Database>,
  jobs: { mode: 'in-process', enqueue: async () => {}, drain: async () => {}, close: async () => {} },
});
await app.ready();
const doc = JSON.stringify(app.swagger(), null, 2);
const out = process.argv[2];
if (out) writeFileSync(out, doc + '\n');
else process.stdout.write(doc + '\n');
await app.close();
