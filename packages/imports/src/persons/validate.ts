import {
  consentProblems,
  emailError,
  formatSnils,
  normaliseFullName,
  notCoveredMessage,
  snilsError,
  uncoveredFields,
  type DataCategory,
  type PersonField,
} from '@nastavnik/domain';
import { personKey } from '@nastavnik/db';
import { REQUIRED, textCell } from '../cells.ts';
import type { LocatedTable } from '../columns.ts';
import { RowErrors } from '../report.ts';
import { PERSON_COLUMNS, type PersonColumnKey } from './columns.ts';
import type { ImportReferences } from './context.ts';
import {
  CATEGORY_HINT,
  categoryOf,
  givenByOf,
  normalisePhone,
  parseAgeRange,
  parseHours,
  parseYear,
  phoneError,
} from './parse.ts';
import {
  dateCell,
  enterpriseCell,
  nameCells,
  parsedCell,
  requestCell,
  versionCell,
  type Rec,
} from './row-cells.ts';
import type { ConsentValues, PersonValues, ValidRow } from './values.ts';

type Key = PersonColumnKey;
const LONG_TEXT = 2000;

export interface ValidateOptions {
  personKeySecret: string;
  /** Today as 'YYYY-MM-DD' (consents cannot be dated later, nor people born later). */
  today: string;
  /** Called every `progressEvery` rows with the number of rows checked so far. */
  onProgress?: (checked: number) => Promise<void>;
  progressEvery?: number;
}

/**
 * Checks every row and reports every problem (row, column as titled in the file, message);
 * rows without errors come back as values ready to write. Also finds rows that repeat an
 * earlier row of the file (same full name and birth date, or same SNILS).
 */
export async function validateRows(
  table: LocatedTable<Key>,
  refs: ImportReferences,
  options: ValidateOptions,
): Promise<{ rows: ValidRow[]; errors: RowErrors<Key> }> {
  const errors = new RowErrors<Key>(table, { byColumn: true });
  const rows: ValidRow[] = [];
  const firstByIdentity = new Map<string, number>();
  const firstBySnils = new Map<string, number>();
  const every = options.progressEvery ?? 5000;
  for (const [i, record] of table.records.entries()) {
    if (options.onProgress && i > 0 && i % every === 0) await options.onProgress(i);
    const valid = validateRecord(record, table.present, refs, errors, options);
    if (!valid) continue;
    const identity = `${valid.nameKey}|${valid.person.birth_date ?? ''}`;
    const sameIdentity = firstByIdentity.get(identity);
    if (sameIdentity !== undefined) {
      errors.add(
        valid.row,
        nameColumn(table.present),
        `Повтор строки ${sameIdentity}: те же ФИО и дата рождения`,
      );
    } else firstByIdentity.set(identity, valid.row);
    if (valid.snilsDigits) {
      const sameSnils = firstBySnils.get(valid.snilsDigits);
      if (sameSnils !== undefined) errors.add(valid.row, 'snils', `Повтор строки ${sameSnils}: тот же СНИЛС`);
      else firstBySnils.set(valid.snilsDigits, valid.row);
    }
    if (!errors.has(valid.row)) rows.push(valid);
  }
  if (options.onProgress) await options.onProgress(table.records.length);
  return { rows, errors };
}

const nameColumn = (present: Set<Key>): Key =>
  present.has('lastName') || !present.has('fullName') ? 'lastName' : 'fullName';

function validateRecord(
  record: Rec,
  present: Set<Key>,
  refs: ImportReferences,
  errors: RowErrors<Key>,
  options: ValidateOptions,
): ValidRow | null {
  const { row, values: v } = record;
  const name = nameCells(errors, record, present);
  const category = v.category ? categoryOf(v.category) : null;
  if (!v.category) errors.add(row, 'category', REQUIRED);
  else if (!category) errors.add(row, 'category', `Неизвестная категория «${v.category}»: ${CATEGORY_HINT}`);
  const birthDate = dateCell(errors, record, 'birthDate');
  if (birthDate && birthDate > options.today) errors.add(row, 'birthDate', 'Дата рождения в будущем');
  if (!v.birthDate && category === 'student') {
    errors.add(row, 'birthDate', 'Для обучающегося дата рождения обязательна');
  }
  const text = (key: Key, max: number) =>
    textCell(errors, record, key, { required: false, max }) ?? undefined;
  const person: Omit<PersonValues, 'last_name' | 'first_name' | 'category'> = {
    middle_name: name?.middle,
    birth_date: birthDate,
    class_name: text('className', 50),
    phone: text('phone', 50),
    workplace: text('workplace', 300),
    position: text('position', 200),
    competences: text('competences', LONG_TEXT),
    life_experience: text('lifeExperience', LONG_TEXT),
    interests: text('interests', LONG_TEXT),
    request_details: text('requestDetails', LONG_TEXT),
    enterprise_id: enterpriseCell(errors, record, refs)?.id,
    request_id: requestCell(errors, record, refs)?.id,
    career_start_year: parsedCell(errors, record, 'careerStartYear', (t) =>
      parseYear(t, 1940, Number(options.today.slice(0, 4))),
    ),
    time_resource_hours: parsedCell(errors, record, 'timeResource', parseHours),
  };
  const age = parsedCell(errors, record, 'preferredAge', parseAgeRange);
  if (age) [person.preferred_age_min, person.preferred_age_max] = [age.min, age.max];
  if (person.phone) {
    const problem = phoneError(person.phone);
    if (problem) errors.add(row, 'phone', problem);
    else person.phone = normalisePhone(person.phone);
  }
  const email = text('email', 254)
    ?.replace(/^mailto:/i, '')
    .toLowerCase();
  if (email && emailError(email)) errors.add(row, 'email', `${emailError(email)}: «${v.email}»`);
  else person.email = email;
  let snilsDigits: string | null = null;
  if (v.snils) {
    const problem = snilsError(v.snils);
    if (problem) errors.add(row, 'snils', `${problem}: «${v.snils}»`);
    else {
      person.snils = formatSnils(v.snils)!;
      snilsDigits = person.snils.replace(/\D/g, '');
    }
  }
  const consent = consentCells(record, refs, errors, birthDate, options.today);
  if (!name || !category || !consent) return null;
  const values: PersonValues = { last_name: name.last, first_name: name.first, category, ...person };
  checkCoverage(record, present, values, consent.categories, errors);
  if (errors.has(row)) return null;
  const fullName = [name.last, name.first, name.middle].filter(Boolean).join(' ');
  return {
    row,
    person: values,
    consent: consent.values,
    nameKey: normaliseFullName(fullName),
    personKey: birthDate ? personKey(options.personKeySecret, fullName, birthDate) : null,
    snilsDigits,
  };
}

/** The row's consent (152-ФЗ): a date, who gave it, the representative of a minor, the text version. */
function consentCells(
  record: Rec,
  refs: ImportReferences,
  errors: RowErrors<Key>,
  birthDate: string | undefined,
  today: string,
): { values: ConsentValues; categories: readonly DataCategory[] } | null {
  const { row, values: v } = record;
  if (!v.consentDate) {
    errors.add(row, 'consentDate', 'Нет согласия на обработку персональных данных: укажите дату согласия');
  }
  const givenAt = dateCell(errors, record, 'consentDate');
  const givenBy = v.consentGivenBy ? givenByOf(v.consentGivenBy) : null;
  if (!v.consentGivenBy)
    errors.add(row, 'consentGivenBy', 'Укажите, кто дал согласие: «сам» или «законный представитель»');
  else if (!givenBy) {
    errors.add(
      row,
      'consentGivenBy',
      `Неизвестное значение «${v.consentGivenBy}»: укажите «сам» или «законный представитель»`,
    );
  }
  const representativeName = textCell(errors, record, 'representativeName', { required: false, max: 200 });
  const representativeRelation = textCell(errors, record, 'representativeRelation', {
    required: false,
    max: 100,
  });
  const version = versionCell(errors, record, refs);
  if (!givenAt || !givenBy || !version) return null;
  const input = { givenBy, representativeName, representativeRelation, givenAt };
  const problems = consentProblems(input, birthDate ?? null, today);
  const columns = {
    givenAt: 'consentDate',
    givenBy: 'consentGivenBy',
    representativeName: 'representativeName',
    representativeRelation: 'representativeRelation',
  } as const;
  for (const [field, message] of Object.entries(problems))
    errors.add(row, columns[field as keyof typeof columns], message);
  const self = givenBy === 'self';
  return {
    values: {
      given_by: givenBy,
      // A person consenting for themself has no representative, whatever the cells say.
      representative_name: self ? null : representativeName,
      representative_relation: self ? null : representativeRelation,
      given_at: givenAt,
      version_id: version.id,
    },
    categories: version.categories,
  };
}

/** Fields of each person column, for the consent's coverage. */
const FIELD_COLUMNS = new Map<PersonField, Key[]>();
for (const c of PERSON_COLUMNS) {
  if (c.field) FIELD_COLUMNS.set(c.field, [...(FIELD_COLUMNS.get(c.field) ?? []), c.key]);
}

/** A value of a category the consent version does not cover is an error in its own cell. */
function checkCoverage(
  record: Rec,
  present: Set<Key>,
  p: PersonValues,
  categories: readonly DataCategory[],
  errors: RowErrors<Key>,
): void {
  const values: Partial<Record<PersonField, unknown>> = {
    lastName: p.last_name,
    birthDate: p.birth_date,
    category: p.category,
    className: p.class_name,
    snils: p.snils,
    phone: p.phone,
    email: p.email,
    workplace: p.workplace,
    position: p.position,
    enterpriseId: p.enterprise_id,
    careerStartYear: p.career_start_year,
    competences: p.competences,
    lifeExperience: p.life_experience,
    interests: p.interests,
    preferredAgeMin: p.preferred_age_min ?? p.preferred_age_max,
    timeResourceHours: p.time_resource_hours,
    requestId: p.request_id,
    requestDetails: p.request_details,
  };
  for (const field of uncoveredFields(values, categories)) {
    const columns = (FIELD_COLUMNS.get(field) ?? []).filter((k) => present.has(k) && record.values[k] !== '');
    for (const column of columns) errors.add(record.row, column, notCoveredMessage(field));
  }
}
