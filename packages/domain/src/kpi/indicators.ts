/**
 * The six regional indicators (KPI.md). Keys are stable identifiers used in the database,
 * the API and reports; the default targets for 2020–2024 are the seed's table.
 */
export const KPI_INDICATORS = [
  {
    key: 'mentees_10_19',
    title: 'Доля детей 10–19 лет, вошедших в программы наставничества в роли наставляемого',
    short: 'Наставляемые 10–19 лет',
  },
  {
    key: 'mentors_15_19',
    title: 'Доля детей 15–19 лет, вошедших в программы наставничества в роли наставника',
    short: 'Наставники 15–19 лет',
  },
  {
    key: 'young_teachers_mentored',
    title:
      'Доля молодых специалистов с опытом работы от 0 до 3 лет, вошедших в программы наставничества в роли наставляемого',
    short: 'Молодые педагоги',
  },
  {
    key: 'enterprises_with_mentors',
    title: 'Доля предприятий, предоставивших наставников',
    short: 'Предприятия-партнёры',
  },
  {
    key: 'mentee_satisfaction',
    title: 'Уровень удовлетворённости наставляемых участием в программах наставничества',
    short: 'Удовлетворённость наставляемых',
  },
  {
    key: 'mentor_satisfaction',
    title: 'Уровень удовлетворённости наставников участием в программах наставничества',
    short: 'Удовлетворённость наставников',
  },
] as const;
export type KpiKey = (typeof KPI_INDICATORS)[number]['key'];

export const DEFAULT_TARGETS: Record<KpiKey, Record<number, number>> = {
  mentees_10_19: { 2020: 10, 2021: 25, 2022: 40, 2023: 55, 2024: 70 },
  mentors_15_19: { 2020: 2, 2021: 4, 2022: 6, 2023: 8, 2024: 10 },
  young_teachers_mentored: { 2020: 10, 2021: 25, 2022: 40, 2023: 55, 2024: 70 },
  enterprises_with_mentors: { 2020: 2, 2021: 10, 2022: 20, 2023: 25, 2024: 30 },
  mentee_satisfaction: { 2020: 50, 2021: 60, 2022: 70, 2023: 80, 2024: 85 },
  mentor_satisfaction: { 2020: 50, 2021: 60, 2022: 70, 2023: 80, 2024: 85 },
};

/** Statistics (denominators) that the region enters per territory and year. */
export const STATISTIC_METRICS = {
  children_10_19: 'Дети 10–19 лет, проживающие на территории',
  children_15_19: 'Дети 15–19 лет, проживающие на территории',
  young_teachers: 'Педагоги — молодые специалисты (стаж 0–3 года)',
  enterprises: 'Предприятия, действующие на территории',
} as const;
export type StatisticMetric = keyof typeof STATISTIC_METRICS;

/** The statistic that is each indicator's denominator; 5 and 6 divide by their respondents. */
export const INDICATOR_METRIC: Record<KpiKey, StatisticMetric | null> = {
  mentees_10_19: 'children_10_19',
  mentors_15_19: 'children_15_19',
  young_teachers_mentored: 'young_teachers',
  enterprises_with_mentors: 'enterprises',
  mentee_satisfaction: null,
  mentor_satisfaction: null,
};

export type ParticipationRole = 'mentor' | 'mentee';

/** Indicators 5 and 6: whose satisfaction each one measures. */
export const SATISFACTION_ROLE: Partial<Record<KpiKey, ParticipationRole>> = {
  mentee_satisfaction: 'mentee',
  mentor_satisfaction: 'mentor',
};
