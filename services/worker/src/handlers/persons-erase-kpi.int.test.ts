import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { kpiNumerators, type YearNumerators } from './kpi-numerators.test-support.ts';
import { erasePerson } from './persons-erase.job.ts';
import { tenantBuilder, todayInMoscow } from './persons.test-support.ts';

/*
 * Erasure moves no indicator: an organisation with participations across the years (group
 * members with their own dates, a cancelled pair, one cancelled before its start, a draft,
 * one open pair), three persons erased — an enterprise mentor and a young teacher with past
 * participations only, and a pupil mentor withdrawn today from an open pair. Every year's
 * numerators, computed straight from the tables by KPI.md, are the same before and after.
 */

let db: TestDatabase;
let fx: Fixtures;
const today = todayInMoscow();
const CY = Number(today.slice(0, 4));
const YEARS = { from: 2020, to: Math.max(2026, CY) };

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db.drop();
});

describe('erasure and the indicators', () => {
  it('leaves every year’s KPI numerators unchanged', async () => {
    const orgId = fx.organisations.A1school.id;
    const b = tenantBuilder(db.owner, orgId);
    const T = await b.person({
      lastName: 'Опытнова',
      birthDate: '1975-03-02',
      category: 'teacher',
      careerStartYear: 2000,
    });
    const E = await b.person({
      lastName: 'Заводской',
      birthDate: '1985-07-07',
      category: 'enterprise_employee',
      enterpriseId: fx.enterprises.A.id,
    });
    const Y = await b.person({
      lastName: 'Молодая',
      birthDate: '1999-01-15',
      category: 'teacher',
      careerStartYear: 2022,
    });
    const A = await b.person({ lastName: 'Школьников', birthDate: '2008-05-05', category: 'student' });
    const B = await b.person({
      lastName: 'Вожатый',
      birthDate: '2009-10-10',
      category: 'student',
      snils: '123-456-789 64',
    });
    const C = await b.person({ lastName: 'Малышев', birthDate: '2013-02-02', category: 'student' });

    // 2020/21 group: the enterprise mentor; pupil A joined late with own dates.
    await b.pair({
      start: '2020-09-01',
      end: '2021-06-30',
      members: [
        { personId: E, role: 'mentor' },
        { personId: A, role: 'mentee', start: '2021-02-01' },
      ],
    });
    const p2 = await b.pair({
      start: '2021-09-01',
      end: '2022-05-31',
      members: [
        { personId: T, role: 'mentor' },
        { personId: A, role: 'mentee' },
        { personId: B, role: 'mentee' },
      ],
    });
    await b.response({ personId: A, pairId: p2, role: 'mentee', at: '2022-05-20T09:00:00Z', score: 8 });
    await b.response({ personId: B, pairId: p2, role: 'mentee', at: '2022-05-25T09:00:00Z', score: 6 });
    const p1 = await b.pair({
      start: '2023-01-10',
      end: '2023-12-20',
      members: [
        { personId: E, role: 'mentor' },
        { personId: Y, role: 'mentee' },
      ],
    });
    await b.response({ personId: E, pairId: p1, role: 'mentor', at: '2023-06-01T09:00:00Z', score: 7 });
    await b.response({ personId: E, pairId: p1, role: 'mentor', at: '2023-12-01T09:00:00Z', score: 5 });
    await b.response({ personId: Y, pairId: p1, role: 'mentee', at: '2023-12-10T09:00:00Z', score: 9 });
    // Cancelled after a month, and one cancelled before its start (counts nowhere).
    await b.pair({
      start: '2023-02-01',
      cancelledAt: '2023-03-01',
      members: [
        { personId: T, role: 'mentor' },
        { personId: A, role: 'mentee' },
      ],
    });
    await b.pair({
      start: '2024-03-01',
      cancelledAt: '2024-02-01',
      members: [
        { personId: E, role: 'mentor' },
        { personId: C, role: 'mentee' },
      ],
    });
    // The open pair: pupil B mentors pupil C since last September.
    const p4 = await b.pair({
      start: `${CY - 1}-09-01`,
      members: [
        { personId: B, role: 'mentor' },
        { personId: C, role: 'mentee' },
      ],
    });
    await b.response({ personId: B, pairId: p4, role: 'mentor', at: `${CY - 1}-12-01T09:00:00Z`, score: 9 });
    await b.response({ personId: B, pairId: p4, role: 'mentor', at: `${CY}-01-10T09:00:00Z`, score: 4 });
    // A draft being formed: counts nowhere; B's place in it goes on erasure.
    await b.pair({
      start: `${CY}-01-15`,
      status: 'draft',
      members: [
        { personId: T, role: 'mentor' },
        { personId: B, role: 'mentee' },
      ],
    });

    const before = await kpiNumerators(db.owner, orgId, YEARS);
    // The figures are what KPI.md says (so the comparison below compares something).
    expect(before[2020]).toMatchObject({ enterprises_with_mentors: 1, mentees_10_19: 0 });
    expect(before[2021]).toMatchObject({ enterprises_with_mentors: 1, mentees_10_19: 2 });
    expect(before[2022]).toMatchObject<Partial<YearNumerators>>({
      mentees_10_19: 2,
      mentee_satisfied: 1,
      mentee_respondents: 2,
    });
    expect(before[2023]).toEqual<YearNumerators>({
      mentees_10_19: 1,
      mentors_15_19: 0,
      young_teachers_mentored: 1,
      enterprises_with_mentors: 1,
      mentee_satisfied: 1,
      mentee_respondents: 1,
      mentor_satisfied: 0,
      mentor_respondents: 1,
    });
    expect(before[CY]).toMatchObject({ mentors_15_19: 1, mentor_respondents: 1, mentor_satisfied: 0 });

    const base = {
      organisationId: orgId,
      regionId: fx.regions.A.id,
      date: today,
      requestedBy: fx.users.aCurator.id,
    };
    for (const [personId, reason] of [
      [B, 'withdrawal'],
      [E, 'request'],
      [Y, 'request'],
    ] as const) {
      expect((await erasePerson(db.app, { ...base, personId, reason })).status).toBe('erased');
    }

    const after = await kpiNumerators(db.owner, orgId, YEARS);
    // Past years and this year: identical. B's open participation ends today, inside this
    // year, so B still counts this year (the KPI counts anyone active at any time in Y).
    for (let y = YEARS.from; y <= CY; y++) expect(after[y], String(y)).toEqual(before[y]);

    const members = await db.owner
      .selectFrom('pair_members')
      .selectAll()
      .where('person_id', '=', B)
      .execute();
    expect(members.map((m) => [m.pair_id === p4, m.end_date]).sort()).toEqual(
      [
        [false, null], // the 2021/22 group: already ended with the group, untouched
        [true, today],
      ].sort(),
    );
    const erased = await db.owner
      .selectFrom('persons')
      .select(['last_name', 'birth_date', 'snils', 'erased_at'])
      .where('id', 'in', [B, E, Y])
      .execute();
    for (const p of erased) expect(p).toMatchObject({ last_name: null, birth_date: null, snils: null });
  });
});
