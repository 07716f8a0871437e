import { describe, expect, it } from 'vitest';
import { indexRows, referenceKpis, type ReferenceRow } from '../../../../tests/support/kpi-reference-core.ts';
import { SCENARIO as input } from './kpi-scenario.test-support.ts';

/*
 * The reference (tests/support/kpi-reference-core.ts) against figures counted by hand on
 * the scenario of kpi-scenario.test-support.ts. The tests live in packages/domain because
 * the unit project only collects packages' src.
 */

const TERRITORIES = ['R', 'M1', 'M2', 'M3', 'O1', 'O2', 'O3'] as const;
const TYPE = { R: 'region', M1: 'municipality', M2: 'municipality', M3: 'municipality' } as const;

function figures(
  rows: ReferenceRow[],
  year: number,
  indicator: string,
  field: keyof ReferenceRow = 'numerator',
) {
  const index = indexRows(rows);
  return Object.fromEntries(
    TERRITORIES.map((t) => {
      const type = t in TYPE ? TYPE[t as keyof typeof TYPE] : 'organisation';
      return [t, index.get(`${type}:${t}:${year}:${indicator}`)?.[field]];
    }),
  );
}

describe('referenceKpis on a hand-counted region', () => {
  const rows = referenceKpis(input, { from: 2020, to: 2023 });

  it('returns every territory × year × indicator', () => {
    expect(rows).toHaveLength(7 * 4 * 6);
    expect(indexRows(rows).size).toBe(rows.length);
    const o3 = rows.find((r) => r.territoryId === 'O3')!;
    expect(o3.municipalityId).toBe('M2');
    expect(rows.find((r) => r.territoryId === 'M1')!.municipalityId).toBe('M1');
    expect(rows.find((r) => r.territoryType === 'region')!.municipalityId).toBeNull();
  });

  it('indicator 1: pupils aged 10–19, the moved pupil once above the two schools', () => {
    // 2022: O1 the moved pupil (14) and the late joiner (11); O2 the 10- and 19-year-olds.
    expect(figures(rows, 2022, 'mentees_10_19')).toEqual({ R: 4, M1: 4, M2: 1, M3: 0, O1: 2, O2: 2, O3: 1 });
    // 2021: the pupil of the pair cancelled in December counts; the moved pupil was in O1.
    expect(figures(rows, 2021, 'mentees_10_19')).toEqual({ R: 2, M1: 2, M2: 0, M3: 0, O1: 1, O2: 1, O3: 0 });
    expect(figures(rows, 2023, 'mentees_10_19')).toEqual({ R: 1, M1: 0, M2: 1, M3: 0, O1: 0, O2: 0, O3: 1 });
    expect(figures(rows, 2020, 'mentees_10_19')).toEqual({ R: 0, M1: 0, M2: 0, M3: 0, O1: 0, O2: 0, O3: 0 });
  });

  it('indicator 1: denominators are each territory’s own statistics, null when missing', () => {
    expect(figures(rows, 2022, 'mentees_10_19', 'denominator')).toEqual({
      R: 100,
      M1: 60,
      M2: null,
      M3: null,
      O1: 30,
      O2: null,
      O3: null,
    });
    expect(figures(rows, 2021, 'mentees_10_19', 'denominator').R).toBe(90);
    expect(figures(rows, 2022, 'mentees_10_19', 'participants').R).toBeNull();
  });

  it('indicator 2: pupil mentors aged 15–19', () => {
    expect(figures(rows, 2022, 'mentors_15_19')).toEqual({ R: 2, M1: 1, M2: 1, M3: 0, O1: 1, O2: 0, O3: 1 });
    expect(figures(rows, 2021, 'mentors_15_19')).toEqual({ R: 1, M1: 0, M2: 1, M3: 0, O1: 0, O2: 0, O3: 1 });
    expect(figures(rows, 2022, 'mentors_15_19', 'denominator').R).toBe(50);
  });

  it('indicator 3: young specialists with 0–3 years, a 19-year-old teacher included', () => {
    expect(figures(rows, 2022, 'young_teachers_mentored')).toEqual({
      R: 2,
      M1: 2,
      M2: 0,
      M3: 0,
      O1: 1,
      O2: 1,
      O3: 0,
    });
    expect(figures(rows, 2021, 'young_teachers_mentored')).toEqual({
      R: 2,
      M1: 2,
      M2: 0,
      M3: 0,
      O1: 2,
      O2: 0,
      O3: 0,
    });
    expect(figures(rows, 2023, 'young_teachers_mentored').R).toBe(0);
  });

  it('indicator 4: one enterprise once above its two organisations; a draft gives none', () => {
    expect(figures(rows, 2022, 'enterprises_with_mentors')).toEqual({
      R: 1,
      M1: 1,
      M2: 1,
      M3: 0,
      O1: 1,
      O2: 0,
      O3: 1,
    });
    expect(figures(rows, 2021, 'enterprises_with_mentors')).toEqual({
      R: 1,
      M1: 1,
      M2: 0,
      M3: 0,
      O1: 1,
      O2: 0,
      O3: 0,
    });
    // A zero is kept as entered (the share then has no value).
    expect(figures(rows, 2022, 'enterprises_with_mentors', 'denominator').R).toBe(0);
  });

  it('indicator 5: the latest response of the year, counted where the person took part', () => {
    expect(figures(rows, 2022, 'mentee_satisfaction')).toEqual({
      R: 1,
      M1: 1,
      M2: 1,
      M3: 0,
      O1: 1,
      O2: 0,
      O3: 1,
    });
    expect(figures(rows, 2022, 'mentee_satisfaction', 'denominator')).toEqual({
      R: 3,
      M1: 3,
      M2: 1,
      M3: 0,
      O1: 1,
      O2: 2,
      O3: 1,
    });
    expect(figures(rows, 2022, 'mentee_satisfaction', 'participants')).toEqual({
      R: 11,
      M1: 11,
      M2: 1,
      M3: 0,
      O1: 5,
      O2: 6,
      O3: 1,
    });
    expect(figures(rows, 2021, 'mentee_satisfaction').O1).toBe(1);
    expect(figures(rows, 2023, 'mentee_satisfaction')).toMatchObject({ R: 0, O3: 0 });
    expect(figures(rows, 2023, 'mentee_satisfaction', 'denominator')).toMatchObject({ R: 1, O3: 1, O1: 0 });
  });

  it('indicator 6: mentors the same way', () => {
    expect(figures(rows, 2022, 'mentor_satisfaction')).toEqual({
      R: 2,
      M1: 2,
      M2: 0,
      M3: 0,
      O1: 2,
      O2: 0,
      O3: 0,
    });
    expect(figures(rows, 2022, 'mentor_satisfaction', 'denominator')).toMatchObject({ R: 3, O1: 2, O3: 1 });
    expect(figures(rows, 2022, 'mentor_satisfaction', 'participants')).toMatchObject({
      R: 7,
      O1: 4,
      O2: 0,
      O3: 3,
    });
  });

  it('applies the region’s threshold and time zone', () => {
    const strict = referenceKpis({ ...input, satisfactionThreshold: 9 }, { from: 2022, to: 2022 });
    expect(figures(strict, 2022, 'mentor_satisfaction')).toMatchObject({ R: 1, O1: 1 });
    // In UTC the moved pupil's score of 3 falls in 2022 and is their latest there, in both schools.
    const utc = referenceKpis({ ...input, timeZone: 'UTC' }, { from: 2022, to: 2022 });
    expect(figures(utc, 2022, 'mentee_satisfaction')).toMatchObject({ R: 0, O1: 0, O3: 0 });
  });
});
