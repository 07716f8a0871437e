/* Calls of the KPI read API (typed from the OpenAPI document). */
import { api, call } from '$lib/api/client.ts';
import type { IndicatorKey, TerritoryType } from './types.ts';

export interface TerritoryRef {
  type: TerritoryType;
  /** Omitted: the caller's own territory. */
  id?: string;
}

export const loadReport = (t: TerritoryRef, from?: number, to?: number) =>
  call(
    api.GET('/api/kpi', {
      params: { query: { territoryType: t.type, territoryId: t.id, from, to } },
    }),
  );

export const loadRanking = (
  t: TerritoryRef & { type: 'region' | 'municipality' },
  indicator: IndicatorKey,
  year: number,
) =>
  call(
    api.GET('/api/kpi/ranking', {
      params: { query: { territoryType: t.type, territoryId: t.id, indicator, year } },
    }),
  );

export const loadCompleteness = (year: number, municipalityId?: string) =>
  call(api.GET('/api/kpi/completeness', { params: { query: { year, municipalityId } } }));
