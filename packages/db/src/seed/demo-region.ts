import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SeedOptions } from './index.ts';
import { planDirectory, type DirectorySeed, type OrganisationSeed } from './organisations.ts';
import { generatePeople } from './people.ts';
import { generatePairs, loadFormCatalogue, type FormCatalogue } from './pairs.ts';
import { DEFAULT_SEED, SCALES, type ScalePlan } from './plan.ts';
import { Random } from './random.ts';
import { planSharedPeople, type SharedAppearance } from './shared-people.ts';
import { kyselySink, type RowSink } from './sink.ts';
import { buildStatistics, KpiNumerators } from './statistics.ts';
import { generateResponses } from './surveys.ts';
import { hashDemoPassword, planUsers } from './users.ts';

/*
 * The demo region: «Демонстрационная область» with its municipalities, organisations,
 * partner enterprises, people, programmes, pairs, surveys, statistics, targets and users.
 * Deterministic: the same seed gives the same rows, identifiers included.
 */

export type RegionCounts = Partial<Record<keyof Database, number>>;

/** Tables in the order their foreign keys allow. */
const TENANT_TABLES = [
  'persons',
  'consents',
  'programmes',
  'pairs',
  'pair_members',
  'survey_responses',
] as const;
type TenantTable = (typeof TENANT_TABLES)[number];
type TenantRows = { [T in TenantTable]: Parameters<RowSink['write']>[1] };

function generateOrganisation(
  seed: number,
  org: OrganisationSeed,
  directory: DirectorySeed,
  shared: SharedAppearance[],
  forms: FormCatalogue,
  personKeySecret: string,
  numerators: KpiNumerators,
): TenantRows {
  const rng = new Random(seed, `organisation:${org.index}`);
  const { people, persons, consents } = generatePeople(
    rng,
    org,
    directory.enterprises,
    shared,
    personKeySecret,
  );
  const { programmes, pairs } = generatePairs(rng, org, people, forms);
  numerators.addOrganisation(org, pairs);
  return {
    persons,
    consents,
    programmes,
    pairs: pairs.map((p) => p.row),
    pair_members: pairs.flatMap((p) => p.members.map((m) => m.row)),
    survey_responses: generateResponses(rng, org, pairs),
  };
}

/**
 * Generates the region into `sink`; `reader` reads the national catalogue of forms. Works
 * at any scale: organisations are generated and written a batch at a time.
 */
export async function buildRegion(
  reader: Kysely<Database>,
  sink: RowSink,
  plan: ScalePlan,
  options: SeedOptions,
): Promise<RegionCounts> {
  const seed = options.seed ?? DEFAULT_SEED;
  const progress = options.onProgress ?? (() => {});
  const counts: RegionCounts = {};
  const write = async <T extends keyof Database>(table: T, rows: Parameters<RowSink['write']>[1]) => {
    await sink.write(table, rows as never);
    counts[table] = (counts[table] ?? 0) + rows.length;
  };

  const forms = await loadFormCatalogue(reader);
  const directory = planDirectory(seed, plan);
  const shared = planSharedPeople(seed, directory, plan.sharedIdentities);
  const passwordHash = await hashDemoPassword();

  await write('regions', [{ id: directory.regionId, name: directory.regionName, code: 'demo' }]);
  await write(
    'municipalities',
    directory.municipalities.map((m) => ({
      id: m.id,
      region_id: directory.regionId,
      name: m.name,
      oktmo: m.oktmo,
    })),
  );
  await write(
    'enterprises',
    directory.enterprises.map((e) => ({
      id: e.id,
      region_id: directory.regionId,
      municipality_id:
        e.municipalityIndex === null ? null : directory.municipalities[e.municipalityIndex]!.id,
      name: e.name,
      inn: e.inn,
    })),
  );
  await write(
    'organisations',
    directory.organisations.map((o) => ({
      id: o.id,
      region_id: directory.regionId,
      municipality_id: o.municipality.id,
      name: o.name,
      short_name: o.shortName,
      kind: o.kind,
      inn: o.inn,
      address: o.address,
    })),
  );
  await write('users', planUsers(seed, directory, passwordHash));
  progress(
    `Справочник: ${directory.municipalities.length} муниципалитетов, ${directory.organisations.length} организаций, ${directory.enterprises.length} предприятий`,
  );

  // While one batch is being written, the next is generated: the database and the
  // generator work at the same time (the generator yields between organisations so the
  // writes keep flowing).
  const numerators = new KpiNumerators();
  const all = directory.organisations;
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < all.length; i += plan.organisationsPerBatch) {
    const batch: TenantRows[] = [];
    for (const org of all.slice(i, i + plan.organisationsPerBatch)) {
      batch.push(
        generateOrganisation(
          seed,
          org,
          directory,
          shared.get(org.index) ?? [],
          forms,
          options.personKeySecret,
          numerators,
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    const done = Math.min(i + plan.organisationsPerBatch, all.length);
    writing = (async () => {
      for (const table of TENANT_TABLES)
        await write(
          table,
          batch.flatMap((b) => b[table]),
        );
      progress(`Организации: ${done} из ${all.length}, людей ${counts.persons}`);
    })();
    writing.catch(() => {}); // awaited below; this only keeps Node from calling it unhandled meanwhile
  }
  await writing;

  const { statistics, targets } = buildStatistics(seed, directory, numerators);
  await write('territory_statistics', statistics);
  await write('kpi_targets', targets);
  progress(`Статистика: ${statistics.length} показателей, цели на ${targets.length / 6} лет`);
  return counts;
}

/** The demo scale in one transaction of multi-row INSERTs (PGlite or PostgreSQL). */
export async function generateDemoScale(
  owner: Kysely<Database>,
  options: SeedOptions,
): Promise<RegionCounts> {
  return owner.transaction().execute((tx) => buildRegion(tx, kyselySink(tx), SCALES.demo, options));
}
