import { parseArgs } from 'node:util';
import { DEFAULT_TARGETS, emailError } from '@nastavnik/domain';
import {
  connectPostgres,
  hashSecret,
  migrateToLatest,
  newSecret,
  openEmbedded,
  type Database,
} from '@nastavnik/db';
import type { Kysely } from 'kysely';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';

/*
 * `npm run region:create -- --name "…" --code … --admin-email … --admin-name "…"`: the first
 * step of a real installation. Creates the region with the seed's 2020–2024 targets and
 * invites its first administrator; prints the one-time link (valid 72 h) to set a password.
 */
const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    code: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    timezone: { type: 'string', default: 'Europe/Moscow' },
  },
});
const missing = ['name', 'code', 'admin-email', 'admin-name'].filter(
  (k) => !values[k as keyof typeof values],
);
if (missing.length > 0) {
  console.error(`Не указаны параметры: ${missing.map((m) => `--${m}`).join(', ')}`);
  process.exit(2);
}
const email = values['admin-email']!.trim().toLowerCase();
const problem = emailError(email);
if (problem) {
  console.error(`--admin-email: ${problem}`);
  process.exit(2);
}

async function create(owner: Kysely<Database>): Promise<string> {
  return owner.transaction().execute(async (tx) => {
    const region = await tx
      .insertInto('regions')
      .values({ name: values.name!.trim(), code: values.code!.trim(), timezone: values.timezone! })
      .returning('id')
      .executeTakeFirstOrThrow();
    const targets = Object.entries(DEFAULT_TARGETS).flatMap(([indicator, years]) =>
      Object.entries(years).map(([year, target]) => ({
        region_id: region.id,
        indicator,
        year: Number(year),
        target,
      })),
    );
    await tx.insertInto('kpi_targets').values(targets).execute();
    const user = await tx
      .insertInto('users')
      .values({
        region_id: region.id,
        email,
        full_name: values['admin-name']!.trim(),
        role: 'region_admin',
        municipality_id: null,
        organisation_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = newSecret();
    await tx
      .insertInto('one_time_tokens')
      .values({
        user_id: user.id,
        purpose: 'invite',
        token_hash: hashSecret(token),
        expires_at: new Date(Date.now() + 72 * 3_600_000),
      })
      .execute();
    return token;
  });
}

const config = loadConfig();
let token: string | undefined;
if (config.databaseUrl) {
  const owner = connectPostgres<Database>(config.databaseUrl, { max: 1 });
  try {
    await migrateToLatest(owner as Kysely<unknown>);
    token = await create(owner);
  } finally {
    await owner.destroy();
  }
} else {
  const app = await openEmbedded(join(config.dataDir, 'pglite'), {
    afterMigrate: async (owner) => (token = await create(owner)),
  });
  await app.destroy();
}
console.log(
  `Регион «${values.name}» создан. Ссылка для администратора (действует 72 ч):\n${config.publicUrl}/link/${token}`,
);
