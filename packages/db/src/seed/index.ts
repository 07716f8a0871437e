import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { generateDemoScale, type RegionCounts } from './demo-region.ts';
import { generateLargeRegion } from './large.ts';
import { fillWorkspaceColumns } from './workspace-columns.ts';
import { recomputeAllRegions } from '../kpi/recompute.ts';

export { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';
export { SCALES, DEFAULT_SEED, type ScaleName } from './plan.ts';
export { resetData, countRows, SEEDED_TABLES } from './tables.ts';

export interface SeedOptions {
  personKeySecret: string;
  /** PRNG seed: the same seed gives the same region. */
  seed?: number;
  scale?: 'demo' | 'large';
  /** Owner connection string; the large scale streams rows over its own connection with COPY. */
  databaseUrl?: string;
  onProgress?: (message: string) => void;
}

/** Loads the demo region on first start (owner connection; RLS is not in the way). */
export async function loadDemoRegionIfEmpty(owner: Kysely<Database>, options: SeedOptions): Promise<boolean> {
  const existing = await owner.selectFrom('regions').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await generateDemoRegion(owner, options);
  // Fresh tables have no planner statistics: without them PostgreSQL picks nested loops
  // over thousands of rows until autovacuum gets round to it.
  await sql`ANALYZE`.execute(owner);
  return true;
}

/**
 * Generates the demo region with `owner` (superuser or table owner: RLS does not apply).
 * `scale: 'large'` needs real PostgreSQL (`databaseUrl`) and streams with COPY.
 */
export async function generateDemoRegion(
  owner: Kysely<Database>,
  options: SeedOptions,
): Promise<RegionCounts> {
  const counts =
    (options.scale ?? 'demo') === 'large'
      ? await generateLargeRegion(owner, options)
      : await generateDemoScale(owner, options);
  await fillWorkspaceColumns(owner);
  // The dashboards read only kpi_snapshots: compute them now, so the demo opens with figures.
  // Fresh tables have no planner statistics yet (see loadDemoRegionIfEmpty), hence ANALYZE.
  await sql`ANALYZE`.execute(owner);
  const started = Date.now();
  let reported = 0;
  // One organisation at a time: the owner pool may be small (tests use two connections),
  // and two concurrent recomputes were seen to stall the demo seed there.
  await recomputeAllRegions(owner, {
    concurrency: 1,
    onProgress: (done, total) => {
      if (done === total || done - reported >= Math.ceil(total / 10)) {
        reported = done;
        options.onProgress?.(`Показатели: ${done} из ${total} организаций`);
      }
    },
  });
  options.onProgress?.(`Показатели рассчитаны за ${((Date.now() - started) / 1000).toFixed(1)} с`);
  return counts;
}

export type { RegionCounts };
export { LARGE_NEEDS_POSTGRES } from './large.ts';
