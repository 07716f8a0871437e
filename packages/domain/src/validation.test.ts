import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { completeInn, emailError, innError, passwordError } from './validation.ts';
import { normaliseFullName, personKeyInput } from './person-key.ts';

describe('innError', () => {
  it('accepts real-format INNs and rejects a wrong check digit', () => {
    expect(innError('7707083893')).toBeNull(); // Сбербанк
    expect(innError('7707083894')).toBe('Неверная контрольная цифра ИНН');
    expect(innError('500100732259')).toBeNull();
    expect(innError('12345')).toMatch(/10 или 12/);
    expect(innError('77070838ab')).toMatch(/цифр/);
    expect(innError('500100732259', 'legal')).toMatch(/10 цифр/);
  });
  it('completeInn always yields a valid INN (law)', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{9}$/), (stem) => innError(completeInn(stem)) === null));
    fc.assert(fc.property(fc.stringMatching(/^\d{10}$/), (stem) => innError(completeInn(stem)) === null));
  });
});

describe('person key normalisation', () => {
  it('folds case, ё and spaces', () => {
    expect(normaliseFullName('  Алёна   ИВАНОВА\tПетровна ')).toBe('алена иванова петровна');
    expect(personKeyInput('Ёлкин Пётр', '2010-05-01')).toBe('елкин петр|2010-05-01');
  });
  it('is idempotent (law)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => normaliseFullName(normaliseFullName(s)) === normaliseFullName(s)),
    );
  });
});

describe('emailError / passwordError', () => {
  it('explain in Russian', () => {
    expect(emailError('a@b.ru')).toBeNull();
    expect(emailError('a@b')).toMatch(/адрес/);
    expect(passwordError('short1')).toMatch(/10 символов/);
    expect(passwordError('onlyletterslong')).toMatch(/буквы и цифры/);
    expect(passwordError('Наставник2024')).toBeNull();
  });
});
