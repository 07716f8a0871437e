import { sql } from 'kysely';
import type { StatisticMetric, TerritoryType, Tx } from '@nastavnik/db';
import { notFound } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { FIRST_YEAR, LAST_YEAR, METRIC_KEYS, metricList } from './metrics.ts';

/*
 * Statistics (KPI denominators) per territory and year. The region admin enters the
 * region's and its municipalities' figures (separate published figures, not sums: KPI.md);
 * organisations enter their own counts, which the region admin only reads here.
 */

export type Values = Record<StatisticMetric, number | null>;
export const emptyValues = (): Values => Object.fromEntries(METRIC_KEYS.map((k) => [k, null])) as Values;

/** updated_at as ISO text (the column type reads as Date with pg, as a string elsewhere). */
const iso = (v: unknown) => new Date(v as Date | string).toISOString();

interface Territory {
  territoryType: TerritoryType;
  territoryId: string;
  name: string;
  oktmo: string | null;
  municipalityName: string | null;
}

/** The figures entered for `ids` in `year`, by territory id. */
export async function valuesOf(
  tx: Tx,
  type: TerritoryType,
  ids: string[],
  year: number,
): Promise<Map<string, { values: Values; updatedAt: string | null }>> {
  const out = new Map<string, { values: Values; updatedAt: string | null }>();
  if (ids.length === 0) return out;
  const rows = await tx
    .selectFrom('territory_statistics')
    .select(['territory_id', 'metric', 'value', 'updated_at'])
    .where('territory_type', '=', type)
    .where('year', '=', year)
    .where('territory_id', 'in', ids)
    .execute();
  for (const r of rows) {
    let entry = out.get(r.territory_id);
    if (!entry) out.set(r.territory_id, (entry = { values: emptyValues(), updatedAt: null }));
    entry.values[r.metric] = r.value;
    const at = iso(r.updated_at);
    if (!entry.updatedAt || at > entry.updatedAt) entry.updatedAt = at;
  }
  return out;
}

async function territoriesOf(tx: Tx, p: Principal, type: TerritoryType | undefined): Promise<Territory[]> {
  const out: Territory[] = [];
  if (!type || type === 'region') {
    const region = await tx
      .selectFrom('regions')
      .select(['id', 'name'])
      .where('id', '=', p.regionId)
      .executeTakeFirst();
    if (region)
      out.push({
        territoryType: 'region',
        territoryId: region.id,
        name: region.name,
        oktmo: null,
        municipalityName: null,
      });
  }
  if (!type || type === 'municipality') {
    const rows = await tx
      .selectFrom('municipalities')
      .select(['id', 'name', 'oktmo'])
      .orderBy('name')
      .execute();
    for (const m of rows)
      out.push({
        territoryType: 'municipality',
        territoryId: m.id,
        name: m.name,
        oktmo: m.oktmo,
        municipalityName: null,
      });
  }
  if (type === 'organisation') {
    const rows = await tx
      .selectFrom('organisations as o')
      .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
      .select(['o.id', 'o.name', 'o.short_name', 'm.name as municipality'])
      .orderBy('m.name')
      .orderBy(sql`coalesce(o.short_name, o.name)`)
      .execute();
    for (const o of rows)
      out.push({
        territoryType: 'organisation',
        territoryId: o.id,
        name: o.short_name ?? o.name,
        oktmo: null,
        municipalityName: o.municipality,
      });
  }
  return out;
}

/** Territories × the four metrics for one year; what was not entered is null. */
export async function listStatistics(
  tx: Tx,
  p: Principal,
  query: { year: number; territoryType?: TerritoryType },
) {
  const territories = await territoriesOf(tx, p, query.territoryType);
  const byType = new Map<TerritoryType, Map<string, { values: Values; updatedAt: string | null }>>();
  for (const type of ['region', 'municipality', 'organisation'] as const) {
    const ids = territories.filter((t) => t.territoryType === type).map((t) => t.territoryId);
    byType.set(type, await valuesOf(tx, type, ids, query.year));
  }
  const types = [...new Set(territories.map((t) => t.territoryType))];
  const filled =
    types.length === 0
      ? []
      : await tx
          .selectFrom('territory_statistics')
          .select('year')
          .distinct()
          .where('territory_type', 'in', types)
          .orderBy('year')
          .execute();
  return {
    year: query.year,
    years: { first: FIRST_YEAR, last: LAST_YEAR },
    yearsWithData: filled.map((r) => r.year),
    metrics: metricList(),
    items: territories.map((t) => {
      const found = byType.get(t.territoryType)!.get(t.territoryId);
      return {
        ...t,
        editable: t.territoryType !== 'organisation',
        values: found?.values ?? emptyValues(),
        updatedAt: found?.updatedAt ?? null,
      };
    }),
  };
}

/** The region itself or one of its municipalities; anything else is «not found». */
export async function checkTerritory(
  tx: Tx,
  p: Principal,
  type: 'region' | 'municipality',
  id: string,
): Promise<void> {
  if (type === 'region') {
    if (id !== p.regionId) throw notFound('Регион не найден');
    return;
  }
  // RLS shows only the caller's region's municipalities: another region's id is not found.
  const m = await tx.selectFrom('municipalities').select('id').where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('Муниципалитет не найден');
}

export interface CellChange {
  metric: StatisticMetric;
  from: number | null;
  to: number | null;
}

/**
 * Sets (or with null deletes) one figure of one territory and year. Returns what it was, so
 * the caller can audit the change; an unchanged figure writes nothing.
 */
export async function writeValue(
  tx: Tx,
  p: Principal,
  cell: { territoryType: TerritoryType; territoryId: string; year: number; metric: StatisticMetric },
  value: number | null,
): Promise<CellChange & { updatedAt: string | null }> {
  const current = await tx
    .selectFrom('territory_statistics')
    .select(['value', 'updated_at'])
    .where('territory_type', '=', cell.territoryType)
    .where('territory_id', '=', cell.territoryId)
    .where('year', '=', cell.year)
    .where('metric', '=', cell.metric)
    .executeTakeFirst();
  const from = current?.value ?? null;
  if (from === value)
    return { metric: cell.metric, from, to: value, updatedAt: current ? iso(current.updated_at) : null };
  if (value === null) {
    await tx
      .deleteFrom('territory_statistics')
      .where('territory_type', '=', cell.territoryType)
      .where('territory_id', '=', cell.territoryId)
      .where('year', '=', cell.year)
      .where('metric', '=', cell.metric)
      .execute();
    return { metric: cell.metric, from, to: null, updatedAt: null };
  }
  const saved = await tx
    .insertInto('territory_statistics')
    .values({ region_id: p.regionId, ...cellColumns(cell), value })
    .onConflict((oc) =>
      oc
        .columns(['territory_type', 'territory_id', 'year', 'metric'])
        .doUpdateSet({ value, updated_at: sql`now()` }),
    )
    .returning('updated_at')
    .executeTakeFirstOrThrow();
  return { metric: cell.metric, from, to: value, updatedAt: iso(saved.updated_at) };
}

const cellColumns = (cell: {
  territoryType: TerritoryType;
  territoryId: string;
  year: number;
  metric: StatisticMetric;
}) => ({
  territory_type: cell.territoryType,
  territory_id: cell.territoryId,
  year: cell.year,
  metric: cell.metric,
});
