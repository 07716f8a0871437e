import { KPI_INDICATORS, type KpiKey } from '@nastavnik/domain';
import type { Tx } from '@nastavnik/db';
import type { Principal } from '../../plugins/auth.ts';
import { forbidden, invalid, notFound } from '../../lib/errors.ts';
import { resolveTerritory, type Territory, type TerritoryType } from './kpi.access.ts';
import { figureOf, latestOf, targetsByKey, type SnapshotRow } from './kpi.figures.ts';

/*
 * The KPI read side. Every number comes from kpi_snapshots (the workers' results) and
 * kpi_targets, never from raw rows, and is derived per request by kpi.figures.ts. There is
 * no read cache: these are primary-key and index reads of a few dozen rows, and a cache
 * would have to be invalidated by every recompute to never show a figure older than the
 * latest snapshot — not worth it at this cost.
 */

/** The first year of the regional programme: series and default ranges start here. */
export const FIRST_YEAR = 2020;
const MAX_RANGE = 30;

const SNAPSHOT_COLUMNS = [
  'year',
  'indicator',
  'numerator',
  'denominator',
  'participants',
  'computed_at',
] as const;

/** The current calendar year in the region's time zone, and the zone itself. */
export async function regionClock(tx: Tx, regionId: string) {
  const r = await tx.selectFrom('regions').select('timezone').where('id', '=', regionId).executeTakeFirst();
  const timezone = r?.timezone ?? 'Europe/Moscow';
  const year = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric' }).format(new Date()),
  );
  return { timezone, year };
}

async function targetsFor(tx: Tx, regionId: string, from: number, to: number, indicator?: KpiKey) {
  let q = tx
    .selectFrom('kpi_targets')
    .select(['indicator', 'year', 'target'])
    .where('region_id', '=', regionId)
    .where('year', '>=', from)
    .where('year', '<=', to);
  if (indicator) q = q.where('indicator', '=', indicator);
  return targetsByKey(await q.execute());
}

async function snapshotsOf(tx: Tx, p: Principal, t: Territory, from: number, to: number, indicator?: KpiKey) {
  let q = tx
    .selectFrom('kpi_snapshots')
    .select(SNAPSHOT_COLUMNS)
    .where('region_id', '=', p.regionId)
    .where('territory_type', '=', t.type)
    .where('territory_id', '=', t.id)
    .where('year', '>=', from)
    .where('year', '<=', to);
  if (indicator) q = q.where('indicator', '=', indicator);
  const rows: SnapshotRow[] = await q.execute();
  return new Map(rows.map((r) => [`${r.indicator}:${r.year}`, r]));
}

const yearsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export interface ReportQuery {
  territoryType?: TerritoryType;
  territoryId?: string;
  from?: number;
  to?: number;
}

/** Every indicator of one territory, year by year. */
export async function report(tx: Tx, p: Principal, q: ReportQuery) {
  const territory = await resolveTerritory(tx, p, q.territoryType, q.territoryId);
  const clock = await regionClock(tx, p.regionId);
  const to = q.to ?? Math.max(clock.year, q.from ?? clock.year);
  const from = q.from ?? Math.min(FIRST_YEAR, to);
  if (from > to) throw invalid('from', 'Начальный год не может быть позже конечного');
  if (to - from >= MAX_RANGE) throw invalid('from', `Период — не больше ${MAX_RANGE} лет`);

  const [rows, targetOf] = await Promise.all([
    snapshotsOf(tx, p, territory, from, to),
    targetsFor(tx, p.regionId, from, to),
  ]);
  const indicators = KPI_INDICATORS.map((i) => ({
    key: i.key,
    title: i.title,
    short: i.short,
    figures: yearsOf(from, to).map((y) => figureOf(i.key, y, rows.get(`${i.key}:${y}`), targetOf(i.key, y))),
  }));
  return {
    territory,
    from,
    to,
    timezone: clock.timezone,
    computedAt: latestOf(indicators.flatMap((i) => i.figures)),
    indicators,
  };
}

export interface SeriesQuery {
  territoryType?: TerritoryType;
  territoryId?: string;
  indicator: KpiKey;
}

/** One indicator of one territory from 2020 to the current year: actual against target. */
export async function series(tx: Tx, p: Principal, q: SeriesQuery) {
  const territory = await resolveTerritory(tx, p, q.territoryType, q.territoryId);
  const { year } = await regionClock(tx, p.regionId);
  const to = Math.max(year, FIRST_YEAR);
  const [rows, targetOf] = await Promise.all([
    snapshotsOf(tx, p, territory, FIRST_YEAR, to, q.indicator),
    targetsFor(tx, p.regionId, FIRST_YEAR, to, q.indicator),
  ]);
  const title = KPI_INDICATORS.find((i) => i.key === q.indicator)!.title;
  return {
    territory,
    indicator: q.indicator,
    title,
    from: FIRST_YEAR,
    to,
    points: yearsOf(FIRST_YEAR, to).map((y) =>
      figureOf(q.indicator, y, rows.get(`${q.indicator}:${y}`), targetOf(q.indicator, y)),
    ),
  };
}

export interface RankingQuery {
  territoryType?: 'region' | 'municipality';
  territoryId?: string;
  indicator: KpiKey;
  year?: number;
}

/** The territory's children (region → municipalities, municipality → organisations) on one indicator. */
export async function ranking(tx: Tx, p: Principal, q: RankingQuery) {
  const type = q.territoryType ?? (p.role === 'region_admin' ? 'region' : 'municipality');
  // A municipal officer compares their own organisations; the region's breakdown by
  // municipality would show other municipalities' figures.
  if (type === 'region' && p.role !== 'region_admin') throw forbidden();
  const territory = await resolveTerritory(tx, p, type, q.territoryId);
  const clock = await regionClock(tx, p.regionId);
  const year = q.year ?? clock.year;
  const childType = territory.type === 'region' ? 'municipality' : 'organisation';

  const children =
    childType === 'municipality'
      ? await tx
          .selectFrom('municipalities')
          .select(['id', 'name', 'name as full_name'])
          .where('region_id', '=', p.regionId)
          .execute()
      : await tx
          .selectFrom('organisations')
          .select((eb) => ['id', eb.fn.coalesce('short_name', 'name').as('name'), 'name as full_name'])
          .where('region_id', '=', p.regionId)
          .where('municipality_id', '=', territory.id)
          .execute();
  const [childRows, ownRows, targetOf] = await Promise.all([
    tx
      .selectFrom('kpi_snapshots')
      .select(['territory_id', ...SNAPSHOT_COLUMNS])
      .where('region_id', '=', p.regionId)
      .where('territory_type', '=', childType)
      .where('year', '=', year)
      .where('indicator', '=', q.indicator)
      .$if(childType === 'organisation', (qb) => qb.where('municipality_id', '=', territory.id))
      .execute(),
    snapshotsOf(tx, p, territory, year, year, q.indicator),
    targetsFor(tx, p.regionId, year, year, q.indicator),
  ]);
  const byChild = new Map(childRows.map((r) => [r.territory_id, r]));
  const target = targetOf(q.indicator, year);
  const items = children.map((c) => {
    const { year: _y, target: _t, ...figure } = figureOf(q.indicator, year, byChild.get(c.id), target);
    return { id: c.id, name: c.name, fullName: c.full_name, ...figure };
  });
  items.sort(
    (a, b) =>
      (b.value ?? -1) - (a.value ?? -1) ||
      (b.numerator ?? -1) - (a.numerator ?? -1) ||
      a.name.localeCompare(b.name, 'ru'),
  );
  const total = figureOf(q.indicator, year, ownRows.get(`${q.indicator}:${year}`), target);
  return {
    territory,
    childType,
    indicator: q.indicator,
    year,
    target,
    total,
    timezone: clock.timezone,
    computedAt: latestOf([total, ...items]),
    items,
  } as const;
}

/**
 * Organisations with no participation in the year: every numerator and participant count of
 * their snapshots is 0, or they have no snapshot at all. Names come from the directory,
 * which region staff may read; no figure of an organisation is shown here.
 */
export async function completeness(tx: Tx, p: Principal, q: { year?: number; municipalityId?: string }) {
  let municipalityId: string | null = q.municipalityId ?? null;
  if (p.role === 'municipal_officer') {
    if (municipalityId && municipalityId !== p.municipalityId) throw forbidden();
    municipalityId = p.municipalityId;
  }
  if (municipalityId) {
    const m = await tx
      .selectFrom('municipalities')
      .select('id')
      .where('id', '=', municipalityId)
      .where('region_id', '=', p.regionId)
      .executeTakeFirst();
    if (!m) throw notFound('Муниципалитет не найден');
  }
  const year = q.year ?? (await regionClock(tx, p.regionId)).year;
  const rows = await tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.short_name',
      'o.municipality_id',
      'm.name as municipality_name',
      eb
        .exists(
          eb
            .selectFrom('kpi_snapshots as s')
            .select('s.indicator')
            .where('s.territory_type', '=', 'organisation')
            .whereRef('s.territory_id', '=', 'o.id')
            .where('s.year', '=', year)
            .where((w) => w.or([w('s.numerator', '>', 0), w('s.participants', '>', 0)])),
        )
        .as('has_data'),
    ])
    .where('o.region_id', '=', p.regionId)
    .$if(municipalityId !== null, (qb) => qb.where('o.municipality_id', '=', municipalityId!))
    .orderBy('m.name')
    .orderBy('o.name')
    .execute();
  const missing = rows.filter((r) => !r.has_data);
  return {
    year,
    municipalityId,
    total: rows.length,
    withData: rows.length - missing.length,
    withoutData: missing.length,
    missing: missing.map((r) => ({
      id: r.id,
      name: r.name,
      shortName: r.short_name,
      municipalityId: r.municipality_id,
      municipalityName: r.municipality_name,
    })),
  };
}
