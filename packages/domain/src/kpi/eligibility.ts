import type { PersonCategoryCode } from '../categories.ts';

/*
 * Who counts for indicators 1–3 in a year Y (KPI.md, "Terms"). Only years matter: the age in
 * Y is the age the person reaches during Y, and a young specialist is one whose pedagogical
 * career started at most three years before Y. A missing birth year or career start year
 * means "not counted" (the organisation's page lists it as a data problem), never an error.
 */

/** Indicator 1: обучающиеся aged 10–19 in Y (inclusive). */
export const MENTEE_CHILD_AGE = { min: 10, max: 19 } as const;
/** Indicator 2: обучающиеся aged 15–19 in Y (inclusive). */
export const MENTOR_CHILD_AGE = { min: 15, max: 19 } as const;
/** Indicator 3: a young specialist has 0 to 3 years of pedagogical experience in Y. */
export const YOUNG_SPECIALIST_MAX_YEARS = 3;

/** The only category that counts as a child for indicators 1 and 2. */
export const CHILD_CATEGORY: PersonCategoryCode = 'student';
/** The only category that can be a young specialist (indicator 3). */
export const TEACHER_CATEGORY: PersonCategoryCode = 'teacher';

/** Age in Y = Y − birth year; null when the birth year is unknown. */
export function ageInYear(birthYear: number | null | undefined, year: number): number | null {
  return birthYear == null ? null : year - birthYear;
}

export interface AgedPerson {
  category: PersonCategoryCode | string;
  birthYear: number | null | undefined;
}

function childAgedIn(person: AgedPerson, year: number, range: { min: number; max: number }): boolean {
  if (person.category !== CHILD_CATEGORY) return false;
  const age = ageInYear(person.birthYear, year);
  return age !== null && age >= range.min && age <= range.max;
}

/** Indicator 1's person rule: an обучающийся aged 10–19 in Y (the participation is checked apart). */
export function isChildMenteeInYear(person: AgedPerson, year: number): boolean {
  return childAgedIn(person, year, MENTEE_CHILD_AGE);
}

/** Indicator 2's person rule: an обучающийся aged 15–19 in Y. */
export function isChildMentorInYear(person: AgedPerson, year: number): boolean {
  return childAgedIn(person, year, MENTOR_CHILD_AGE);
}

export interface TeacherLike {
  category: PersonCategoryCode | string;
  careerStartYear: number | null | undefined;
}

/** Indicator 3's person rule: a педагог whose career started in S with 0 ≤ Y − S ≤ 3. */
export function isYoungSpecialistInYear(person: TeacherLike, year: number): boolean {
  if (person.category !== TEACHER_CATEGORY || person.careerStartYear == null) return false;
  const years = year - person.careerStartYear;
  return years >= 0 && years <= YOUNG_SPECIALIST_MAX_YEARS;
}

/**
 * The identity a person is counted by in every territory: the regional pseudonymous key
 * (KPI.md, "Person identity"). A person without a key (no birth date or no name, so no key
 * could be made) can't be matched with anyone and counts as themself, by row id; the prefix
 * keeps the two spaces apart. SQL equivalent: coalesce(person_key, 'person:' || id).
 */
export function personIdentity(personKey: string | null | undefined, personId: string): string {
  return personKey ?? `person:${personId}`;
}
