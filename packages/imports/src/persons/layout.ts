import { PERSON_CATEGORIES } from '@nastavnik/domain';
import type { PersonBase, PersonColumnKey } from './columns.ts';

/*
 * How each column looks in the template and the export: width, the note on its header
 * (what to write and whether it is required), the example row of the template, the cell
 * kind, and the drop-down list it offers.
 */

export type CellKind = 'text' | 'date' | 'number' | 'code';
export type ListName = 'category' | 'givenBy' | 'request' | 'version' | 'enterpriseInn' | 'relation';

export interface ColumnLayout {
  width: number;
  note: string;
  /** Example for the template's second row; a function when it depends on the base. */
  example: string | number | ((base: PersonBase) => string | number | null) | null;
  /** 'date' cells hold real dates (ДД.ММ.ГГГГ); 'code' cells keep leading zeros (text format). */
  kind: CellKind;
  list?: ListName;
}

const CATEGORY_LIST = Object.values(PERSON_CATEGORIES).join(', ');

export const LAYOUT: Record<PersonColumnKey, ColumnLayout> = {
  lastName: {
    width: 18,
    kind: 'text',
    note: 'Обязательно. Строка 2 — пример: замените её своими данными или удалите.',
    example: (b) => (b === 'mentors' ? 'Смирнова' : 'Кузнецов'),
  },
  firstName: {
    width: 14,
    kind: 'text',
    note: 'Обязательно.',
    example: (b) => (b === 'mentors' ? 'Елена' : 'Артём'),
  },
  middleName: {
    width: 18,
    kind: 'text',
    note: 'Если есть.',
    example: (b) => (b === 'mentors' ? 'Викторовна' : 'Сергеевич'),
  },
  fullName: { width: 36, kind: 'text', note: 'Фамилия Имя Отчество.', example: null },
  birthDate: {
    width: 14,
    kind: 'date',
    note: 'ДД.ММ.ГГГГ. Обязательно для обучающихся; по ФИО и дате рождения находятся повторы.',
    example: (b) => (b === 'mentors' ? '14.03.1985' : '02.11.2011'),
  },
  category: {
    width: 24,
    kind: 'text',
    note: `Обязательно, одно из значений: ${CATEGORY_LIST}.`,
    example: (b) => (b === 'mentors' ? PERSON_CATEGORIES.teacher : PERSON_CATEGORIES.student),
    list: 'category',
  },
  className: {
    width: 10,
    kind: 'code',
    note: 'Для обучающихся: класс или группа.',
    example: (b) => (b === 'mentors' ? null : '7А'),
  },
  snils: {
    width: 16,
    kind: 'code',
    note: 'Если есть: XXX-XXX-XXX YY. Помогает найти повторы.',
    example: null,
  },
  phone: { width: 18, kind: 'code', note: 'Контактный телефон.', example: '+7 (900) 123-45-67' },
  email: {
    width: 26,
    kind: 'text',
    note: 'Адрес электронной почты.',
    example: (b) => (b === 'mentors' ? 'smirnova.ev@mail.ru' : null),
  },
  workplace: { width: 28, kind: 'text', note: 'Место работы (при наличии).', example: 'МБОУ «СОШ № 1»' },
  position: { width: 20, kind: 'text', note: 'Должность.', example: 'учитель математики' },
  enterpriseInn: {
    width: 16,
    kind: 'code',
    note: 'Для сотрудников предприятий-партнёров: ИНН из справочника региона (лист «Справочник»).',
    example: null,
    list: 'enterpriseInn',
  },
  enterpriseName: {
    width: 28,
    kind: 'text',
    note: 'Название предприятия, как в справочнике региона (если ИНН не указан).',
    example: null,
  },
  careerStartYear: {
    width: 14,
    kind: 'number',
    note: 'Для педагогов: год начала педагогической деятельности (молодой специалист — стаж до 3 лет).',
    example: (b) => (b === 'mentors' ? 2008 : null),
  },
  competences: {
    width: 30,
    kind: 'text',
    note: 'Список компетенций.',
    example: 'олимпиадная математика, проектная деятельность',
  },
  lifeExperience: {
    width: 30,
    kind: 'text',
    note: 'Описание жизненного опыта.',
    example: 'руководитель школьного научного общества',
  },
  interests: {
    width: 26,
    kind: 'text',
    note: 'Описание сферы интересов.',
    example: (b) => (b === 'mentors' ? 'шахматы, туризм' : 'робототехника, футбол'),
  },
  preferredAge: {
    width: 14,
    kind: 'text',
    note: 'Возрастная категория потенциальных наставляемых: «10–14», «от 10 до 14» или «12».',
    example: '12–15',
  },
  timeResource: {
    width: 12,
    kind: 'number',
    note: 'Ресурс времени: часов в месяц, целое число.',
    example: 4,
  },
  request: {
    width: 30,
    kind: 'text',
    note: 'Запрос наставляемого из каталога (лист «Справочник»).',
    example: 'Низкая успеваемость',
    list: 'request',
  },
  requestDetails: {
    width: 30,
    kind: 'text',
    note: 'Подробности запроса.',
    example: 'трудности с алгеброй, 7 класс',
  },
  consentDate: {
    width: 14,
    kind: 'date',
    note: 'Обязательно: дата согласия на обработку персональных данных (ДД.ММ.ГГГГ). Строка без согласия не импортируется.',
    example: '01.09.2025',
  },
  consentGivenBy: {
    width: 22,
    kind: 'text',
    note: 'Обязательно: «сам» или «законный представитель». За участника младше 18 лет согласие даёт законный представитель.',
    example: (b) => (b === 'mentors' ? 'сам' : 'законный представитель'),
    list: 'givenBy',
  },
  representativeName: {
    width: 28,
    kind: 'text',
    note: 'ФИО законного представителя (если согласие дал представитель).',
    example: (b) => (b === 'mentors' ? null : 'Кузнецова Ольга Игоревна'),
  },
  representativeRelation: {
    width: 16,
    kind: 'text',
    note: 'Кем представитель приходится участнику: мать, отец, опекун…',
    example: (b) => (b === 'mentors' ? null : 'мать'),
    list: 'relation',
  },
  consentVersion: {
    width: 30,
    kind: 'text',
    note: 'Версия текста согласия (лист «Справочник»). Если пусто — версия по умолчанию.',
    example: null,
    list: 'version',
  },
};
