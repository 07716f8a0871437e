import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { connectPostgres, migrateToLatest, openEmbedded, type Database } from '@nastavnik/db';
import { loadConfig } from '../config.ts';
import {
  countRows,
  DEFAULT_SEED,
  DEMO_LOGINS,
  generateDemoRegion,
  LARGE_NEEDS_POSTGRES,
  resetData,
  SCALES,
  type ScaleName,
} from '@nastavnik/db/seed';

/*
 * `npm run seed:demo [-- --scale large] [--seed N] [--reset]`: loads the demo region into
 * DATABASE_URL (the owner's URL), or into the embedded database under DATA_DIR/pglite.
 * Person keys use the same secret as the running app (PERSON_KEY_SECRET, or the one kept
 * in DATA_DIR/secrets.json), so the app can match the people it later records.
 */

class UsageError extends Error {}

const USAGE = `Использование: npm run seed:demo -- [--scale demo|large] [--seed N] [--reset]
  --scale   demo (по умолчанию: 150 организаций, ~9 000 человек) или large
            (3 000 организаций, 1 000 000 человек; только PostgreSQL через DATABASE_URL)
  --seed    число: одно и то же число даёт одни и те же данные (по умолчанию ${DEFAULT_SEED})
  --reset   удалить все данные (кроме миграций и национального справочника форм) перед загрузкой`;

function parseOptions(): { scale: ScaleName; seed: number; reset: boolean } {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!(values.scale in SCALES)) throw new UsageError(`Неизвестный масштаб «${values.scale}».\n${USAGE}`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`--seed должен быть целым числом, получено «${values.seed}».`);
  return { scale: values.scale as ScaleName, seed, reset: values.reset };
}

const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} с`;

async function seed(
  owner: Kysely<Database>,
  options: { scale: ScaleName; seed: number; reset: boolean; personKeySecret: string; databaseUrl?: string },
): Promise<void> {
  const existing = await owner.selectFrom('regions').select('name').executeTakeFirst();
  if (existing && !options.reset) {
    throw new UsageError(
      `В базе уже есть регион «${existing.name}»: демо-данные не загружены.\n` +
        'Запустите с --reset, чтобы удалить все данные (кроме миграций и национального справочника форм) и загрузить демо заново.',
    );
  }
  if (existing) {
    const emptied = await resetData(owner);
    log(`Очищено таблиц: ${emptied.length}`);
  }

  const started = Date.now();
  log(`Загрузка демо-региона: масштаб ${options.scale}, seed ${options.seed}`);
  await generateDemoRegion(owner, {
    personKeySecret: options.personKeySecret,
    seed: options.seed,
    scale: options.scale,
    databaseUrl: options.databaseUrl,
    onProgress: (message) => log(`  [${seconds(Date.now() - started)}] ${message}`),
  });
  const elapsed = Date.now() - started;

  const counts = await countRows(owner);
  const number = new Intl.NumberFormat('ru-RU');
  log('');
  log('Строк в таблицах:');
  for (const [table, n] of Object.entries(counts))
    log(`  ${table.padEnd(22)} ${number.format(n).padStart(12)}`);
  log(`Готово за ${seconds(elapsed)}.`);
  log('Демо-входы (пароль у всех один):');
  for (const l of DEMO_LOGINS) log(`  ${l.roleTitle.padEnd(28)} ${l.email.padEnd(34)} ${l.password}`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const config = loadConfig();
  const common = { ...options, personKeySecret: config.personKeySecret };

  if (config.databaseUrl) {
    const owner = connectPostgres<Database>(config.databaseUrl, {
      max: 2,
      applicationName: 'nastavnik-seed',
    });
    try {
      await migrateToLatest(owner as Kysely<unknown>);
      await seed(owner, { ...common, databaseUrl: config.databaseUrl });
    } finally {
      await owner.destroy();
    }
    return;
  }

  if (options.scale === 'large') throw new UsageError(LARGE_NEEDS_POSTGRES);
  const dataDir = join(config.dataDir, 'pglite');
  log(`Встроенная база: ${dataDir} (остановите приложение, если оно запущено с этим DATA_DIR)`);
  const app = await openEmbedded(dataDir, { afterMigrate: (owner) => seed(owner, common) });
  // Let the app-role session finish opening before closing it.
  await sql`SELECT 1`.execute(app);
  await app.destroy();
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
