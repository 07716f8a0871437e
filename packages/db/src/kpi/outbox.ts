import { sql, type Kysely, type RawBuilder } from 'kysely';
import { KPI_ROLE } from '../roles.ts';
import type { Database } from '../schema.ts';
import { withScope, type Tx } from '../scope.ts';

/*
 * Working as the KPI role, the locks that order recomputes, and the outbox.
 *
 * Outbox clearing: a recompute reads the ids of the outbox rows visible when it starts
 * (rows committed before its start, so their changes are in what it then reads) and at its
 * end deletes exactly those ids. A change committed while it runs has an id it never read:
 * the row stays and brings another run. Never "delete where id <= max": ids are handed
 * out at insert, not at commit, so a lower id may commit later.
 */

/**
 * Runs fn as the KPI role inside the transaction (SET LOCAL ROLE: it ends with the
 * transaction at the latest). While switched, only the KPI role's privileges apply.
 */
export async function asKpiRole<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql.raw(`SET LOCAL ROLE ${KPI_ROLE}`).execute(tx);
  const result = await fn();
  await sql.raw('SET LOCAL ROLE NONE').execute(tx);
  return result;
}

/** Transaction-scoped advisory lock: released at commit or rollback, even on a crash. */
export async function lockFor(tx: Tx, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}
/** The same lock taken shared: any number of holders at once, none while it is held exclusively. */
export async function lockSharedFor(tx: Tx, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`.execute(tx);
}
export const organisationLock = (organisationId: string) => `kpi-org:${organisationId}`;
/**
 * Every writer of a region's snapshots holds this. Exclusively: an organisation's delta, the
 * denominators' refresh, a rollup of chosen organisations. Shared: the year-by-year rollup of
 * the whole region (./recompute.ts rollupByYear), whose transactions each also hold their
 * year's lock exclusively, so two rollups of one year never interleave and no delta runs
 * while any year is being rolled up.
 */
export const regionLock = (regionId: string) => `kpi-region:${regionId}`;
export const regionYearLock = (regionId: string, year: number) => `kpi-region:${regionId}:${year}`;

/** Ids of the visible outbox rows matching `where` (as the KPI role). */
export async function outboxIds(tx: Tx, where: RawBuilder<unknown>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`SELECT id FROM kpi_outbox WHERE ${where}`.execute(tx);
  return rows.map((r) => Number(r.id));
}

/** Deletes exactly these outbox rows (as the KPI role). */
export async function clearOutbox(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`DELETE FROM kpi_outbox WHERE id = ANY (${ids}::bigint[])`.execute(tx);
}

export interface PendingKpiWork {
  regionId: string;
  /** NULL: work on the whole region (denominators, rollup, or every organisation). */
  organisationId: string | null;
  /** The newest pending row: the relay enqueues again when this grows. */
  maxId: number;
}

/** What the outbox holds now, one entry per organisation (and per region). */
export async function pendingKpiWork(db: Kysely<Database>): Promise<PendingKpiWork[]> {
  return withScope(db, { role: 'system' }, (tx) =>
    asKpiRole(tx, async () => {
      const { rows } = await sql<{
        region_id: string;
        organisation_id: string | null;
        max_id: number;
      }>`
        SELECT region_id, organisation_id, max(id) AS max_id
          FROM kpi_outbox GROUP BY region_id, organisation_id`.execute(tx);
      return rows.map((r) => ({
        regionId: r.region_id,
        organisationId: r.organisation_id,
        maxId: Number(r.max_id),
      }));
    }),
  );
}

/** Whether the outbox still holds rows for this organisation (after a recompute committed). */
export async function hasPendingWork(
  db: Kysely<Database>,
  regionId: string,
  organisationId: string | null,
): Promise<boolean> {
  return withScope(db, { regionId, role: 'system' }, (tx) =>
    asKpiRole(tx, async () => {
      const which =
        organisationId === null ? sql`organisation_id IS NULL` : sql`organisation_id = ${organisationId}`;
      const { rows } =
        await sql`SELECT 1 FROM kpi_outbox WHERE region_id = ${regionId} AND ${which} LIMIT 1`.execute(tx);
      return rows.length > 0;
    }),
  );
}
