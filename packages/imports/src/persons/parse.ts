import {
  normalisePhone as domainNormalisePhone,
  PERSON_CATEGORIES,
  phoneError as domainPhoneError,
  type PersonCategoryCode,
} from '@nastavnik/domain';
import { matchKey } from '../text.ts';

/*
 * Cell parsers of the person import: each takes the text of a cell (as the user sees it,
 * already trimmed) and returns the value, or a Russian message saying what is wrong and
 * how to write it. Pure functions, unit-tested in parse.test.ts.
 */

export type Parsed<T> = { value: T } | { error: string };

const DATE_HINT = 'укажите дату как ДД.ММ.ГГГГ, например 01.09.2010';

/** 1899-12-30: day 0 of Excel's 1900 date system (it counts a 29 Feb 1900 that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/**
 * Excel serials of 18.05.1927 and 31.12.2100. Only five digits count: «2010» in a date
 * column is a year typed alone, not the 2010th day of 1900.
 */
const SERIAL_MIN = 10_000;
const SERIAL_MAX = 73_415;

/**
 * A calendar date as 'YYYY-MM-DD'. Accepts ДД.ММ.ГГГГ (also Д.М.ГГГГ, with / or - as the
 * separator), ГГГГ-ММ-ДД, and an Excel serial number (a date cell read without its format);
 * a time after the date («01.09.2024 0:00:00») is ignored.
 */
export function parseDate(text: string): Parsed<string> {
  const t = text.replace(/\s*г\.?$/i, '').replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '');
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{5}(\.\d+)?$/.test(t) && Number(t) >= SERIAL_MIN && Number(t) <= SERIAL_MAX) {
    const date = new Date(EXCEL_EPOCH_MS + Math.floor(Number(t)) * DAY_MS);
    return { value: date.toISOString().slice(0, 10) };
  } else if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2}$/.test(t)) {
    return { error: `Год записан двумя цифрами («${text}»): ${DATE_HINT}` };
  } else {
    return { error: `Не удалось прочитать дату «${text}»: ${DATE_HINT}` };
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    m < 1 ||
    m > 12 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d
  ) {
    return { error: `Такой даты нет в календаре: «${text}»` };
  }
  if (y < 1900 || y > 2100) return { error: `Неправдоподобный год: «${text}»` };
  return { value: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** 'YYYY-MM-DD' as ДД.ММ.ГГГГ. */
export function russianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** Words people write for each category, besides its label and code. */
const CATEGORY_WORDS: Record<string, PersonCategoryCode> = {
  ученик: 'student',
  ученица: 'student',
  учащийся: 'student',
  учащаяся: 'student',
  обучающийся: 'student',
  обучающаяся: 'student',
  студент: 'student',
  студентка: 'student',
  школьник: 'student',
  школьница: 'student',
  воспитанник: 'student',
  воспитанница: 'student',
  учитель: 'teacher',
  педагог: 'teacher',
  воспитатель: 'teacher',
  преподаватель: 'teacher',
  'молодой специалист': 'teacher',
  'педагогический работник': 'teacher',
  родитель: 'parent',
  'законный представитель': 'parent',
  выпускник: 'graduate',
  выпускница: 'graduate',
  'сотрудник предприятия': 'enterprise_employee',
  работодатель: 'enterprise_employee',
  'представитель работодателя': 'enterprise_employee',
  'сотрудник предприятия-партнера': 'enterprise_employee',
  предприниматель: 'entrepreneur',
  ип: 'entrepreneur',
  'индивидуальный предприниматель': 'entrepreneur',
  нко: 'ngo_employee',
  'сотрудник нко': 'ngo_employee',
  'представитель нко': 'ngo_employee',
  'сотрудник организации-партнера': 'partner_employee',
  'организация-партнер': 'partner_employee',
  партнер: 'partner_employee',
  другое: 'other',
  иное: 'other',
  прочее: 'other',
  другая: 'other',
};

const CATEGORY_INDEX = new Map<string, PersonCategoryCode>();
for (const [code, label] of Object.entries(PERSON_CATEGORIES) as [PersonCategoryCode, string][]) {
  CATEGORY_INDEX.set(code, code);
  CATEGORY_INDEX.set(matchKey(label), code);
}
for (const [word, code] of Object.entries(CATEGORY_WORDS)) CATEGORY_INDEX.set(matchKey(word), code);

/** Hyphens and dashes written with spaces around them, or as en/em dashes, read as one hyphen. */
const dashless = (key: string) => key.replace(/\s*[-–—]\s*/g, '-');

export function categoryOf(text: string): PersonCategoryCode | null {
  const key = dashless(matchKey(text));
  return CATEGORY_INDEX.get(key) ?? CATEGORY_INDEX.get(key.replace(/ы$|и$/, '')) ?? null;
}

export const CATEGORY_HINT = `укажите одно из значений: ${Object.values(PERSON_CATEGORIES).join(', ')}`;

export type GivenBy = 'self' | 'representative';
export const GIVEN_BY_LABELS: Record<GivenBy, string> = {
  self: 'сам',
  representative: 'законный представитель',
};

const GIVEN_BY_WORDS: Record<string, GivenBy> = {
  сам: 'self',
  сама: 'self',
  лично: 'self',
  'сам участник': 'self',
  участник: 'self',
  self: 'self',
  'законный представитель': 'representative',
  представитель: 'representative',
  родитель: 'representative',
  мать: 'representative',
  отец: 'representative',
  опекун: 'representative',
  попечитель: 'representative',
  representative: 'representative',
};

export function givenByOf(text: string): GivenBy | null {
  return GIVEN_BY_WORDS[matchKey(text).replace(/[.,]$/, '')] ?? null;
}

/** A preferred mentee age: «10–14», «10-14», «от 10 до 14», «от 10», «до 14», «12», «12 лет». */
export function parseAgeRange(text: string): Parsed<{ min: number | null; max: number | null }> {
  const t = matchKey(text)
    .replace(/\s*(лет|года|год)\.?$/, '')
    .trim();
  const hint = `Не удалось прочитать возраст «${text}»: укажите, например, «10–14» или «12»`;
  let min: number | null = null;
  let max: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,3})$/.exec(t))) min = max = Number(match[1]);
  else if ((match = /^(?:от\s*)?(\d{1,3})\s*(?:[-–—]|до)\s*(\d{1,3})$/.exec(t))) {
    [min, max] = [Number(match[1]), Number(match[2])];
  } else if ((match = /^от\s*(\d{1,3})$/.exec(t)) || (match = /^(\d{1,3})\s*\+$/.exec(t))) {
    min = Number(match[1]);
  } else if ((match = /^до\s*(\d{1,3})$/.exec(t))) max = Number(match[1]);
  else return { error: hint };
  if ((min !== null && min > 100) || (max !== null && max > 100)) {
    return { error: `Возраст должен быть от 0 до 100 лет: «${text}»` };
  }
  if (min !== null && max !== null && min > max) {
    return { error: `Начало диапазона больше конца: «${text}»` };
  }
  return { value: { min, max } };
}

/** The range as the export writes it (and parseAgeRange reads back). */
export function ageRangeText(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return min === max ? String(min) : `${min}–${max}`;
  if (min !== null) return `от ${min}`;
  if (max !== null) return `до ${max}`;
  return '';
}

/** Hours per month: «4», «4 ч», «4 часа в месяц», «4 ч/мес». */
export function parseHours(text: string): Parsed<number> {
  const t = matchKey(text)
    .replace(/\s*(ч|час|часа|часов)\.?(\s*(в|\/)\s*(мес|месяц)\.?)?$/, '')
    .trim();
  if (/^\d+([.,]\d+)?$/.test(t)) {
    const n = Number(t.replace(',', '.'));
    if (!Number.isInteger(n)) return { error: `Укажите целое число часов в месяц: «${text}»` };
    if (n > 200) return { error: `Не больше 200 часов в месяц: «${text}»` };
    return { value: n };
  }
  return { error: `Не удалось прочитать ресурс времени «${text}»: укажите число часов в месяц, например 4` };
}

/** A four-digit year in a plausible range. */
export function parseYear(text: string, min: number, max: number): Parsed<number> {
  const t = text.replace(/\s*(г\.?|год)$/i, '');
  if (!/^\d{4}$/.test(t)) return { error: `Укажите год четырьмя цифрами, например 2015: «${text}»` };
  const y = Number(t);
  if (y < min || y > max) return { error: `Год должен быть от ${min} до ${max}: «${text}»` };
  return { value: y };
}

/** «Иванова Мария Петровна» → its three parts; a double first name stays in the middle name. */
export function splitFullName(text: string): { lastName: string; firstName: string; middleName: string } {
  const [lastName = '', firstName = '', ...rest] = text.split(' ').filter(Boolean);
  return { lastName, firstName, middleName: rest.join(' ') };
}

/** The domain's phone rule, with the cell's text quoted so the user finds it in the file. */
export function phoneError(text: string): string | null {
  const problem = domainPhoneError(text);
  return problem ? `${problem}: «${text}»` : null;
}

/** The domain's normal form ('+7…'); only called on a text phoneError accepted. */
export function normalisePhone(text: string): string {
  return domainNormalisePhone(text) ?? text;
}
