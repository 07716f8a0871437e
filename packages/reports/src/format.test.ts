import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, orBlank, shortName } from './format.ts';

describe('formatDate', () => {
  it('prints a calendar date as ДД.ММ.ГГГГ without shifting it by a time zone', () => {
    expect(formatDate('2011-11-30')).toBe('30.11.2011');
    expect(formatDate('2026-01-01')).toBe('01.01.2026');
  });

  it('prints an instant as its date in Moscow', () => {
    // 22:30 UTC on the 31st is already the 1st in Moscow (UTC+3).
    expect(formatDate('2025-12-31T22:30:00Z')).toBe('01.01.2026');
  });

  it('falls back for missing or broken values', () => {
    expect(formatDate(null, '—')).toBe('—');
    expect(formatDate('', 'нет')).toBe('нет');
    expect(formatDate('not a date', '?')).toBe('?');
  });
});

describe('formatDateTime', () => {
  it('adds the Moscow time to an instant and leaves plain dates alone', () => {
    expect(formatDateTime('2026-03-13T07:30:00.000Z')).toBe('13.03.2026 10:30 (МСК)');
    expect(formatDateTime('2026-03-13')).toBe('13.03.2026');
  });
});

describe('shortName and the rest', () => {
  it('makes the «расшифровка подписи» form', () => {
    expect(shortName('Щербакова Юлия Эдуардовна')).toBe('Щербакова Ю. Э.');
    expect(shortName('  Ёлкин   фёдор ')).toBe('Ёлкин Ф.');
    expect(shortName('Оглы')).toBe('Оглы');
  });

  it('formats numbers the Russian way and blanks empty text', () => {
    expect(formatNumber(8.5)).toBe('8,5');
    expect(formatNumber(Number.NaN)).toBe('нет');
    expect(orBlank('  ', '___')).toBe('___');
    expect(orBlank(' мать ')).toBe('мать');
  });
});
