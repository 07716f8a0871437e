import type { ReferenceInput } from '../../../../tests/support/kpi-reference-core.ts';

/*
 * A small region for the KPI reference, every figure of it counted by hand in
 * kpi-reference.test.ts: a pupil who moved from O1 (municipality M1) to O3 (M2); ages
 * 9/10/19/20 and 14/15/19/20 in 2022; a 19-year-old teacher; pupils without a birth year; a
 * cancelled pair, one cancelled before its start, a draft; young specialists with 3 and 4
 * years; a late joiner with own dates; one enterprise's mentors in two organisations; a
 * missing and a zero denominator; responses on New Year's night in Moscow.
 */

type Person = ReferenceInput['persons'][number];
const person = (id: string, organisationId: string, over: Partial<Person>): Person => ({
  id,
  organisationId,
  personKey: `key-${id}`,
  birthYear: null,
  category: 'student',
  careerStartYear: null,
  enterpriseId: null,
  ...over,
});
const pupil = (id: string, org: string, birthYear: number) => person(id, org, { birthYear });
type Pair = ReferenceInput['pairs'][number];
const pair = (
  id: string,
  organisationId: string,
  status: Pair['status'],
  startDate: string,
  endDate: string | null,
  cancelledAt: string | null,
): Pair => ({ id, organisationId, status, startDate, endDate, cancelledAt });

export const SCENARIO: ReferenceInput = {
  regionId: 'R',
  timeZone: 'Europe/Moscow',
  satisfactionThreshold: 7,
  municipalities: [{ id: 'M1' }, { id: 'M2' }, { id: 'M3' }],
  organisations: [
    { id: 'O1', municipalityId: 'M1' },
    { id: 'O2', municipalityId: 'M1' },
    { id: 'O3', municipalityId: 'M2' },
  ],
  persons: [
    person('moveA', 'O1', { personKey: 'k-move', birthYear: 2008 }),
    person('moveB', 'O3', { personKey: 'k-move', birthYear: 2008 }),
    pupil('age9', 'O2', 2013),
    pupil('age10', 'O2', 2012),
    pupil('age19', 'O2', 2003),
    pupil('age20', 'O2', 2002),
    person('teacher19', 'O2', { birthYear: 2003, category: 'teacher', careerStartYear: 2022 }),
    person('noBirth', 'O2', { personKey: null }),
    pupil('mentor14', 'O1', 2008),
    pupil('mentor15', 'O1', 2007),
    pupil('mentor19', 'O3', 2003),
    pupil('mentor20', 'O3', 2002),
    person('young3', 'O1', { birthYear: 1996, category: 'teacher', careerStartYear: 2019 }),
    person('young4', 'O1', { birthYear: 1995, category: 'teacher', careerStartYear: 2018 }),
    person('noCareer', 'O1', { birthYear: 1999, category: 'teacher' }),
    person('tm1', 'O1', { birthYear: 1970, category: 'teacher', careerStartYear: 1995 }),
    person('e1a', 'O1', { birthYear: 1980, category: 'enterprise_employee', enterpriseId: 'E1' }),
    person('e1b', 'O3', { birthYear: 1981, category: 'enterprise_employee', enterpriseId: 'E1' }),
    person('e2', 'O2', { birthYear: 1982, category: 'enterprise_employee', enterpriseId: 'E2' }),
    pupil('cancelled', 'O2', 2010),
    pupil('cancelledEarly', 'O2', 2010),
    pupil('late', 'O1', 2011),
  ],
  pairs: [
    pair('moveO1', 'O1', 'completed', '2021-09-01', '2022-05-31', null),
    pair('moveO3', 'O3', 'active', '2022-09-01', null, null),
    pair('ages', 'O2', 'completed', '2022-01-10', '2022-12-20', null),
    pair('m14', 'O1', 'completed', '2022-02-01', '2022-06-30', null),
    pair('m15', 'O1', 'completed', '2022-02-01', '2022-06-30', null),
    pair('m19', 'O3', 'completed', '2021-09-01', '2022-01-01', null),
    pair('m20', 'O3', 'completed', '2022-03-01', '2022-04-01', null),
    pair('teachers', 'O1', 'active', '2021-09-01', '2023-06-30', null),
    pair('cancelled', 'O2', 'cancelled', '2021-09-01', '2023-05-31', '2021-12-15'),
    pair('cancelledEarly', 'O2', 'cancelled', '2022-09-01', null, '2022-08-20'),
    pair('draft', 'O2', 'draft', '2022-01-01', null, null),
  ],
  members: [
    ...[
      ['moveO1', 'e1a', 'mentor'],
      ['moveO1', 'moveA', 'mentee'],
      ['moveO3', 'e1b', 'mentor'],
      ['moveO3', 'moveB', 'mentee'],
      ...['age9', 'age10', 'age19', 'age20', 'teacher19', 'noBirth'].map((p) => ['ages', p, 'mentee']),
      ['m14', 'mentor14', 'mentor'],
      ['m15', 'mentor15', 'mentor'],
      ['m19', 'mentor19', 'mentor'],
      ['m20', 'mentor20', 'mentor'],
      ['teachers', 'tm1', 'mentor'],
      ...['young3', 'young4', 'noCareer'].map((p) => ['teachers', p, 'mentee']),
      ['cancelled', 'cancelled', 'mentee'],
      ['cancelledEarly', 'cancelledEarly', 'mentee'],
      ['draft', 'e2', 'mentor'],
      ['draft', 'cancelled', 'mentee'],
    ].map(([pairId, personId, role]) => ({
      pairId: pairId!,
      personId: personId!,
      role: role as 'mentor' | 'mentee',
      startDate: null,
      endDate: null,
    })),
    // Joined the group in January 2022 (aged 10 in 2021, but not there yet): counts in 2022 only.
    { pairId: 'moveO1', personId: 'late', role: 'mentee', startDate: '2022-01-15', endDate: null },
  ],
  responses: [
    { personId: 'moveA', role: 'mentee', submittedAt: '2022-05-20T09:00:00Z', overallScore: 8 },
    // 1 January 2023, 01:00 in Moscow: a 2023 response.
    { personId: 'moveB', role: 'mentee', submittedAt: '2022-12-31T22:00:00Z', overallScore: 3 },
    { personId: 'age10', role: 'mentee', submittedAt: '2022-06-01T09:00:00Z', overallScore: 6 },
    { personId: 'age19', role: 'mentee', submittedAt: '2022-03-01T09:00:00Z', overallScore: 9 },
    { personId: 'age19', role: 'mentee', submittedAt: '2022-11-01T09:00:00Z', overallScore: 5 },
    // Took part only in 2021 (the cancelled pair) and in a draft: not counted in 2022.
    { personId: 'cancelled', role: 'mentee', submittedAt: '2022-02-01T09:00:00Z', overallScore: 10 },
    { personId: 'e1a', role: 'mentor', submittedAt: '2022-05-30T09:00:00Z', overallScore: 9 },
    { personId: 'e1b', role: 'mentor', submittedAt: '2022-10-01T09:00:00Z', overallScore: 6 },
    { personId: 'mentor15', role: 'mentor', submittedAt: '2022-06-15T09:00:00Z', overallScore: 7 },
    // 31 December 2021, 23:00 in Moscow.
    { personId: 'young3', role: 'mentee', submittedAt: '2021-12-31T20:00:00Z', overallScore: 10 },
  ],
  statistics: [
    { territoryType: 'region', territoryId: 'R', year: 2022, metric: 'children_10_19', value: 100 },
    { territoryType: 'region', territoryId: 'R', year: 2022, metric: 'children_15_19', value: 50 },
    { territoryType: 'region', territoryId: 'R', year: 2022, metric: 'young_teachers', value: 10 },
    { territoryType: 'region', territoryId: 'R', year: 2022, metric: 'enterprises', value: 0 },
    { territoryType: 'municipality', territoryId: 'M1', year: 2022, metric: 'children_10_19', value: 60 },
    { territoryType: 'organisation', territoryId: 'O1', year: 2022, metric: 'children_10_19', value: 30 },
    { territoryType: 'region', territoryId: 'R', year: 2021, metric: 'children_10_19', value: 90 },
  ],
};
