/*
 * When a participation counts (KPI.md, "Participation"). A member of a pair or group has the
 * group's dates unless they have their own (a late joiner, an early leaver). Dates are ISO
 * calendar dates ('YYYY-MM-DD'), both ends inclusive, so they compare as strings and no time
 * zone is involved.
 *
 * - draft: counts nowhere;
 * - active / completed: [start, end], an absent end is open;
 * - cancelled: up to the cancellation date, i.e. the end is min(end, cancelled_at); nowhere
 *   if cancelled before the start (cancelling on the start day leaves that one day).
 *   A cancelled pair without a cancellation date (the schema forbids it) counts nowhere.
 * - a period whose end falls before its start (a member whose own start is after the
 *   group's end) counts nowhere.
 *
 * SQL equivalent, for one member row m of pair p:
 *   s = coalesce(m.start_date, p.start_date)
 *   e = CASE WHEN p.status = 'cancelled'
 *            THEN least(coalesce(m.end_date, p.end_date), p.cancelled_at)  -- least ignores NULL
 *            ELSE coalesce(m.end_date, p.end_date) END
 *   counts when p.status <> 'draft' AND (e IS NULL OR e >= s)
 *   active in Y when s <= make_date(Y, 12, 31) AND (e IS NULL OR e >= make_date(Y, 1, 1))
 */

export type PairStatus = 'draft' | 'active' | 'completed' | 'cancelled';

export interface ParticipationDates {
  pairStatus: PairStatus;
  pairStart: string;
  pairEnd: string | null;
  cancelledAt: string | null;
  memberStart?: string | null;
  memberEnd?: string | null;
}

/** A closed interval of calendar dates; end null = still going on. */
export interface Period {
  start: string;
  end: string | null;
}

/** The dates a participation counts for, or null when it counts nowhere. */
export function participationPeriod(p: ParticipationDates): Period | null {
  if (p.pairStatus === 'draft') return null;
  const start = p.memberStart ?? p.pairStart;
  let end = p.memberEnd ?? p.pairEnd;
  if (p.pairStatus === 'cancelled') {
    if (p.cancelledAt == null) return null;
    if (end === null || p.cancelledAt < end) end = p.cancelledAt;
  }
  if (end !== null && end < start) return null;
  return { start, end };
}

/** Whether a period overlaps the calendar year Y. */
export function periodOverlapsYear(period: Period, year: number): boolean {
  const first = `${yearDigits(year)}-01-01`;
  const last = `${yearDigits(year)}-12-31`;
  return period.start <= last && (period.end === null || period.end >= first);
}

/** A participation is active in Y when its counted period overlaps Y. */
export function isActiveInYear(p: ParticipationDates, year: number): boolean {
  const period = participationPeriod(p);
  return period !== null && periodOverlapsYear(period, year);
}

/** The years a participation is active in, within [from, to] (for roll-ups and tests). */
export function activeYears(p: ParticipationDates, from: number, to: number): number[] {
  const years: number[] = [];
  for (let y = from; y <= to; y++) if (isActiveInYear(p, y)) years.push(y);
  return years;
}

// ISO dates have four-digit years; string comparison is only sound if Y is written the same way.
function yearDigits(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`Год вне диапазона: ${year}`);
  return String(year);
}
