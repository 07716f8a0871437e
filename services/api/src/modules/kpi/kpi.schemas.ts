import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { KpiKey } from '@nastavnik/domain';
import { Uuid } from '../../lib/schemas.ts';

/*
 * Schemas of the KPI read API. Every figure is derived on read from kpi_snapshots and
 * kpi_targets with the one rounding rule of packages/domain: the API sends the rounded value
 * only (never the raw share), so no client ever rounds a second time.
 */

export const IndicatorKey = Type.Union(
  [
    Type.Literal('mentees_10_19'),
    Type.Literal('mentors_15_19'),
    Type.Literal('young_teachers_mentored'),
    Type.Literal('enterprises_with_mentors'),
    Type.Literal('mentee_satisfaction'),
    Type.Literal('mentor_satisfaction'),
  ],
  { description: 'Indicator key (KPI.md)' },
);
// The literal list above must be exactly the domain's keys, both ways.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const keysMatch: SameKeys<Static<typeof IndicatorKey>, KpiKey> = true;
void keysMatch;
export const TerritoryTypeSchema = Type.Union([
  Type.Literal('region'),
  Type.Literal('municipality'),
  Type.Literal('organisation'),
]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const KpiStatus = Type.Union(
  [
    Type.Literal('met'),
    Type.Literal('at_risk'),
    Type.Literal('behind'),
    Type.Literal('no_target'),
    Type.Literal('no_data'),
  ],
  { description: 'Status against the target, from the unrounded share' },
);

export const Territory = Type.Object(
  {
    type: TerritoryTypeSchema,
    id: Uuid,
    name: Type.String(),
    /** The organisation's full name; for other territories the same as name. */
    fullName: Type.String(),
    /** The municipality an organisation belongs to (the way up); null for the others. */
    municipality: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  },
  { $id: 'KpiTerritory' },
);

export const Figure = Type.Object(
  {
    year: Year,
    /** Null when no snapshot exists for the year. */
    numerator: Nullable(Type.Integer()),
    /** Statistics for 1–4 (null when not entered); respondents for 5–6. */
    denominator: Nullable(Type.Integer()),
    /** 5–6: persons with a participation in that role active in the year. */
    participants: Nullable(Type.Integer()),
    /** Percent, one decimal, rounded half away from zero; null = «нет данных». */
    value: Nullable(Type.Number()),
    /** The share exceeds 100 %: the statistics or the data are wrong. */
    over100: Type.Boolean(),
    target: Nullable(Type.Number()),
    status: KpiStatus,
    /** 5–6: respondents / participants in percent, one decimal; null for 1–4. */
    responseRate: Nullable(Type.Number()),
    computedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'KpiFigure' },
);
export type FigureView = Static<typeof Figure>;

const IndicatorFigures = Type.Object({
  key: IndicatorKey,
  title: Type.String(),
  short: Type.String(),
  figures: Type.Array(Figure),
});

export const KpiQuery = Type.Object(
  {
    territoryType: Type.Optional(TerritoryTypeSchema),
    territoryId: Type.Optional(Uuid),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
  },
  { additionalProperties: false },
);
export const KpiReport = Type.Object(
  {
    territory: Territory,
    from: Year,
    to: Year,
    /** The region's time zone: «Рассчитано: …» is shown in it. */
    timezone: Type.String(),
    /** The latest computed_at among the figures; null when nothing was computed yet. */
    computedAt: Nullable(Type.String({ format: 'date-time' })),
    indicators: Type.Array(IndicatorFigures),
  },
  { $id: 'KpiReport' },
);

export const RankingQuery = Type.Object(
  {
    territoryType: Type.Optional(Type.Union([Type.Literal('region'), Type.Literal('municipality')])),
    territoryId: Type.Optional(Uuid),
    indicator: IndicatorKey,
    year: Type.Optional(Year),
  },
  { additionalProperties: false },
);
const RankingItem = Type.Object({
  id: Uuid,
  name: Type.String(),
  fullName: Type.String(),
  numerator: Nullable(Type.Integer()),
  denominator: Nullable(Type.Integer()),
  participants: Nullable(Type.Integer()),
  value: Nullable(Type.Number()),
  over100: Type.Boolean(),
  status: KpiStatus,
  responseRate: Nullable(Type.Number()),
  computedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const Ranking = Type.Object(
  {
    territory: Territory,
    childType: Type.Union([Type.Literal('municipality'), Type.Literal('organisation')]),
    indicator: IndicatorKey,
    year: Year,
    target: Nullable(Type.Number()),
    /** The territory's own figure, for the comparison line. */
    total: Figure,
    timezone: Type.String(),
    computedAt: Nullable(Type.String({ format: 'date-time' })),
    /** Value descending, territories without a value last, then by name. */
    items: Type.Array(RankingItem),
  },
  { $id: 'KpiRanking' },
);

export const SeriesQuery = Type.Object(
  {
    territoryType: Type.Optional(TerritoryTypeSchema),
    territoryId: Type.Optional(Uuid),
    indicator: IndicatorKey,
  },
  { additionalProperties: false },
);
export const Series = Type.Object(
  {
    territory: Territory,
    indicator: IndicatorKey,
    title: Type.String(),
    from: Year,
    to: Year,
    /** One point per year, from..to: actual against target. */
    points: Type.Array(Figure),
  },
  { $id: 'KpiSeries' },
);

export const CompletenessQuery = Type.Object(
  {
    year: Type.Optional(Year),
    municipalityId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const MissingOrganisation = Type.Object({
  id: Uuid,
  name: Type.String(),
  shortName: Nullable(Type.String()),
  municipalityId: Uuid,
  municipalityName: Type.String(),
});
export const Completeness = Type.Object(
  {
    year: Year,
    municipalityId: Nullable(Uuid),
    /** Organisations of the territory in the directory. */
    total: Type.Integer(),
    withData: Type.Integer(),
    withoutData: Type.Integer(),
    /** Organisations with no participation in the year (numerators all 0, or no snapshot), by name. */
    missing: Type.Array(MissingOrganisation),
  },
  { $id: 'KpiCompleteness' },
);
