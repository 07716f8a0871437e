/*
 * Russian names for the curator workspace: person categories and data categories come from
 * @nastavnik/domain (the single source shared with the API); the rest only the UI names.
 */
import {
  DATA_CATEGORIES,
  PERSON_CATEGORIES,
  PERSON_FIELD_CATEGORY,
  type DataCategory,
} from '@nastavnik/domain';
import type { Tone } from '../labels.ts';

export type Base = 'mentors' | 'mentees';
export type PersonCategory = keyof typeof PERSON_CATEGORIES;
export type FieldName = keyof typeof PERSON_FIELD_CATEGORY;
export { DATA_CATEGORIES, PERSON_CATEGORIES, PERSON_FIELD_CATEGORY, type DataCategory };

export const BASES: Record<
  Base,
  { title: string; one: string; add: string; forms: [string, string, string] }
> = {
  mentors: {
    title: 'Наставники',
    one: 'наставник',
    add: 'Добавить наставника',
    forms: ['наставник', 'наставника', 'наставников'],
  },
  mentees: {
    title: 'Наставляемые',
    one: 'наставляемый',
    add: 'Добавить наставляемого',
    forms: ['наставляемый', 'наставляемых', 'наставляемых'],
  },
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const categoryLabel = (c: string): string => capitalise(PERSON_CATEGORIES[c as PersonCategory] ?? c);

export const CATEGORY_OPTIONS = (Object.keys(PERSON_CATEGORIES) as PersonCategory[]).map((value) => ({
  value,
  label: capitalise(PERSON_CATEGORIES[value]),
}));

/** Short names of data categories, for hints and badges («Контактные данные»). */
export function dataCategoryShort(c: string): string {
  const full = DATA_CATEGORIES[c as DataCategory] ?? c;
  return full.replace(/\s*\(.*\)\s*$/, '');
}

/** Very short names of data categories, for chips (the full name goes to the tooltip). */
const CATEGORY_CHIPS: Record<DataCategory, string> = {
  identity: 'ФИО и категория',
  birth_date: 'Дата рождения',
  contacts: 'Контакты',
  snils: 'СНИЛС',
  education: 'Обучение',
  employment: 'Работа и стаж',
  profile: 'Профиль и анкеты',
  monitoring: 'Опросы и мониторинг',
};
export const dataCategoryChip = (c: string): string =>
  CATEGORY_CHIPS[c as DataCategory] ?? dataCategoryShort(c);

export type ConsentStatus = 'active' | 'withdrawn' | 'none';
export const CONSENT_STATUS: Record<ConsentStatus, { label: string; tone: Tone }> = {
  active: { label: 'Действует', tone: 'success' },
  withdrawn: { label: 'Отозвано', tone: 'danger' },
  none: { label: 'Нет согласия', tone: 'warning' },
};
export const CONSENT_OPTIONS = (Object.keys(CONSENT_STATUS) as ConsentStatus[]).map((value) => ({
  value,
  label: CONSENT_STATUS[value].label,
}));

export const GIVEN_BY: Record<'self' | 'representative', string> = {
  self: 'Сам участник',
  representative: 'Законный представитель',
};

/** The person fields of one data category, as the form labels them (for «не покрывает» hints). */
export const FIELD_LABELS: Record<FieldName, string> = {
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  category: 'Категория',
  birthDate: 'Дата рождения',
  email: 'Электронная почта',
  phone: 'Телефон',
  snils: 'СНИЛС',
  className: 'Класс / группа',
  enterpriseId: 'Предприятие',
  workplace: 'Место работы',
  position: 'Должность',
  careerStartYear: 'Год начала педагогической деятельности',
  competences: 'Компетенции',
  lifeExperience: 'Жизненный опыт',
  interests: 'Интересы',
  preferredAgeMin: 'Возраст наставляемых от',
  preferredAgeMax: 'Возраст наставляемых до',
  timeResourceHours: 'Часов в месяц',
  requestId: 'Запрос',
  requestDetails: 'Подробности запроса',
};

/** Full years at today's date, or null without a birth date. */
export function ageOf(birthDate: string | null | undefined, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  const month = today.getMonth() + 1;
  if (month < m || (month === m && today.getDate() < d)) age--;
  return age;
}

/** Today as 'YYYY-MM-DD' in the user's time zone (dates of consents, withdrawals). */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const ERASURE_REASON: Record<string, string> = {
  withdrawal: 'отзыв согласия',
  retention: 'истёк срок хранения',
  request: 'требование субъекта',
};

export const PAIR_STATUS: Record<string, { label: string; tone: Tone }> = {
  draft: { label: 'Черновик', tone: 'neutral' },
  active: { label: 'Работает', tone: 'success' },
  completed: { label: 'Завершена', tone: 'info' },
  cancelled: { label: 'Расформирована', tone: 'warning' },
};

export const ROLE_LABEL: Record<'mentor' | 'mentee', string> = {
  mentor: 'Наставник',
  mentee: 'Наставляемый',
};
