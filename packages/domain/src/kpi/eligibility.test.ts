import { describe, expect, it } from 'vitest';
import {
  ageInYear,
  isChildMenteeInYear,
  isChildMentorInYear,
  isYoungSpecialistInYear,
  personIdentity,
} from './eligibility.ts';

const pupil = (birthYear: number | null) => ({ category: 'student', birthYear });

describe('ageInYear', () => {
  it('is the age reached during the year, whatever the birthday', () => {
    expect(ageInYear(2010, 2020)).toBe(10);
    expect(ageInYear(2010, 2010)).toBe(0);
  });
  it('is unknown without a birth year', () => {
    expect(ageInYear(null, 2020)).toBeNull();
    expect(ageInYear(undefined, 2020)).toBeNull();
  });
});

describe('isChildMenteeInYear (indicator 1: 10–19)', () => {
  it.each([
    [9, false],
    [10, true],
    [15, true],
    [19, true],
    [20, false],
  ])('age %i → %s', (age, counts) => {
    expect(isChildMenteeInYear(pupil(2024 - age), 2024)).toBe(counts);
  });
  it('counts only обучающиеся: a 19-year-old teacher or employee is not a child', () => {
    expect(isChildMenteeInYear({ category: 'teacher', birthYear: 2005 }, 2024)).toBe(false);
    expect(isChildMenteeInYear({ category: 'enterprise_employee', birthYear: 2005 }, 2024)).toBe(false);
    expect(isChildMenteeInYear({ category: 'graduate', birthYear: 2007 }, 2024)).toBe(false);
  });
  it('does not count a pupil without a birth year', () => {
    expect(isChildMenteeInYear(pupil(null), 2024)).toBe(false);
  });
  it('moves with the year: the same pupil is 9 in one year and 10 in the next', () => {
    expect(isChildMenteeInYear(pupil(2011), 2020)).toBe(false);
    expect(isChildMenteeInYear(pupil(2011), 2021)).toBe(true);
  });
});

describe('isChildMentorInYear (indicator 2: 15–19)', () => {
  it.each([
    [14, false],
    [15, true],
    [19, true],
    [20, false],
  ])('age %i → %s', (age, counts) => {
    expect(isChildMentorInYear(pupil(2024 - age), 2024)).toBe(counts);
  });
  it('counts only обучающиеся and needs a birth year', () => {
    expect(isChildMentorInYear({ category: 'parent', birthYear: 2007 }, 2024)).toBe(false);
    expect(isChildMentorInYear(pupil(null), 2024)).toBe(false);
  });
});

describe('isYoungSpecialistInYear (indicator 3: 0 ≤ Y − S ≤ 3)', () => {
  const teacher = (careerStartYear: number | null) => ({ category: 'teacher', careerStartYear });
  it.each([
    [-1, false],
    [0, true],
    [3, true],
    [4, false],
  ])('Y − S = %i → %s', (years, counts) => {
    expect(isYoungSpecialistInYear(teacher(2024 - years), 2024)).toBe(counts);
  });
  it('needs the category педагог and a career start year', () => {
    expect(isYoungSpecialistInYear({ category: 'student', careerStartYear: 2023 }, 2024)).toBe(false);
    expect(isYoungSpecialistInYear({ category: 'enterprise_employee', careerStartYear: 2023 }, 2024)).toBe(
      false,
    );
    expect(isYoungSpecialistInYear(teacher(null), 2024)).toBe(false);
  });
});

describe('personIdentity', () => {
  it('is the pseudonymous key when there is one', () => {
    expect(personIdentity('k1', 'id-1')).toBe('k1');
  });
  it('falls back to the row, so keyless persons never merge', () => {
    expect(personIdentity(null, 'id-1')).toBe('person:id-1');
    expect(personIdentity(null, 'id-1')).not.toBe(personIdentity(null, 'id-2'));
  });
});
