import type { Kysely } from 'kysely';
import type { Database, TerritoryType } from '@nastavnik/db';
import type { KpiKey } from '@nastavnik/domain';

/*
 * Snapshot rows and targets written straight into the test database with the owner
 * connection: the API only reads kpi_snapshots, and the engine that fills it is tested on
 * its own. These rows are what the workers would have written.
 */

export interface SnapshotInput {
  regionId: string;
  type: TerritoryType;
  id: string;
  /** For an organisation its municipality; for a municipality itself; null for the region. */
  municipalityId: string | null;
  year: number;
  indicator: KpiKey;
  numerator: number;
  denominator: number | null;
  participants?: number | null;
  computedAt?: Date;
}

export async function insertSnapshots(owner: Kysely<Database>, rows: SnapshotInput[]): Promise<void> {
  if (rows.length === 0) return;
  await owner
    .insertInto('kpi_snapshots')
    .values(
      rows.map((r) => ({
        region_id: r.regionId,
        territory_type: r.type,
        territory_id: r.id,
        municipality_id: r.municipalityId,
        year: r.year,
        indicator: r.indicator,
        numerator: r.numerator,
        denominator: r.denominator,
        participants: r.participants ?? null,
        // schema.ts types the column Generated<Timestamp>, a ColumnType nested in a ColumnType,
        // which Kysely does not unwrap; the value is a plain timestamp.
        computed_at: (r.computedAt ?? new Date()) as never,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['territory_type', 'territory_id', 'year', 'indicator']).doUpdateSet((eb) => ({
        numerator: eb.ref('excluded.numerator'),
        denominator: eb.ref('excluded.denominator'),
        participants: eb.ref('excluded.participants'),
        computed_at: eb.ref('excluded.computed_at'),
      })),
    )
    .execute();
}

export async function insertTargets(
  owner: Kysely<Database>,
  regionId: string,
  targets: { indicator: KpiKey; year: number; target: number }[],
): Promise<void> {
  await owner
    .insertInto('kpi_targets')
    .values(targets.map((t) => ({ region_id: regionId, ...t })))
    .onConflict((oc) =>
      oc
        .columns(['region_id', 'indicator', 'year'])
        .doUpdateSet({ target: (eb) => eb.ref('excluded.target') }),
    )
    .execute();
}
