import type { PersonField } from '@nastavnik/domain';
import type { ColumnSpec } from '../columns.ts';

/*
 * The columns of the mentor base and the mentee base (seed 003: personal data, competences,
 * life experience, interests, preferred mentee age, time resource, place of work and
 * contacts; for mentees the request), plus the consent every row must carry. The template,
 * the export and the importer all read this one list, so the three cannot drift apart.
 */

export type PersonBase = 'mentors' | 'mentees';
export const PERSON_BASES: readonly PersonBase[] = ['mentors', 'mentees'];
export const BASE_TITLES: Record<PersonBase, string> = {
  mentors: 'База наставников',
  mentees: 'База наставляемых',
};

export type PersonColumnKey =
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'fullName'
  | 'birthDate'
  | 'category'
  | 'className'
  | 'snils'
  | 'phone'
  | 'email'
  | 'workplace'
  | 'position'
  | 'enterpriseInn'
  | 'enterpriseName'
  | 'careerStartYear'
  | 'competences'
  | 'lifeExperience'
  | 'interests'
  | 'preferredAge'
  | 'timeResource'
  | 'request'
  | 'requestDetails'
  | 'consentDate'
  | 'consentGivenBy'
  | 'representativeName'
  | 'representativeRelation'
  | 'consentVersion';

export interface PersonColumn extends ColumnSpec<PersonColumnKey> {
  /** The bases whose template and export have this column (the importer reads it in either). */
  bases: readonly PersonBase[];
  /** The person field it fills, for the consent's coverage (152-ФЗ); none for consent columns. */
  field?: PersonField;
}

const BOTH = PERSON_BASES;
const MENTORS: readonly PersonBase[] = ['mentors'];
const MENTEES: readonly PersonBase[] = ['mentees'];
/** Only read, never written: one «ФИО» column instead of three is common in people's files. */
const NONE: readonly PersonBase[] = [];

export const PERSON_COLUMNS: PersonColumn[] = [
  { key: 'lastName', header: 'Фамилия', required: true, bases: BOTH, field: 'lastName' },
  { key: 'firstName', header: 'Имя', required: true, bases: BOTH, field: 'firstName' },
  { key: 'middleName', header: 'Отчество', required: false, bases: BOTH, field: 'middleName' },
  {
    key: 'fullName',
    header: 'ФИО',
    aliases: ['Фамилия Имя Отчество', 'Фамилия, имя, отчество', 'Ф.И.О.'],
    required: false,
    bases: NONE,
    field: 'lastName',
  },
  { key: 'birthDate', header: 'Дата рождения', required: true, bases: BOTH, field: 'birthDate' },
  {
    key: 'category',
    header: 'Категория',
    aliases: ['Категория участника', 'Статус'],
    required: true,
    bases: BOTH,
    field: 'category',
  },
  {
    key: 'className',
    header: 'Класс / группа',
    aliases: ['Класс', 'Группа', 'Класс, группа', 'Класс (группа)'],
    required: false,
    bases: BOTH,
    field: 'className',
  },
  { key: 'snils', header: 'СНИЛС', required: false, bases: BOTH, field: 'snils' },
  {
    key: 'phone',
    header: 'Телефон',
    aliases: ['Контактный телефон', 'Номер телефона'],
    required: false,
    bases: BOTH,
    field: 'phone',
  },
  {
    key: 'email',
    header: 'E-mail',
    aliases: ['Электронная почта', 'Эл. почта', 'Адрес электронной почты', 'Почта', 'Email'],
    required: false,
    bases: BOTH,
    field: 'email',
  },
  {
    key: 'workplace',
    header: 'Место работы',
    aliases: ['Место работы (при наличии)', 'Место работы, учёбы'],
    required: false,
    bases: MENTORS,
    field: 'workplace',
  },
  { key: 'position', header: 'Должность', required: false, bases: MENTORS, field: 'position' },
  {
    key: 'enterpriseInn',
    header: 'ИНН предприятия',
    aliases: ['ИНН предприятия-партнёра', 'ИНН'],
    required: false,
    bases: MENTORS,
    field: 'enterpriseId',
  },
  {
    key: 'enterpriseName',
    header: 'Предприятие',
    aliases: ['Предприятие-партнёр', 'Наименование предприятия', 'Организация-партнёр'],
    required: false,
    bases: MENTORS,
    field: 'enterpriseId',
  },
  {
    key: 'careerStartYear',
    header: 'Год начала педагогической деятельности',
    aliases: ['Год начала педагогической работы', 'Педагогический стаж с', 'Год начала работы'],
    required: false,
    bases: BOTH,
    field: 'careerStartYear',
  },
  {
    key: 'competences',
    header: 'Компетенции',
    aliases: ['Список компетенций', 'Профессиональные компетенции'],
    required: false,
    bases: MENTORS,
    field: 'competences',
  },
  {
    key: 'lifeExperience',
    header: 'Жизненный опыт',
    aliases: ['Описание жизненного опыта'],
    required: false,
    bases: MENTORS,
    field: 'lifeExperience',
  },
  {
    key: 'interests',
    header: 'Сфера интересов',
    aliases: ['Интересы', 'Описание сферы интересов', 'Сферы интересов'],
    required: false,
    bases: BOTH,
    field: 'interests',
  },
  {
    key: 'preferredAge',
    header: 'Возраст наставляемых',
    aliases: [
      'Возрастная категория потенциальных наставляемых',
      'Возрастная категория наставляемых',
      'Предпочтительный возраст наставляемых',
    ],
    required: false,
    bases: MENTORS,
    field: 'preferredAgeMin',
  },
  {
    key: 'timeResource',
    header: 'Ресурс времени, ч в месяц',
    aliases: ['Ресурс времени', 'Ресурс времени (часов в месяц)', 'Часов в месяц'],
    required: false,
    bases: MENTORS,
    field: 'timeResourceHours',
  },
  {
    key: 'request',
    header: 'Запрос',
    aliases: ['Запрос наставляемого'],
    required: false,
    bases: MENTEES,
    field: 'requestId',
  },
  {
    key: 'requestDetails',
    header: 'Описание запроса',
    aliases: ['Подробности запроса', 'Запрос подробно'],
    required: false,
    bases: MENTEES,
    field: 'requestDetails',
  },
  {
    key: 'consentDate',
    header: 'Дата согласия',
    aliases: [
      'Дата согласия на обработку персональных данных',
      'Дата согласия на обработку ПДн',
      'Согласие: дата',
    ],
    required: true,
    bases: BOTH,
  },
  {
    key: 'consentGivenBy',
    header: 'Согласие дал',
    aliases: ['Кто дал согласие', 'Согласие дано', 'Согласие дала'],
    required: true,
    bases: BOTH,
  },
  {
    key: 'representativeName',
    header: 'ФИО представителя',
    aliases: ['ФИО законного представителя', 'Законный представитель'],
    required: false,
    bases: BOTH,
  },
  {
    key: 'representativeRelation',
    header: 'Кем приходится',
    aliases: ['Кем приходится представитель', 'Степень родства'],
    required: false,
    bases: BOTH,
  },
  {
    key: 'consentVersion',
    header: 'Версия согласия',
    aliases: ['Текст согласия', 'Версия текста согласия'],
    required: false,
    bases: BOTH,
  },
];

export const COLUMN_BY_KEY = new Map(PERSON_COLUMNS.map((c) => [c.key, c]));

/** The columns of one base's template and export, in order. */
export function baseColumns(base: PersonBase): PersonColumn[] {
  return PERSON_COLUMNS.filter((c) => c.bases.includes(base));
}

/**
 * Required headers: «ФИО» may stand for «Фамилия» and «Имя»; the rest as marked.
 */
export function missingPersonColumns(found: Map<PersonColumnKey, number>): PersonColumn[] {
  const hasName = (found.has('lastName') && found.has('firstName')) || found.has('fullName');
  return PERSON_COLUMNS.filter((c) => {
    if (!c.required || found.has(c.key)) return false;
    if (c.key === 'lastName' || c.key === 'firstName') return !hasName;
    return true;
  });
}

/** Rows a person import may have (the region admin's imports keep their own, lower limit). */
export const MAX_PERSON_IMPORT_ROWS = 60_000;
