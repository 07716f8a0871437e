import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  completeInn,
  emailError,
  formatSnils,
  innError,
  passwordError,
  snilsControl,
  snilsError,
} from './validation.ts';
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

describe('snilsError', () => {
  it('accepts the canonical and the bare form with a right control number', () => {
    expect(snilsError('112-233-445 95')).toBeNull();
    expect(snilsError('11223344595')).toBeNull();
    expect(formatSnils('11223344595')).toBe('112-233-445 95');
  });
  it('explains a wrong length, letters and a wrong control number in Russian', () => {
    expect(snilsError('112-233-445 96')).toBe('Неверное контрольное число СНИЛС');
    expect(snilsError('112-233-445')).toMatch(/11 цифр/);
    expect(snilsError('112-233-44a 95')).toMatch(/из цифр/);
    expect(formatSnils('112-233-445 96')).toBeNull();
  });
  it('applies the 100/101 rules and skips numbers issued before the rule', () => {
    // 9·9 + 8·1 + 7·1 + 6·1 = 102 → 102 mod 101 = 1
    expect(snilsControl('911100000')).toBe('01');
    // 9·9 + 8·1 + 7·1 + 4·1 = 100 → 00
    expect(snilsControl('911001000')).toBe('00');
    // 9·9 + 8·2 + 4·1 = 101 → 00
    expect(snilsControl('920001000')).toBe('00');
    expect(snilsError('001-001-998 77')).toBeNull();
  });
  it('a stem completed with its control number is valid, any other control is not (law)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 0, max: 99 }), (stem, other) => {
        fc.pre(Number(stem) > 1_001_998);
        const control = snilsControl(stem);
        const wrong = String(other).padStart(2, '0');
        return (
          snilsError(stem + control) === null && (wrong === control || snilsError(stem + wrong) !== null)
        );
      }),
    );
  });
});
