import { STATISTIC_METRICS, type StatisticMetric } from '@nastavnik/domain';

/*
 * The statistics (KPI denominators) as the API and the import file name them, and the years
 * the region works with. Labels come from packages/domain; the short names are what people
 * write as column headers.
 */

/** Years of statistics and targets: the programme's horizon (KPI time series start in 2020). */
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 2030;
/** Targets of these years come preset from the seed's table (DOMAIN.md); later ones the region sets. */
export const PRESET_YEARS = [2020, 2021, 2022, 2023, 2024] as const;

export const METRIC_KEYS = Object.keys(STATISTIC_METRICS) as StatisticMetric[];

/** An organisation enters its pupils and its young teachers; enterprises are counted per territory only. */
export const ORGANISATION_METRICS = ['children_10_19', 'children_15_19', 'young_teachers'] as const;
export type OrganisationMetric = (typeof ORGANISATION_METRICS)[number];

export const METRIC_SHORT: Record<StatisticMetric, string> = {
  children_10_19: 'Дети 10–19',
  children_15_19: 'Дети 15–19',
  young_teachers: 'Молодые специалисты',
  enterprises: 'Предприятия',
};

/** Other headers people use for the same columns (matching ignores case, spaces and dashes). */
export const METRIC_ALIASES: Record<StatisticMetric, string[]> = {
  children_10_19: [METRIC_SHORT.children_10_19, 'Дети 10–19 лет', 'Дети от 10 до 19 лет'],
  children_15_19: [METRIC_SHORT.children_15_19, 'Дети 15–19 лет', 'Дети от 15 до 19 лет'],
  young_teachers: [METRIC_SHORT.young_teachers, 'Молодые педагоги', 'Молодые специалисты (стаж 0–3 года)'],
  enterprises: [METRIC_SHORT.enterprises, 'Предприятия на территории', 'Число предприятий'],
};

export const metricList = () =>
  METRIC_KEYS.map((key) => ({ key, label: STATISTIC_METRICS[key], short: METRIC_SHORT[key] }));

/** Counts are whole people or enterprises; a region of Russia has fewer than 100 million children. */
export const MAX_VALUE = 100_000_000;

export const yearMessage = `Год — от ${FIRST_YEAR} до ${LAST_YEAR}`;
