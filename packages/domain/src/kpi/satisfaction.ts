import type { ParticipationRole } from './indicators.ts';

/*
 * Indicators 5 and 6 (KPI.md, "Satisfaction"). For each person (by identity key) and role
 * the latest response submitted in Y counts, Y being the calendar year in the region's time
 * zone; it counts in a territory only if that person had a participation in that role active
 * in Y there. "Latest" is over all the region's responses of that person and role, wherever
 * they were recorded: so a person's verdict is the same in every territory they take part
 * in, and a territory's figures never exceed the sum of its children's.
 */

export const DEFAULT_SATISFACTION_THRESHOLD = 7;
export const DEFAULT_REGION_TIME_ZONE = 'Europe/Moscow';

const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar year of an instant in a time zone (IANA name), e.g. 2024-12-31T22:00Z in Moscow → 2025. */
export function yearInTimeZone(instant: Date | string, timeZone: string): number {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Неверная дата: ${String(instant)}`);
  let format = yearFormats.get(timeZone);
  if (!format) {
    // Throws a RangeError for an unknown time zone: a misconfigured region must not pass silently.
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return Number(format.formatToParts(date).find((p) => p.type === 'year')?.value);
}

/** The overall-satisfaction item (1–10) at or above the region's threshold. */
export function isSatisfied(overallScore: number, threshold = DEFAULT_SATISFACTION_THRESHOLD): boolean {
  return overallScore >= threshold;
}

export interface KeyedResponse {
  /** The person's identity key (personIdentity). */
  key: string;
  role: ParticipationRole;
  submittedAt: Date | string;
  overallScore: number;
}

/** Map key for one person in one role. */
export function responderKey(key: string, role: ParticipationRole): string {
  return `${role}|${key}`;
}

/**
 * The latest response submitted in Y per person and role, keyed by responderKey. Two
 * responses at the same instant: the higher score wins, so the choice does not depend on the
 * rows' order (SQL: ORDER BY submitted_at DESC, overall_score DESC).
 */
export function latestResponsesInYear<R extends KeyedResponse>(
  responses: Iterable<R>,
  year: number,
  timeZone: string,
): Map<string, R> {
  const latest = new Map<string, R>();
  for (const r of responses) {
    if (yearInTimeZone(r.submittedAt, timeZone) !== year) continue;
    const k = responderKey(r.key, r.role);
    const current = latest.get(k);
    if (!current || isLater(r, current)) latest.set(k, r);
  }
  return latest;
}

function isLater(a: KeyedResponse, b: KeyedResponse): boolean {
  const ta = new Date(a.submittedAt).getTime();
  const tb = new Date(b.submittedAt).getTime();
  return ta > tb || (ta === tb && a.overallScore > b.overallScore);
}

export interface SatisfactionCounts {
  /** Respondents whose latest response is at or above the threshold (numerator). */
  satisfied: number;
  /** Participants who responded in Y (denominator). */
  respondents: number;
  /** Persons with a participation in the role active in Y (for the response rate). */
  participants: number;
}

/**
 * Indicators 5/6 in one territory and year: `participants` are the identity keys with a
 * participation in `role` active in Y in the territory; `latest` is latestResponsesInYear
 * over the whole region.
 */
export function satisfactionCounts(
  participants: ReadonlySet<string>,
  role: ParticipationRole,
  latest: ReadonlyMap<string, KeyedResponse>,
  threshold = DEFAULT_SATISFACTION_THRESHOLD,
): SatisfactionCounts {
  let satisfied = 0;
  let respondents = 0;
  for (const key of participants) {
    const response = latest.get(responderKey(key, role));
    if (!response) continue;
    respondents++;
    if (isSatisfied(response.overallScore, threshold)) satisfied++;
  }
  return { satisfied, respondents, participants: participants.size };
}
