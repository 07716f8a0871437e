/*
 * 152-ФЗ: which personal data a consent covers. A consent text version lists the data
 * categories it covers; every stored field of a person belongs to exactly one category, so
 * the API can refuse a value the person's consent does not cover.
 */

export const DATA_CATEGORIES = {
  identity: 'Фамилия, имя, отчество, категория участника',
  birth_date: 'Дата рождения',
  contacts: 'Контактные данные (телефон, адрес электронной почты)',
  snils: 'СНИЛС',
  education: 'Сведения об обучении (класс, группа)',
  employment: 'Место работы, должность, педагогический стаж',
  profile: 'Компетенции, жизненный опыт, интересы, запрос, ответы анкет',
  monitoring: 'Результаты опросов удовлетворённости и мониторинга',
} as const;
export type DataCategory = keyof typeof DATA_CATEGORIES;
export const DATA_CATEGORY_CODES = Object.keys(DATA_CATEGORIES) as DataCategory[];

/** Every person field the API stores (camelCase as in the API), by the category it belongs to. */
export const PERSON_FIELD_CATEGORY = {
  lastName: 'identity',
  firstName: 'identity',
  middleName: 'identity',
  category: 'identity',
  birthDate: 'birth_date',
  email: 'contacts',
  phone: 'contacts',
  snils: 'snils',
  className: 'education',
  enterpriseId: 'employment',
  workplace: 'employment',
  position: 'employment',
  careerStartYear: 'employment',
  competences: 'profile',
  lifeExperience: 'profile',
  interests: 'profile',
  preferredAgeMin: 'profile',
  preferredAgeMax: 'profile',
  timeResourceHours: 'profile',
  requestId: 'profile',
  requestDetails: 'profile',
} as const satisfies Record<string, DataCategory>;
export type PersonField = keyof typeof PERSON_FIELD_CATEGORY;

/** Questionnaire answers are profile data; satisfaction surveys are monitoring data. */
export const QUESTIONNAIRE_CATEGORY: DataCategory = 'profile';
export const SURVEY_CATEGORY: DataCategory = 'monitoring';

/**
 * The fields with a value (not null, not empty) whose category `covered` lacks, in the
 * order given. An empty list means the consent covers everything asked for.
 */
export function uncoveredFields(
  values: Partial<Record<PersonField, unknown>>,
  covered: readonly DataCategory[],
): PersonField[] {
  const allowed = new Set(covered);
  return (Object.keys(values) as PersonField[]).filter((field) => {
    const v = values[field];
    if (v === null || v === undefined || v === '') return false;
    const category = PERSON_FIELD_CATEGORY[field];
    return category !== undefined && !allowed.has(category);
  });
}

/** Russian message for a field the consent does not cover (API errors and import reports). */
export function notCoveredMessage(field: PersonField): string {
  const category = DATA_CATEGORIES[PERSON_FIELD_CATEGORY[field]];
  return `Согласие на обработку персональных данных не распространяется на эти сведения («${category}»)`;
}

export const ADULT_AGE = 18;

/** Full years between two ISO dates ('YYYY-MM-DD'); a birthday on 29 Feb counts on 1 Mar. */
export function fullYearsAt(birthDate: string, at: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = at.split('-').map(Number) as [number, number, number];
  let years = ay - by;
  if (am < bm || (am === bm && ad < bd)) years--;
  return years;
}

/** A minor's consent is given by a legal representative (152-ФЗ, ст. 9; СК РФ, ст. 64). */
export function isMinorAt(birthDate: string, at: string): boolean {
  return fullYearsAt(birthDate, at) < ADULT_AGE;
}

export interface ConsentInput {
  givenBy: 'self' | 'representative';
  representativeName?: string | null;
  representativeRelation?: string | null;
  givenAt: string;
}

/**
 * Checks a consent against the person's birth date and today. Returns field → Russian
 * message; an empty object means the consent is acceptable.
 */
export function consentProblems(
  consent: ConsentInput,
  birthDate: string | null,
  today: string,
): Partial<Record<'givenBy' | 'representativeName' | 'representativeRelation' | 'givenAt', string>> {
  const problems: ReturnType<typeof consentProblems> = {};
  if (consent.givenAt > today) problems.givenAt = 'Дата согласия не может быть в будущем';
  if (birthDate && consent.givenAt < birthDate) problems.givenAt = 'Дата согласия раньше даты рождения';
  if (consent.givenBy === 'representative') {
    if (!consent.representativeName?.trim())
      problems.representativeName = 'Укажите ФИО законного представителя';
    if (!consent.representativeRelation?.trim()) {
      problems.representativeRelation =
        'Укажите, кем представитель приходится участнику (мать, отец, опекун…)';
    }
  } else if (birthDate && isMinorAt(birthDate, consent.givenAt)) {
    problems.givenBy = 'Участнику нет 18 лет на дату согласия: согласие даёт законный представитель';
  }
  return problems;
}

/** Relations a representative usually has; free text is allowed too. */
export const REPRESENTATIVE_RELATIONS = [
  'мать',
  'отец',
  'опекун',
  'попечитель',
  'законный представитель',
] as const;
