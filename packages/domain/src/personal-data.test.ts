import { describe, expect, it } from 'vitest';
import {
  consentProblems,
  DATA_CATEGORY_CODES,
  fullYearsAt,
  isMinorAt,
  notCoveredMessage,
  PERSON_FIELD_CATEGORY,
  uncoveredFields,
} from './personal-data.ts';
import { NATIONAL_CONSENT_VERSIONS } from './consent-texts.ts';

describe('fullYearsAt / isMinorAt', () => {
  it('counts a birthday on the day itself', () => {
    expect(fullYearsAt('2008-03-15', '2026-03-14')).toBe(17);
    expect(fullYearsAt('2008-03-15', '2026-03-15')).toBe(18);
    expect(isMinorAt('2008-03-15', '2026-03-14')).toBe(true);
    expect(isMinorAt('2008-03-15', '2026-03-15')).toBe(false);
  });
  it('lets a 29 February birthday come on 1 March in common years', () => {
    expect(fullYearsAt('2008-02-29', '2026-02-28')).toBe(17);
    expect(fullYearsAt('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('uncoveredFields', () => {
  const minimal = NATIONAL_CONSENT_VERSIONS.find((v) => v.code === 'min-2023')!.categories;
  it('names every filled field outside the consent, ignoring empty ones', () => {
    expect(
      uncoveredFields(
        { lastName: 'Иванов', email: 'a@b.ru', phone: '', snils: null, competences: 'математика' },
        minimal,
      ),
    ).toEqual(['email', 'competences']);
  });
  it('accepts everything a full consent covers', () => {
    const all = Object.fromEntries(Object.keys(PERSON_FIELD_CATEGORY).map((k) => [k, 'x']));
    expect(uncoveredFields(all, DATA_CATEGORY_CODES)).toEqual([]);
  });
  it('says which category is missing, in Russian', () => {
    expect(notCoveredMessage('snils')).toContain('СНИЛС');
  });
  it('maps every field to a known category', () => {
    for (const c of Object.values(PERSON_FIELD_CATEGORY)) expect(DATA_CATEGORY_CODES).toContain(c);
  });
});

describe('consentProblems', () => {
  const today = '2026-11-23';
  it('requires a representative for a minor', () => {
    expect(consentProblems({ givenBy: 'self', givenAt: '2026-09-01' }, '2012-05-05', today)).toHaveProperty(
      'givenBy',
    );
  });
  it('accepts an adult giving consent themself', () => {
    expect(consentProblems({ givenBy: 'self', givenAt: '2026-09-01' }, '1990-05-05', today)).toEqual({});
  });
  it('requires the representative’s name and relation', () => {
    const p = consentProblems({ givenBy: 'representative', givenAt: '2026-09-01' }, '2012-05-05', today);
    expect(Object.keys(p).sort()).toEqual(['representativeName', 'representativeRelation']);
  });
  it('refuses a consent dated in the future or before birth', () => {
    expect(consentProblems({ givenBy: 'self', givenAt: '2026-11-24' }, '1990-01-01', today)).toHaveProperty(
      'givenAt',
    );
    expect(consentProblems({ givenBy: 'self', givenAt: '1989-01-01' }, '1990-01-01', today)).toHaveProperty(
      'givenAt',
    );
  });
});
