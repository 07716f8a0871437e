import { Type, type Static } from '@sinclair/typebox';
import type { KpiKey, StatisticMetric } from '@nastavnik/domain';
import { ErrorBody, Uuid } from '../../lib/schemas.ts';
import { ImportRowError } from '../imports/imports.schemas.ts';
import { FIRST_YEAR, LAST_YEAR, MAX_VALUE, METRIC_KEYS, ORGANISATION_METRICS } from './metrics.ts';

/* Schemas of statistics (denominators), targets and an organisation's own counts. */

export const Year = Type.Integer({ minimum: FIRST_YEAR, maximum: LAST_YEAR });
// Spelled out: the type provider types a union of literals, not a computed list of them.
export const MetricKey = Type.Union([
  Type.Literal('children_10_19'),
  Type.Literal('children_15_19'),
  Type.Literal('young_teachers'),
  Type.Literal('enterprises'),
]);
const Count = Type.Integer({ minimum: 0, maximum: MAX_VALUE });
/** A count, or null: not entered (in a request: delete what was entered). */
export const NullableCount = Type.Union([Count, Type.Null()]);
const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const Metric = Type.Object({
  key: MetricKey,
  label: Type.String(),
  short: Type.String(),
});

const MetricValues = Type.Object(
  Object.fromEntries(METRIC_KEYS.map((k) => [k, NullableCount])) as Record<
    (typeof METRIC_KEYS)[number],
    typeof NullableCount
  >,
);

// ---- statistics of the region and its municipalities ----

export const StatisticsQuery = Type.Object(
  {
    year: Year,
    territoryType: Type.Optional(
      Type.Union([Type.Literal('region'), Type.Literal('municipality'), Type.Literal('organisation')], {
        description:
          'Без параметра — регион и его муниципалитеты; organisation — численность, внесённая организациями (только чтение)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const StatisticsRow = Type.Object({
  territoryType: Type.Union([
    Type.Literal('region'),
    Type.Literal('municipality'),
    Type.Literal('organisation'),
  ]),
  territoryId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  oktmo: Type.Union([Type.String(), Type.Null()]),
  /** The municipality an organisation belongs to (null for the region and municipalities). */
  municipalityName: Type.Union([Type.String(), Type.Null()]),
  /** The region admin edits the region's and municipalities' figures, not an organisation's. */
  editable: Type.Boolean(),
  values: MetricValues,
  updatedAt: Timestamp,
});

export const StatisticsTable = Type.Object(
  {
    year: Type.Integer(),
    years: Type.Object({ first: Type.Integer(), last: Type.Integer() }),
    /** Years with at least one figure entered for these territories. */
    yearsWithData: Type.Array(Type.Integer()),
    metrics: Type.Array(Metric),
    items: Type.Array(StatisticsRow),
  },
  { $id: 'StatisticsTable' },
);

export const StatisticBody = Type.Object(
  {
    year: Year,
    territoryType: Type.Union([Type.Literal('region'), Type.Literal('municipality')]),
    territoryId: Uuid,
    metric: MetricKey,
    value: NullableCount,
  },
  { additionalProperties: false },
);

export const StatisticCell = Type.Object({
  territoryType: Type.Union([Type.Literal('region'), Type.Literal('municipality')]),
  territoryId: Type.String({ format: 'uuid' }),
  year: Type.Integer(),
  metric: MetricKey,
  value: NullableCount,
  updatedAt: Timestamp,
});

// ---- import ----

export const StatisticsImportQuery = Type.Object(
  {
    apply: Type.Optional(
      Type.Boolean({ default: false, description: 'false — только проверка (ничего не записывается)' }),
    ),
  },
  { additionalProperties: false },
);

export const StatisticsImportReport = Type.Object(
  {
    fileName: Type.String(),
    totalRows: Type.Integer(),
    validRows: Type.Integer(),
    errors: Type.Array(ImportRowError, { description: 'Не больше 1000 первых ошибок' }),
    errorCount: Type.Integer(),
    ignoredColumns: Type.Array(Type.String()),
    applied: Type.Boolean(),
    created: Type.Integer({ description: 'Значений внесено впервые (при applied = false — будет внесено)' }),
    updated: Type.Integer({ description: 'Значений изменено' }),
    skipped: Type.Integer({ description: 'Значений, которые уже такие же' }),
  },
  { $id: 'StatisticsImportReport' },
);

export const StatisticsImportErrorBody = Type.Composite([
  ErrorBody,
  Type.Object({ report: Type.Optional(StatisticsImportReport) }),
]);

export const TemplateQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });

// ---- targets ----

export const IndicatorKey = Type.Union([
  Type.Literal('mentees_10_19'),
  Type.Literal('mentors_15_19'),
  Type.Literal('young_teachers_mentored'),
  Type.Literal('enterprises_with_mentors'),
  Type.Literal('mentee_satisfaction'),
  Type.Literal('mentor_satisfaction'),
]);

export const TargetCell = Type.Object({
  year: Type.Integer(),
  /** Percent with one decimal; null: no target set for the year. */
  target: Type.Union([Type.Number(), Type.Null()]),
  /** 2020–2024 come preset from the seed's table. */
  preset: Type.Boolean(),
  /** The preset value (null for later years). */
  defaultTarget: Type.Union([Type.Number(), Type.Null()]),
});

export const TargetsTable = Type.Object(
  {
    years: Type.Array(Type.Integer()),
    presetYears: Type.Array(Type.Integer()),
    items: Type.Array(
      Type.Object({
        indicator: IndicatorKey,
        title: Type.String(),
        short: Type.String(),
        cells: Type.Array(TargetCell),
      }),
    ),
  },
  { $id: 'TargetsTable' },
);

export const TargetBody = Type.Object(
  {
    indicator: IndicatorKey,
    year: Year,
    target: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const TargetSaved = Type.Composite([Type.Object({ indicator: IndicatorKey }), TargetCell]);

// The spelled-out unions stay in step with packages/domain: a key added there fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: [Same<Static<typeof MetricKey>, StatisticMetric>, Same<Static<typeof IndicatorKey>, KpiKey>] = [
  true,
  true,
];
void inStep;

// ---- an organisation's own counts ----

export const OrganisationCountsQuery = Type.Object({ year: Year }, { additionalProperties: false });

const OrganisationValues = Type.Object(
  Object.fromEntries(ORGANISATION_METRICS.map((k) => [k, NullableCount])) as Record<
    (typeof ORGANISATION_METRICS)[number],
    typeof NullableCount
  >,
);

export const OrganisationCounts = Type.Object(
  {
    year: Type.Integer(),
    organisationId: Type.String({ format: 'uuid' }),
    /** The curator enters the counts; the head reads them. */
    editable: Type.Boolean(),
    metrics: Type.Array(Metric),
    values: OrganisationValues,
    updatedAt: Timestamp,
  },
  { $id: 'OrganisationCounts' },
);

export const OrganisationCountsBody = Type.Object(
  {
    year: Year,
    /** Only the metrics given change; null deletes. `enterprises` is refused with a reason. */
    values: Type.Object(
      {
        children_10_19: Type.Optional(NullableCount),
        children_15_19: Type.Optional(NullableCount),
        young_teachers: Type.Optional(NullableCount),
        enterprises: Type.Optional(NullableCount),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
