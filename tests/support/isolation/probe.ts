import type { Fixtures } from '../fixtures.ts';
import type { Actor } from './actors.ts';

/** One request of the isolation suite, and what may come back. */
export interface Probe {
  label: string;
  /** Concrete path with query string. */
  url: string;
  body?: unknown;
  cookies?: Record<string, string>;
  /** A CSV file sent as multipart/form-data (imports). */
  csv?: string;
  /** Statuses allowed once the caller passed the role gate. Never a 5xx. */
  allow: number[];
  /** A 400 must name this field. */
  field?: string;
  /** A 200 list answer must be empty (the foreign filter matches nothing). */
  emptyList?: boolean;
  /** An allowed answer must contain these: a list its own rows (the filter is real), an error its reason. */
  mustContain?: string[];
  /** Values this probe sends itself, which an error may quote back without leaking anything. */
  echo?: string[];
}

export type Coverage = (a: Actor, fx: Fixtures) => Probe[];

export const MADE_UP_TOKEN = 'made-up-one-time-token-0123456789abcdefghij';
export const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
