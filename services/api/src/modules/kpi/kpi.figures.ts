import {
  kpiFigure,
  kpiStatus,
  responseRate,
  roundShare,
  SATISFACTION_ROLE,
  type KpiKey,
} from '@nastavnik/domain';
import type { FigureView } from './kpi.schemas.ts';

/*
 * One snapshot row + the year's target → what the API sends. The share, the rounding and the
 * status are the domain's rules (packages/domain/src/kpi/shares.ts): the unrounded share decides the
 * status and the «> 100 %» flag; only the rounded value leaves the server, so the UI and the
 * reports never round twice (PostgreSQL's and JavaScript's roundings differ).
 */

export interface SnapshotRow {
  year: number;
  indicator: string;
  numerator: number;
  denominator: number | null;
  participants: number | null;
  /** A Date from the driver (typed loosely by the schema's Generated<Timestamp>). */
  computed_at: unknown;
}

const iso = (d: unknown) => (d ? new Date(d as Date | string).toISOString() : null);

export function figureOf(
  indicator: KpiKey,
  year: number,
  row: SnapshotRow | undefined,
  target: number | null,
): FigureView {
  if (!row) {
    return {
      year,
      numerator: null,
      denominator: null,
      participants: null,
      value: null,
      over100: false,
      target,
      status: kpiStatus(null, target),
      responseRate: null,
      computedAt: null,
    };
  }
  const f = kpiFigure(row.numerator, row.denominator, target);
  const satisfaction = SATISFACTION_ROLE[indicator] !== undefined;
  const rate = satisfaction ? responseRate(row.denominator ?? 0, row.participants) : null;
  return {
    year,
    numerator: row.numerator,
    denominator: row.denominator,
    participants: satisfaction ? row.participants : null,
    value: f.rounded,
    over100: f.flagged,
    target,
    status: f.status,
    responseRate: roundShare(rate),
    computedAt: iso(row.computed_at),
  };
}

/** The latest computed_at of a set of figures (null when none was computed). */
export function latestOf(figures: { computedAt: string | null }[]): string | null {
  let latest: string | null = null;
  for (const f of figures) if (f.computedAt && (!latest || f.computedAt > latest)) latest = f.computedAt;
  return latest;
}

/** Target lookup keyed by "indicator:year" (the region's targets apply to every territory in it). */
export function targetsByKey(rows: { indicator: string; year: number; target: number }[]) {
  const map = new Map<string, number>();
  for (const r of rows) map.set(`${r.indicator}:${r.year}`, Number(r.target));
  return (indicator: string, year: number) => map.get(`${indicator}:${year}`) ?? null;
}
