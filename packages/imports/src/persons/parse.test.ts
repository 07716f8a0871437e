import { describe, expect, it } from 'vitest';
import { PERSON_CATEGORIES } from '@nastavnik/domain';
import { matchHeaders } from '../columns.ts';
import { missingPersonColumns, PERSON_COLUMNS } from './columns.ts';
import {
  ageRangeText,
  categoryOf,
  givenByOf,
  normalisePhone,
  parseAgeRange,
  parseDate,
  parseHours,
  parseYear,
  phoneError,
  splitFullName,
} from './parse.ts';

const value = <T>(p: { value: T } | { error: string }) => ('value' in p ? p.value : `error: ${p.error}`);

describe('dates', () => {
  it.each([
    ['01.09.2010', '2010-09-01'],
    ['1.9.2010', '2010-09-01'],
    ['01/09/2010', '2010-09-01'],
    ['2010-09-01', '2010-09-01'],
    ['2010-9-1', '2010-09-01'],
    ['01.09.2010 0:00:00', '2010-09-01'],
    ['29.02.2012', '2012-02-29'],
    ['01.09.2010 г.', '2010-09-01'],
  ])('%s -> %s', (text, iso) => {
    expect(value(parseDate(text))).toBe(iso);
  });

  it('reads Excel serial numbers (the 1900 date system)', () => {
    expect(value(parseDate('40422'))).toBe('2010-09-01');
    expect(value(parseDate('45536'))).toBe('2024-09-01');
    expect(value(parseDate('40422.75'))).toBe('2010-09-01');
  });

  it('refuses what is not a date, with a hint', () => {
    for (const text of ['31.02.2010', '00.01.2010', '01.13.2010', 'вчера', '2010', '1.9.10', '01.09.1812']) {
      const parsed = parseDate(text);
      expect('error' in parsed, text).toBe(true);
    }
    expect(parseDate('1.9.10')).toEqual({ error: expect.stringContaining('двумя цифрами') });
    expect(parseDate('вчера')).toEqual({ error: expect.stringContaining('ДД.ММ.ГГГГ') });
    expect(parseDate('31.02.2010')).toEqual({ error: expect.stringContaining('нет в календаре') });
  });
});

describe('categories', () => {
  it('reads every label and code', () => {
    for (const [code, label] of Object.entries(PERSON_CATEGORIES)) {
      expect(categoryOf(label)).toBe(code);
      expect(categoryOf(label.toUpperCase())).toBe(code);
      expect(categoryOf(code)).toBe(code);
    }
  });

  it.each([
    ['Ученик', 'student'],
    ['обучающийся', 'student'],
    ['Студент', 'student'],
    ['ученики', 'student'],
    ['Учитель', 'teacher'],
    ['педагог', 'teacher'],
    ['Воспитатель', 'teacher'],
    ['родитель', 'parent'],
    ['Выпускник', 'graduate'],
    ['работодатель', 'enterprise_employee'],
    ['Сотрудник предприятия', 'enterprise_employee'],
    ['предприниматель', 'entrepreneur'],
    ['сотрудник НКО', 'ngo_employee'],
    ['Сотрудник организации-партнёра', 'partner_employee'],
    ['сотрудник организации – партнера', 'partner_employee'],
    ['Другое', 'other'],
  ])('%s -> %s', (text, code) => {
    expect(categoryOf(text)).toBe(code);
  });

  it('does not guess', () => {
    expect(categoryOf('космонавт')).toBeNull();
    expect(categoryOf('')).toBeNull();
  });
});

describe('who gave the consent', () => {
  it('tolerates the words people use', () => {
    expect(givenByOf('сам')).toBe('self');
    expect(givenByOf('Сама')).toBe('self');
    expect(givenByOf('Законный представитель')).toBe('representative');
    expect(givenByOf('представитель')).toBe('representative');
    expect(givenByOf('родитель')).toBe('representative');
    expect(givenByOf('сосед')).toBeNull();
  });
});

describe('preferred mentee age', () => {
  it.each([
    ['10–14', { min: 10, max: 14 }],
    ['10-14', { min: 10, max: 14 }],
    ['10 — 14 лет', { min: 10, max: 14 }],
    ['от 10 до 14', { min: 10, max: 14 }],
    ['От 10 до 14 лет', { min: 10, max: 14 }],
    ['12', { min: 12, max: 12 }],
    ['12 лет', { min: 12, max: 12 }],
    ['от 15', { min: 15, max: null }],
    ['15+', { min: 15, max: null }],
    ['до 10', { min: null, max: 10 }],
  ])('%s', (text, range) => {
    expect(value(parseAgeRange(text))).toEqual(range);
  });

  it('refuses reversed or impossible ranges and words', () => {
    expect(parseAgeRange('14-10')).toEqual({ error: expect.stringContaining('больше конца') });
    expect(parseAgeRange('5-150')).toEqual({ error: expect.stringContaining('от 0 до 100') });
    expect(parseAgeRange('подростки')).toEqual({ error: expect.stringContaining('«10–14»') });
  });

  it('writes what it reads', () => {
    for (const [min, max] of [
      [10, 14],
      [12, 12],
      [15, null],
      [null, 10],
    ] as const) {
      expect(value(parseAgeRange(ageRangeText(min, max)))).toEqual({ min, max });
    }
  });
});

describe('hours, years, names, phones', () => {
  it('reads hours per month', () => {
    expect(value(parseHours('4'))).toBe(4);
    expect(value(parseHours('4 ч'))).toBe(4);
    expect(value(parseHours('6 часов в месяц'))).toBe(6);
    expect(value(parseHours('8 ч/мес'))).toBe(8);
    expect(parseHours('2,5')).toEqual({ error: expect.stringContaining('целое') });
    expect(parseHours('много')).toEqual({ error: expect.stringContaining('число часов') });
    expect(parseHours('500')).toEqual({ error: expect.stringContaining('200') });
  });

  it('reads years', () => {
    expect(value(parseYear('2015', 1940, 2025))).toBe(2015);
    expect(value(parseYear('2015 г.', 1940, 2025))).toBe(2015);
    expect('error' in parseYear('15', 1940, 2025)).toBe(true);
    expect('error' in parseYear('2030', 1940, 2025)).toBe(true);
  });

  it('splits a full name', () => {
    expect(splitFullName('Иванова Мария Петровна')).toEqual({
      lastName: 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
    });
    expect(splitFullName('Ким Алина')).toEqual({ lastName: 'Ким', firstName: 'Алина', middleName: '' });
  });

  it('checks phones loosely', () => {
    expect(phoneError('+7 (900) 123-45-67')).toBeNull();
    expect(phoneError('8 900 1234567')).toBeNull();
    expect(phoneError('позвонить маме')).not.toBeNull();
    expect(phoneError('12-34')).not.toBeNull();
    expect(normalisePhone('+7 (900) 123-45-67')).toBe('+79001234567');
    expect(normalisePhone('8 900 123-45-67')).toBe('+79001234567');
    expect(normalisePhone('900 123 45 67')).toBe('+79001234567');
    expect(normalisePhone('+375 29 123-45-67')).toBe('+375291234567');
  });
});

describe('headers', () => {
  it('match in any case and spacing, with the usual other names', () => {
    const found = matchHeaders(
      [
        ' фамилия ',
        'ИМЯ',
        'Отчество',
        'Дата  рождения',
        'Категория участника',
        'Электронная почта',
        'Возрастная категория потенциальных наставляемых',
        'Ресурс времени',
        'Описание жизненного опыта',
        'ДАТА СОГЛАСИЯ',
        'Кто дал согласие',
        'Примечание',
      ],
      PERSON_COLUMNS,
    );
    expect(Object.fromEntries(found)).toEqual({
      lastName: 0,
      firstName: 1,
      middleName: 2,
      birthDate: 3,
      category: 4,
      email: 5,
      preferredAge: 6,
      timeResource: 7,
      lifeExperience: 8,
      consentDate: 9,
      consentGivenBy: 10,
    });
    expect(missingPersonColumns(found)).toEqual([]);
  });

  it('accept one «ФИО» column for the three name columns, and name what is missing', () => {
    const withFullName = matchHeaders(
      ['ФИО', 'Дата рождения', 'Категория', 'Дата согласия', 'Согласие дал'],
      PERSON_COLUMNS,
    );
    expect(missingPersonColumns(withFullName)).toEqual([]);
    const bare = matchHeaders(['Фамилия', 'Дата рождения'], PERSON_COLUMNS);
    expect(missingPersonColumns(bare).map((c) => c.header)).toEqual([
      'Имя',
      'Категория',
      'Дата согласия',
      'Согласие дал',
    ]);
  });
});
