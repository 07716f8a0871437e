/* Targets and the region's KPI settings, typed from the OpenAPI document. */
import { api, call } from '$lib/api/client.ts';
import type { operations } from '$lib/api/schema.d.ts';
import type { Parsed } from '../statistics/statistics-api.ts';

type Json<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }>
    ? Body
    : never;

export type TargetsTable = Json<'listTargets', 200>;
export type TargetRow = TargetsTable['items'][number];
export type IndicatorKey = TargetRow['indicator'];
export type RegionSettings = Json<'getRegionSettings', 200>;

export const listTargets = () => call(api.GET('/api/targets'));

export const setTarget = (body: { indicator: IndicatorKey; year: number; target: number | null }) =>
  call(api.PUT('/api/targets', { body }));

export const getSettings = () => call(api.GET('/api/region/settings'));

export const saveSettings = (body: { satisfactionThreshold?: number; timezone?: string }) =>
  call(api.PATCH('/api/region/settings', { body }));

const percent = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

/** «72,5» in the grid; the % sign is in the column header. */
export const formatTarget = (v: number | null) => (v == null ? '' : percent.format(v));
/** While editing: the same with a decimal comma, no grouping. */
export const editTarget = (v: number | null) => (v == null ? '' : String(v).replace('.', ','));

/** A percent as typed: «72», «72,5» or «72.5»; empty removes the target. */
export function parseTarget(text: string): Parsed {
  const compact = text.replace(/[\s\u00a0%]/g, '').replace(',', '.');
  if (compact === '') return { value: null };
  if (!/^\d{1,3}(\.\d+)?$/.test(compact)) return { error: 'Число от 0 до 100, например 72,5' };
  const value = Number(compact);
  if (value > 100) return { error: 'Не больше 100 %' };
  if (!/^\d{1,3}(\.\d)?$/.test(compact)) return { error: 'Не больше одного знака после запятой' };
  return { value };
}
