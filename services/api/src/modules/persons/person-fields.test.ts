import { describe, expect, it } from 'vitest';
import { normalisePhone, PERSON_FIELD_CATEGORY, phoneError } from '@nastavnik/domain';
import {
  filledFields,
  fromPersonRow,
  normalisePersonValues,
  PERSON_COLUMNS,
  PERSON_FIELDS,
  toPersonColumns,
} from './person-fields.ts';

describe('person fields', () => {
  it('map every field that has a data category, and nothing else', () => {
    expect(PERSON_FIELDS.sort()).toEqual(Object.keys(PERSON_FIELD_CATEGORY).sort());
  });

  it('round-trip between the API and the columns', () => {
    const values = { lastName: 'Иванова', careerStartYear: 2010, requestId: null };
    const columns = toPersonColumns(values);
    expect(columns).toEqual({ last_name: 'Иванова', career_start_year: 2010, request_id: null });
    const row = Object.fromEntries(Object.values(PERSON_COLUMNS).map((c) => [c, null]));
    expect(fromPersonRow({ ...row, ...columns } as never)).toMatchObject(values);
  });

  it('clean what people type', () => {
    expect(
      normalisePersonValues({
        lastName: '  Иванова   Мария ',
        email: 'Ivanova@School.RU ',
        snils: '11223344595',
        phone: '8 (900) 123-45-67',
        middleName: '   ',
        interests: ' шахматы\nтеатр ',
      }),
    ).toEqual({
      lastName: 'Иванова Мария',
      email: 'ivanova@school.ru',
      snils: '112-233-445 95',
      phone: '+79001234567',
      middleName: null,
      interests: 'шахматы\nтеатр',
    });
    // Invalid values stay as typed, for validation to name them.
    expect(normalisePersonValues({ snils: '123', phone: 'звоните' })).toEqual({
      snils: '123',
      phone: 'звоните',
    });
  });

  it('write phones the Russian way and refuse what is not a phone', () => {
    expect(normalisePhone('9001234567')).toBe('+79001234567');
    expect(normalisePhone('+7 900 123 45 67')).toBe('+79001234567');
    expect(normalisePhone('+375 29 123-45-67')).toBe('+375291234567');
    expect(phoneError('123-45')).toMatch(/от 10 до 15 цифр/);
    expect(phoneError('+7 900 abc')).toMatch(/только цифры/);
  });

  it('keep only filled values for the coverage check', () => {
    expect(filledFields({ email: '', phone: null, snils: '112-233-445 95', careerStartYear: 0 })).toEqual({
      snils: '112-233-445 95',
      careerStartYear: 0,
    });
  });
});
