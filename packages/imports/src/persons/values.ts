import type { PersonCategoryCode } from '@nastavnik/domain';
import type { GivenBy } from './parse.ts';

/*
 * A validated row as the database will hold it (column names as in the persons and
 * consents tables). `undefined` means the file says nothing (an empty cell or a column the
 * file lacks): a merge keeps what the base has. `null` is said explicitly; only the two
 * halves of an age range («от 10» has no upper bound) use it.
 */
export interface PersonValues {
  last_name: string;
  first_name: string;
  middle_name?: string;
  birth_date?: string;
  category: PersonCategoryCode;
  class_name?: string;
  snils?: string;
  phone?: string;
  email?: string;
  workplace?: string;
  position?: string;
  enterprise_id?: string;
  career_start_year?: number;
  competences?: string;
  life_experience?: string;
  interests?: string;
  preferred_age_min?: number | null;
  preferred_age_max?: number | null;
  time_resource_hours?: number;
  request_id?: string;
  request_details?: string;
}

export interface ConsentValues {
  given_by: GivenBy;
  representative_name: string | null;
  representative_relation: string | null;
  given_at: string;
  version_id: string;
}

export interface ValidRow {
  row: number;
  person: PersonValues;
  consent: ConsentValues;
  /** normaliseFullName of «Фамилия Имя Отчество». */
  nameKey: string;
  /** The regional pseudonymous key; null without a birth date. */
  personKey: string | null;
  snilsDigits: string | null;
}

/** Person columns a merge may change, in the order the report lists changes. */
export const MERGE_FIELDS = [
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'category',
  'class_name',
  'snils',
  'phone',
  'email',
  'workplace',
  'position',
  'enterprise_id',
  'career_start_year',
  'competences',
  'life_experience',
  'interests',
  'preferred_age_min',
  'preferred_age_max',
  'time_resource_hours',
  'request_id',
  'request_details',
] as const satisfies readonly (keyof PersonValues)[];
export type MergeField = (typeof MERGE_FIELDS)[number];
