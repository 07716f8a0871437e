/*
 * The fixed calendar of the demo region and the two sizes it comes in. Dates are tied to
 * these years, never to the clock, so a seed always gives the same data.
 */

export const FIRST_SCHOOL_YEAR = 2020;
/** The school year the demo treats as current (2025/2026): its pairs are active or drafts. */
export const CURRENT_SCHOOL_YEAR = 2025;
export const SCHOOL_YEARS = Array.from(
  { length: CURRENT_SCHOOL_YEAR - FIRST_SCHOOL_YEAR + 1 },
  (_, i) => FIRST_SCHOOL_YEAR + i,
);
/** Calendar years the statistics and targets cover. */
export const STATISTIC_YEARS = SCHOOL_YEARS;
/** The last day the demo's records reach (mid-year surveys of the current school year). */
export const DEMO_TODAY = `${CURRENT_SCHOOL_YEAR}-11-28`;

export const DEFAULT_SEED = 2025;

/** «2023/2024» */
export function schoolYearTitle(year: number): string {
  return `${year}/${year + 1}`;
}

export interface ScalePlan {
  municipalities: number;
  organisations: number;
  enterprises: number;
  /** Persons in all organisations together, the people recorded twice included. */
  persons: number;
  /** Humans recorded in two organisations (the same person key twice). */
  sharedIdentities: number;
  /** Organisations generated and written together; bounds memory at the large scale. */
  organisationsPerBatch: number;
}

export const SCALES = {
  demo: {
    municipalities: 12,
    organisations: 150,
    enterprises: 25,
    persons: 9_000,
    sharedIdentities: 12,
    organisationsPerBatch: 150,
  },
  large: {
    municipalities: 40,
    organisations: 3_000,
    enterprises: 500,
    persons: 1_000_000,
    sharedIdentities: 1_200,
    organisationsPerBatch: 50,
  },
} as const satisfies Record<string, ScalePlan>;

export type ScaleName = keyof typeof SCALES;
