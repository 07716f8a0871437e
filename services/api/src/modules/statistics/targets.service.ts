import { DEFAULT_TARGETS, KPI_INDICATORS, type KpiKey } from '@nastavnik/domain';
import type { Tx } from '@nastavnik/db';
import { invalid } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { FIRST_YEAR, LAST_YEAR, PRESET_YEARS } from './metrics.ts';

/*
 * The region's targets per indicator and year. 2020–2024 are stored for every region when
 * it is created (the seed's table, DOMAIN.md) and stay editable; later years the region
 * sets. A target applies to every territory of the region (KPI.md).
 */

const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
const isPreset = (year: number) => (PRESET_YEARS as readonly number[]).includes(year);
const defaultOf = (indicator: KpiKey, year: number) => DEFAULT_TARGETS[indicator][year] ?? null;

const cellOf = (indicator: KpiKey, year: number, target: number | null) => ({
  year,
  target,
  preset: isPreset(year),
  defaultTarget: defaultOf(indicator, year),
});

export async function listTargets(tx: Tx, p: Principal) {
  const rows = await tx
    .selectFrom('kpi_targets')
    .select(['indicator', 'year', 'target'])
    .where('region_id', '=', p.regionId)
    .where('year', '>=', FIRST_YEAR)
    .where('year', '<=', LAST_YEAR)
    .execute();
  const stored = new Map(rows.map((r) => [`${r.indicator}:${r.year}`, Number(r.target)]));
  return {
    years: YEARS,
    presetYears: [...PRESET_YEARS],
    // Only the six indicators: a row of an unknown indicator is not shown (nor counted anywhere).
    items: KPI_INDICATORS.map(({ key, title, short }) => ({
      indicator: key,
      title,
      short,
      cells: YEARS.map((year) => cellOf(key, year, stored.get(`${key}:${year}`) ?? null)),
    })),
  };
}

/** A share in percent with at most one decimal (the column is numeric(5,1): never round silently). */
function checkTarget(target: number): void {
  if (Math.abs(Math.round(target * 10) - target * 10) > 1e-9)
    throw invalid('target', 'Цель — процент с одним знаком после запятой, например 72,5');
}

export async function setTarget(
  tx: Tx,
  p: Principal,
  input: { indicator: KpiKey; year: number; target: number | null },
) {
  const { indicator, year, target } = input;
  if (target !== null) checkTarget(target);
  const before = await tx
    .selectFrom('kpi_targets')
    .select('target')
    .where('region_id', '=', p.regionId)
    .where('indicator', '=', indicator)
    .where('year', '=', year)
    .executeTakeFirst();
  const from = before ? Number(before.target) : null;
  const to = target === null ? null : Math.round(target * 10) / 10;
  if (to === null) {
    await tx
      .deleteFrom('kpi_targets')
      .where('region_id', '=', p.regionId)
      .where('indicator', '=', indicator)
      .where('year', '=', year)
      .execute();
  } else if (from !== to) {
    await tx
      .insertInto('kpi_targets')
      .values({ region_id: p.regionId, indicator, year, target: to })
      .onConflict((oc) => oc.columns(['region_id', 'indicator', 'year']).doUpdateSet({ target: to }))
      .execute();
  }
  return { from, saved: { indicator, ...cellOf(indicator, year, to) } };
}
