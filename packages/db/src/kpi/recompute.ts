import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { withScope, type Tx } from '../scope.ts';
import { applyFactChanges } from './delta.ts';
import { FIRST_KPI_YEAR, refreshOrganisationFacts } from './facts.ts';
import {
  asKpiRole,
  clearOutbox,
  lockFor,
  lockSharedFor,
  organisationLock,
  outboxIds,
  regionLock,
  regionYearLock,
} from './outbox.ts';
import { refreshDenominators, rollupRegion } from './rollup.ts';

/*
 * The three recomputes the jobs run. Each is made of transactions that either commit whole
 * or leave nothing behind, and clears only the outbox rows it read before it read any data
 * (./outbox.ts), so a worker killed at any point leaves the outbox rows that bring the work
 * back: re-running converges on exact figures.
 *
 * - organisation (incremental): one transaction — the organisation's facts, then their
 *   changes applied to the snapshots of that organisation, its municipality, the region (and,
 *   when a response changed, of wherever that person is active): ./delta.ts, in time
 *   proportional to the change; the organisation's outbox rows read at the start are cleared
 *   at the end.
 * - region: statistics or targets changed — the denominators only; threshold or directory
 *   changed — every territory of the region from the facts as they are (no raw rows read);
 *   time zone changed — full.
 * - full: every organisation's facts (one short transaction each, several in parallel),
 *   then the region rolled up year by year (rollupByYear, several years in parallel). An
 *   organisation whose facts changed leaves a region row in the outbox in the same
 *   transaction, so if the run dies before its rollup, the relay brings the rollup back.
 */

export interface OrganisationRecompute {
  status: 'done' | 'not_found';
  /** How the snapshots followed: by the changes (delta), by a rollup of the years, or not at all. */
  via: 'delta' | 'rollup' | 'none';
  /** Years whose facts changed. */
  years: number[];
  /** Outbox rows cleared. */
  cleared: number;
}

const systemScope = (regionId: string, organisationId?: string) => ({
  regionId,
  organisationId: organisationId ?? null,
  role: 'system' as const,
});

/** The years KPIs are computed for: 2020 to the current year in the region's time zone. */
export async function kpiYears(tx: Tx, regionId: string): Promise<number[]> {
  const { rows } = await sql<{ y: number }>`
    SELECT generate_series(${FIRST_KPI_YEAR}::int, extract(year FROM now() AT TIME ZONE r.timezone)::int) AS y
      FROM regions r WHERE r.id = ${regionId}`.execute(tx);
  return rows.map((r) => r.y);
}

/** The 'kpi.organisation' work: one organisation's change, incrementally. */
export async function recomputeOrganisation(
  db: Kysely<Database>,
  target: { regionId: string; organisationId: string },
): Promise<OrganisationRecompute> {
  const { regionId, organisationId } = target;
  return withScope(db, systemScope(regionId, organisationId), async (tx) => {
    const org = await tx
      .selectFrom('organisations')
      .select('municipality_id')
      .where('id', '=', organisationId)
      .where('region_id', '=', regionId)
      .executeTakeFirst();
    if (!org) return { status: 'not_found', via: 'none', years: [], cleared: 0 };
    // One recompute of an organisation at a time (a job and a full run may meet here).
    await lockFor(tx, organisationLock(organisationId));
    const ids = await asKpiRole(tx, () => outboxIds(tx, sql`organisation_id = ${organisationId}`));
    // The changes are applied against the other organisations' facts and the snapshots as
    // they are: no other rollup of the region may run in between.
    await lockFor(tx, regionLock(regionId));
    const { years, changes } = await refreshOrganisationFacts(tx, organisationId);
    const via = await asKpiRole(tx, async () => {
      let how: OrganisationRecompute['via'] = 'none';
      if (changes.length > 0) {
        const target = { regionId, organisationId, municipalityId: org.municipality_id };
        const delta = await applyFactChanges(tx, target, changes);
        how = 'delta';
        if (!delta.applied) {
          await rollupRegion(tx, regionId, years, delta.organisations);
          how = 'rollup';
        }
      }
      await clearOutbox(tx, ids);
      return how;
    });
    return { status: 'done', via, years, cleared: ids.length };
  });
}

/**
 * The 'kpi.region' work, by what the region's pending rows ask for: every organisation's
 * facts ('full': the time zone changed), every territory's figures from the facts
 * ('rollup': threshold, directory, a full run's facts), or only the denominators
 * ('statistics': statistics or targets were edited — cheap, no counting at all).
 */
export async function recomputeRegionRollup(
  db: Kysely<Database>,
  regionId: string,
): Promise<{ did: 'full' | 'rollup' | 'statistics' | 'nothing'; cleared: number }> {
  const kinds = await withScope(db, systemScope(regionId), (tx) =>
    asKpiRole(tx, async () => {
      const { rows } = await sql<{ kind: string }>`
        SELECT DISTINCT kind FROM kpi_outbox WHERE region_id = ${regionId} AND organisation_id IS NULL`.execute(
        tx,
      );
      return new Set(rows.map((r) => r.kind));
    }),
  );
  if (kinds.has('full')) {
    const r = await recomputeRegion(db, regionId);
    return { did: 'full', cleared: r.cleared };
  }
  // Read before anything is counted: whatever is read here is covered by what follows.
  const rows = await withScope(db, systemScope(regionId), (tx) =>
    asKpiRole(tx, async () => {
      const { rows } = await sql<{ id: number; kind: string }>`
        SELECT id, kind FROM kpi_outbox
         WHERE region_id = ${regionId} AND organisation_id IS NULL AND kind IN ('rollup', 'statistics')`.execute(
        tx,
      );
      return rows;
    }),
  );
  if (rows.length === 0) return { did: 'nothing', cleared: 0 };
  const ids = rows.map((r) => Number(r.id));
  const rollup = rows.some((r) => r.kind === 'rollup');
  if (rollup) await rollupByYear(db, regionId);
  await withScope(db, systemScope(regionId), (tx) =>
    asKpiRole(tx, async () => {
      if (!rollup) {
        await lockFor(tx, regionLock(regionId));
        await refreshDenominators(tx, regionId);
      }
      await clearOutbox(tx, ids);
    }),
  );
  return { did: rollup ? 'rollup' : 'statistics', cleared: rows.length };
}

/**
 * Every territory's figures of the region from its facts, one year per transaction, `lanes`
 * years at a time: years are independent (every count is within a year), so the work splits
 * cleanly over the database's cores (measured on the large region: 34 s in one statement, ~6 s
 * for its largest year). Each year commits on its own; a run cut short leaves the outbox rows
 * that asked for it, and the next run redoes every year.
 */
export async function rollupByYear(db: Kysely<Database>, regionId: string, lanes = 2): Promise<number> {
  const years = await withScope(db, systemScope(regionId), (tx) => kpiYears(tx, regionId));
  let rows = 0;
  // The recent years hold the most facts: start them first so the lanes end together.
  await forEachLimited(years.reverse(), lanes, (year) =>
    withScope(db, systemScope(regionId), (tx) =>
      asKpiRole(tx, async () => {
        await lockSharedFor(tx, regionLock(regionId));
        await lockFor(tx, regionYearLock(regionId, year));
        rows += await rollupRegion(tx, regionId, [year]);
      }),
    ),
  );
  return rows;
}

export interface FullRecomputeOptions {
  /** Organisations refreshed at once (each in its own transaction and connection). */
  concurrency?: number;
  /** Called after each organisation: done of total. */
  onProgress?: (done: number, total: number) => void;
}

export interface FullRecompute {
  organisations: number;
  /** Organisations whose facts had to change (0 when nothing was missed). */
  changed: number;
  cleared: number;
  factsMs: number;
  rollupMs: number;
}

/** The 'kpi.full' work: every organisation of the region, then the region's rollup. */
export async function recomputeRegion(
  db: Kysely<Database>,
  regionId: string,
  options: FullRecomputeOptions = {},
): Promise<FullRecompute> {
  const startedAt = Date.now();
  // Read first: whatever is pending now is covered by what this run reads next.
  const { pending, organisations } = await withScope(db, systemScope(regionId), async (tx) => ({
    pending: await asKpiRole(tx, () => outboxIds(tx, sql`region_id = ${regionId}`)),
    organisations: await tx
      .selectFrom('organisations')
      .select('id')
      .where('region_id', '=', regionId)
      .orderBy('id')
      .execute(),
  }));

  let done = 0;
  let changed = 0;
  await forEachLimited(organisations, options.concurrency ?? 2, async ({ id }) => {
    await withScope(db, systemScope(regionId, id), async (tx) => {
      await lockFor(tx, organisationLock(id));
      const { years } = await refreshOrganisationFacts(tx, id);
      if (years.length > 0) {
        changed++;
        await tx.insertInto('kpi_outbox').values({ region_id: regionId, kind: 'rollup' }).execute();
      }
    });
    options.onProgress?.(++done, organisations.length);
  });
  const factsDoneAt = Date.now();

  // Region rows committed since the start (this run's own markers among them) are covered
  // by the rollup that follows; a new request for a full run is not, and stays.
  const since = await withScope(db, systemScope(regionId), (tx) =>
    asKpiRole(tx, () =>
      outboxIds(
        tx,
        sql`region_id = ${regionId} AND organisation_id IS NULL AND kind IN ('rollup', 'statistics')`,
      ),
    ),
  );
  await rollupByYear(db, regionId, options.concurrency ?? 2);
  const ids = [...new Set([...pending, ...since])];
  await withScope(db, systemScope(regionId), (tx) => asKpiRole(tx, () => clearOutbox(tx, ids)));
  const cleared = ids.length;
  return {
    organisations: organisations.length,
    changed,
    cleared,
    factsMs: factsDoneAt - startedAt,
    rollupMs: Date.now() - factsDoneAt,
  };
}

/** Every region (ids from region_ids(), migration 0006), one after another. */
export async function recomputeAllRegions(
  db: Kysely<Database>,
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<FullRecompute[]> {
  const { rows } = await sql<{ id: string }>`SELECT r.id FROM region_ids() AS r(id)`.execute(db);
  const sizes = await Promise.all(
    rows.map(({ id }) =>
      withScope(db, systemScope(id), (tx) =>
        tx
          .selectFrom('organisations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('region_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
    ),
  );
  const total = sizes.reduce((sum, s) => sum + Number(s.n), 0);
  let before = 0;
  const results: FullRecompute[] = [];
  for (const { id } of rows) {
    const offset = before;
    const r = await recomputeRegion(db, id, {
      concurrency: options.concurrency,
      onProgress: (done) => options.onProgress?.(offset + done, total),
    });
    before += r.organisations;
    results.push(r);
  }
  return results;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    try {
      while (!failed && next < items.length) await fn(items[next++]!);
    } catch (err) {
      failed = true; // the other lanes stop after their current item
      throw err;
    }
  });
  await Promise.all(lanes);
}
