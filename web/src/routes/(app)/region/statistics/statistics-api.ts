/*
 * Statistics calls and shapes, typed from the OpenAPI document. The import goes through
 * authorizedFetch (multipart upload), the template is a binary download.
 */
import { api, authorizedFetch, call } from '$lib/api/client.ts';
import { ApiError, toApiError } from '$lib/api/errors.ts';
import type { operations } from '$lib/api/schema.d.ts';
import { downloadFile } from '$lib/persons/download.ts';

type Json<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }>
    ? Body
    : never;

export type StatisticsTable = Json<'listStatistics', 200>;
export type StatisticsRow = StatisticsTable['items'][number];
export type MetricKey = StatisticsTable['metrics'][number]['key'];
export type StatisticCell = Json<'setStatistic', 200>;
export type StatisticsImportReport = Json<'importStatistics', 200>;
type ImportErrorReply = Json<'importStatistics', 400>;

export const listStatistics = (year: number, territoryType?: 'organisation') =>
  call(api.GET('/api/statistics', { params: { query: { year, territoryType } } }));

export const setStatistic = (body: {
  year: number;
  territoryType: 'region' | 'municipality';
  territoryId: string;
  metric: MetricKey;
  value: number | null;
}) => call(api.PUT('/api/statistics', { body }));

/** A rejected apply carries the report with the row errors. */
export class StatisticsImportRejected extends ApiError {
  constructor(
    base: ApiError,
    readonly report: StatisticsImportReport | undefined,
  ) {
    super(base.status, base.code, base.message, base.fields);
  }
}

export async function importStatistics(file: File, apply: boolean): Promise<StatisticsImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await authorizedFetch(`/api/statistics/import?apply=${apply}`, {
    method: 'POST',
    body: form,
  });
  if (response.ok) return (await response.json()) as StatisticsImportReport;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status will do.
  }
  throw new StatisticsImportRejected(
    toApiError(response.status, body),
    (body as ImportErrorReply | null)?.report,
  );
}

export const downloadStatisticsTemplate = (year: number) =>
  downloadFile(`/api/statistics/template?year=${year}`, `statistics-${year}.xlsx`);

/** The year to open: the current one, within the years statistics are kept for. */
export function currentYear(first = 2020, last = 2030): number {
  return Math.min(last, Math.max(first, new Date().getFullYear()));
}

/**
 * A count as typed: «52 000», «52000» are fine; empty means «not entered». Returns the
 * number, null for empty, or a Russian message.
 */
export type Parsed = { value: number | null } | { error: string };

export function parseCount(text: string): Parsed {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { value: null };
  if (!/^\d+$/.test(compact)) return { error: 'Целое неотрицательное число, например 1 250' };
  const value = Number(compact);
  if (value > 100_000_000) return { error: 'Не больше 100 000 000' };
  return { value };
}

const numberFormat = new Intl.NumberFormat('ru-RU');
export const formatCount = (n: number | null | undefined) => (n == null ? '' : numberFormat.format(n));
