/*
 * The dashboard's choices live in the URL (?year=2024&indicator=…), so a link can be shared
 * and the back button keeps them. Changes replace the current history entry (shallow).
 */
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { KPI_INDICATORS } from '@nastavnik/domain';
import type { IndicatorKey } from './types.ts';

export function yearParam(): number | null {
  const y = Number(page.url.searchParams.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
}

export function indicatorParam(): IndicatorKey | null {
  const key = page.url.searchParams.get('indicator');
  return (KPI_INDICATORS.find((i) => i.key === key)?.key as IndicatorKey | undefined) ?? null;
}

export function setParams(params: Record<string, string | number | null>): void {
  const url = new URL(page.url);
  for (const [k, v] of Object.entries(params)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  // The page's own URL with other query parameters: nothing to resolve.
  // eslint-disable-next-line svelte/no-navigation-without-resolve
  replaceState(url, page.state);
}

/** The year to open on: the latest with any value, else the latest computed, else the last. */
export function defaultYear(report: {
  to: number;
  indicators: { figures: { year: number; value: number | null; computedAt: string | null }[] }[];
}): number {
  const figures = report.indicators.flatMap((i) => i.figures);
  const latest = (pick: (f: (typeof figures)[number]) => boolean) =>
    Math.max(-Infinity, ...figures.filter(pick).map((f) => f.year));
  const withValue = latest((f) => f.value !== null);
  if (Number.isFinite(withValue)) return withValue;
  const computed = latest((f) => f.computedAt !== null);
  return Number.isFinite(computed) ? computed : report.to;
}

/** Appends the dashboard's year (and indicator) to a resolved path, for drill-down links. */
export function withChoices(path: string, year: number | null, indicator?: IndicatorKey | null): string {
  const q = new URLSearchParams();
  if (year !== null) q.set('year', String(year));
  if (indicator) q.set('indicator', indicator);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
