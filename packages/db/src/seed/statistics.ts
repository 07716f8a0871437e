import type { Insertable } from 'kysely';
import { DEFAULT_TARGETS, KPI_INDICATORS, type KpiKey } from '@nastavnik/domain';
import type { KpiTargetsTable, StatisticMetric, TerritoryStatisticsTable } from '../schema.ts';
import type { DirectorySeed, OrganisationSeed } from './organisations.ts';
import type { PairPlan } from './pairs.ts';
import { STATISTIC_YEARS } from './plan.ts';
import { Random, minDate } from './random.ts';

/*
 * Population statistics (the KPI denominators) and targets. The demo's population is far
 * smaller than a real region's, so the statistics are derived from the generated records:
 * each territory's figures are set so that its shares land near the targets (a few
 * municipalities clearly behind), stay steady from year to year like real population
 * figures, and one municipality lacks a year altogether, to show «нет данных».
 */

/** Targets the region set for 2025, beyond the seed's 2020–2024 table. */
export const TARGETS_2025: Record<KpiKey, number> = {
  mentees_10_19: 75,
  mentors_15_19: 12,
  young_teachers_mentored: 75,
  enterprises_with_mentors: 35,
  mentee_satisfaction: 90,
  mentor_satisfaction: 90,
};

const METRIC_OF: Record<StatisticMetric, KpiKey> = {
  children_10_19: 'mentees_10_19',
  children_15_19: 'mentors_15_19',
  young_teachers: 'young_teachers_mentored',
  enterprises: 'enterprises_with_mentors',
};

export function targetFor(indicator: KpiKey, year: number): number {
  return year === 2025 ? TARGETS_2025[indicator] : DEFAULT_TARGETS[indicator][year]!;
}

type Territory = 'region' | number;

/**
 * KPI numerators 1–4 computed the way KPI.md defines them (distinct humans per territory
 * and calendar year), from the pairs as they are generated.
 */
export class KpiNumerators {
  #sets = new Map<string, Set<number>>();

  #add(territory: Territory, year: number, metric: StatisticMetric, value: number): void {
    const key = `${territory}|${year}|${metric}`;
    let set = this.#sets.get(key);
    if (!set) this.#sets.set(key, (set = new Set()));
    set.add(value);
  }

  count(territory: Territory, year: number, metric: StatisticMetric): number {
    return this.#sets.get(`${territory}|${year}|${metric}`)?.size ?? 0;
  }

  addOrganisation(org: OrganisationSeed, pairs: PairPlan[]): void {
    const last = STATISTIC_YEARS[STATISTIC_YEARS.length - 1]!;
    for (const pair of pairs) {
      const { status, start_date, end_date, cancelled_at } = pair.row;
      if (status === 'draft') continue;
      for (const { row, person } of pair.members) {
        const from = row.start_date ?? start_date;
        let to = row.end_date ?? end_date;
        if (cancelled_at) to = to ? minDate(to, cancelled_at) : cancelled_at;
        if (to && to < from) continue;
        const lastYear = to ? Math.min(last, Number(to.slice(0, 4))) : last;
        for (let year = Number(from.slice(0, 4)); year <= lastYear; year++) {
          const age = year - person.birthYear;
          const facts: [StatisticMetric, number][] = [];
          if (row.role === 'mentee' && person.category === 'student' && age >= 10 && age <= 19)
            facts.push(['children_10_19', person.identity]);
          if (row.role === 'mentor' && person.category === 'student' && age >= 15 && age <= 19)
            facts.push(['children_15_19', person.identity]);
          if (row.role === 'mentee' && person.category === 'teacher' && person.careerStartYear !== null) {
            const experience = year - person.careerStartYear;
            if (experience >= 0 && experience <= 3) facts.push(['young_teachers', person.identity]);
          }
          if (row.role === 'mentor' && person.enterpriseIndex !== null)
            facts.push(['enterprises', person.enterpriseIndex]);
          for (const [metric, value] of facts) {
            this.#add(org.municipality.index, year, metric, value);
            this.#add('region', year, metric, value);
          }
        }
      }
    }
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const FALLBACK: Record<StatisticMetric, number> = {
  children_10_19: 400,
  children_15_19: 200,
  young_teachers: 12,
  enterprises: 20,
};

/** One territory's yearly figures for one metric, steady around what puts it near the targets. */
function series(
  rng: Random,
  numerators: KpiNumerators,
  territory: Territory,
  metric: StatisticMetric,
  performance: number,
): Map<number, number> {
  const indicator = METRIC_OF[metric];
  const ratios = STATISTIC_YEARS.map(
    (y) => numerators.count(territory, y, metric) / (targetFor(indicator, y) / 100),
  ).filter((r) => r > 0);
  const base = ratios.length ? median(ratios) / performance : FALLBACK[metric] * rng.around(1, 0.2, 0.5, 1.5);
  const trend = rng.around(0, 0.012, -0.03, 0.03);
  return new Map(
    STATISTIC_YEARS.map((y) => [
      y,
      Math.max(1, Math.round(base * (1 + trend * (y - 2022)) * rng.around(1, 0.015))),
    ]),
  );
}

export function buildStatistics(
  seed: number,
  directory: DirectorySeed,
  numerators: KpiNumerators,
): { statistics: Insertable<TerritoryStatisticsTable>[]; targets: Insertable<KpiTargetsTable>[] } {
  const rng = new Random(seed, 'statistics');
  const statistics: Insertable<TerritoryStatisticsTable>[] = [];
  const lastMunicipality = directory.municipalities[directory.municipalities.length - 1]!;
  const missingYear = 2022;

  const territories: {
    type: 'region' | 'municipality';
    id: string;
    key: Territory;
    performance: number;
    skip?: number;
  }[] = [
    { type: 'region', id: directory.regionId, key: 'region', performance: rng.around(1.02, 0.03) },
    ...directory.municipalities.map((m) => ({
      type: 'municipality' as const,
      id: m.id,
      key: m.index,
      performance: m.behind ? rng.around(0.66, 0.05, 0.55, 0.78) : rng.around(1, 0.08, 0.86, 1.18),
      skip: m === lastMunicipality ? missingYear : undefined,
    })),
  ];
  for (const t of territories) {
    const children = series(rng, numerators, t.key, 'children_10_19', t.performance);
    const older = series(rng, numerators, t.key, 'children_15_19', t.performance);
    const figures: Record<StatisticMetric, Map<number, number>> = {
      children_10_19: children,
      // 15–19-year-olds are about half of the 10–19-year-olds, whatever the mentors suggest.
      children_15_19: new Map(
        [...older].map(([y, v]) => [
          y,
          Math.round(Math.min(0.58, Math.max(0.44, v / children.get(y)!)) * children.get(y)!),
        ]),
      ),
      young_teachers: series(rng, numerators, t.key, 'young_teachers', t.performance),
      enterprises: series(rng, numerators, t.key, 'enterprises', t.performance),
    };
    for (const year of STATISTIC_YEARS) {
      if (year === t.skip) continue;
      for (const metric of Object.keys(figures) as StatisticMetric[]) {
        statistics.push({
          id: rng.uuid(),
          region_id: directory.regionId,
          territory_type: t.type,
          territory_id: t.id,
          year,
          metric,
          value: figures[metric].get(year)!,
        });
      }
    }
  }

  const targets = KPI_INDICATORS.flatMap(({ key }) =>
    STATISTIC_YEARS.map((year) => ({
      region_id: directory.regionId,
      indicator: key,
      year,
      target: targetFor(key, year),
    })),
  );
  return { statistics, targets };
}
