import type { PersonCategory, PersonsTable } from '@nastavnik/db';
import { formatSnils, normalisePhone, type PersonField } from '@nastavnik/domain';

/*
 * The person fields as the API names them (camelCase, the keys of PERSON_FIELD_CATEGORY in
 * packages/domain) and as the persons table names them. Pure: shared by the persons routes
 * and by anything else that reads or writes a person (imports, exports).
 */

/** API field → column. Every field the domain assigns a data category, and nothing else. */
export const PERSON_COLUMNS = {
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: 'middle_name',
  category: 'category',
  birthDate: 'birth_date',
  email: 'email',
  phone: 'phone',
  snils: 'snils',
  className: 'class_name',
  enterpriseId: 'enterprise_id',
  workplace: 'workplace',
  position: 'position',
  careerStartYear: 'career_start_year',
  competences: 'competences',
  lifeExperience: 'life_experience',
  interests: 'interests',
  preferredAgeMin: 'preferred_age_min',
  preferredAgeMax: 'preferred_age_max',
  timeResourceHours: 'time_resource_hours',
  requestId: 'request_id',
  requestDetails: 'request_details',
} as const satisfies Record<PersonField, keyof PersonsTable>;

export type PersonColumn = (typeof PERSON_COLUMNS)[PersonField];
export const PERSON_FIELDS = Object.keys(PERSON_COLUMNS) as PersonField[];

/** Russian field names for messages and documents («Фамилия: обязательное поле»). */
export const PERSON_FIELD_LABELS: Record<PersonField, string> = {
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  category: 'Категория',
  birthDate: 'Дата рождения',
  email: 'Электронная почта',
  phone: 'Телефон',
  snils: 'СНИЛС',
  className: 'Класс, группа',
  enterpriseId: 'Предприятие',
  workplace: 'Место работы',
  position: 'Должность',
  careerStartYear: 'Год начала педагогической деятельности',
  competences: 'Компетенции',
  lifeExperience: 'Жизненный опыт',
  interests: 'Интересы',
  preferredAgeMin: 'Предпочтительный возраст наставляемого: от',
  preferredAgeMax: 'Предпочтительный возраст наставляемого: до',
  timeResourceHours: 'Ресурс времени, часов в месяц',
  requestId: 'Запрос',
  requestDetails: 'Запрос: подробности',
};

/** A person's fields with their API types; null where nothing is recorded. */
export interface PersonValues {
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  category: PersonCategory;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  snils: string | null;
  className: string | null;
  enterpriseId: string | null;
  workplace: string | null;
  position: string | null;
  careerStartYear: number | null;
  competences: string | null;
  lifeExperience: string | null;
  interests: string | null;
  preferredAgeMin: number | null;
  preferredAgeMax: number | null;
  timeResourceHours: number | null;
  requestId: string | null;
  requestDetails: string | null;
}

type PersonRow = Pick<PersonsTable, PersonColumn>;

/** Reads the fields off a persons row. */
export function fromPersonRow(row: PersonRow): PersonValues {
  const out = {} as Record<PersonField, unknown>;
  for (const field of PERSON_FIELDS) out[field] = row[PERSON_COLUMNS[field]] ?? null;
  return out as unknown as PersonValues;
}

/** The columns to write for the fields given (absent fields are left out, not cleared). */
export function toPersonColumns(values: Partial<PersonValues>): Partial<PersonRow> {
  const out: Record<string, unknown> = {};
  for (const field of PERSON_FIELDS) {
    if (values[field] !== undefined) out[PERSON_COLUMNS[field]] = values[field];
  }
  return out as Partial<PersonRow>;
}

/** Free-text fields whose line breaks are kept (the rest are one line: spaces collapse). */
const MULTILINE = new Set<string>(['competences', 'lifeExperience', 'interests', 'requestDetails']);

/**
 * Cleans what a person typed: trims text (one-line fields also collapse their spaces), turns empty text into null, lower-cases e-mail,
 * writes a valid SNILS as 'XXX-XXX-XXX YY' and a Russian phone as '+7XXXXXXXXXX'. Values
 * that are not valid are kept as typed, so validation can name them.
 */
export function normalisePersonValues<T extends Partial<Record<PersonField, unknown>>>(values: T): T {
  const out: Record<string, unknown> = { ...values };
  for (const [field, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    const text = MULTILINE.has(field) ? value.trim() : value.replace(/\s+/g, ' ').trim();
    out[field] = text === '' ? null : text;
  }
  if (typeof out.email === 'string') out.email = out.email.toLowerCase();
  if (typeof out.snils === 'string') out.snils = formatSnils(out.snils) ?? out.snils;
  if (typeof out.phone === 'string') out.phone = normalisePhone(out.phone) ?? out.phone;
  return out as T;
}

/** The values of personal fields that hold something (for the consent coverage check). */
export function filledFields(
  values: Partial<Record<PersonField, unknown>>,
): Partial<Record<PersonField, unknown>> {
  const out: Partial<Record<PersonField, unknown>> = {};
  for (const field of PERSON_FIELDS) {
    const v = values[field];
    if (v !== undefined && v !== null && v !== '') out[field] = v;
  }
  return out;
}
