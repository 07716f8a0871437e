/*
 * Shapes of the KPI read API, derived from the generated OpenAPI types (no hand-written
 * duplicates): a change in the API's schemas shows up here as a type error.
 */
import type { components, operations } from '../api/schema.d.ts';

type Json<Op extends keyof operations> =
  operations[Op]['responses'] extends Record<200, { content: { 'application/json': infer Body } }>
    ? Body
    : never;

export type KpiReport = Json<'getKpiReport'>;
export type KpiRanking = Json<'getKpiRanking'>;
export type KpiSeries = Json<'getKpiSeries'>;
export type KpiCompleteness = Json<'getKpiCompleteness'>;
export type KpiFigure = components['schemas']['KpiFigure'];
export type KpiTerritory = components['schemas']['KpiTerritory'];
export type KpiIndicator = KpiReport['indicators'][number];
export type IndicatorKey = KpiIndicator['key'];
export type KpiStatus = KpiFigure['status'];
export type RankingItem = KpiRanking['items'][number];
export type TerritoryType = KpiTerritory['type'];

/** One year of a sparkline: the value and the target (null: no value / no target). */
export interface SparkPoint {
  year: number;
  value: number | null;
  target: number | null;
}
