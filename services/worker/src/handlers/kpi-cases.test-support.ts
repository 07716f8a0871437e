import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import type { Fixtures } from '../../../../tests/support/fixtures.ts';
import { caseBuilder } from './kpi-builder.test-support.ts';
import { CURRENT_YEAR } from './kpi-compare.test-support.ts';

export { caseBuilder } from './kpi-builder.test-support.ts';
export {
  CURRENT_YEAR,
  differencesFromReference,
  snapshot,
  snapshotsOf,
  YEARS,
  type SnapshotRow,
} from './kpi-compare.test-support.ts';

/*
 * The KPI engine's test region: region A of the fixtures (municipality A1 with A1-school and
 * A1-kindergarten, A2 with A2-school) plus the cases issue 4 names — one pupil in schools of
 * two municipalities, ages 9/10/19/20 at year boundaries, participations spanning years,
 * cancelled pairs (one before its start), the young-specialist boundary (3 vs 4 years), one
 * enterprise's mentors in two organisations, missing denominators, a draft, a late joiner,
 * a person without a key, responses at the time-zone boundary of a year. Rows go in with the
 * owner connection (fixtures, not code under test).
 */

export interface KpiCases {
  /** The pupil recorded in A1-school and in A2-school (one key). */
  moverKey: string;
  /** A pupil mentee with an open participation, to be erased (consent withdrawn) by a test. */
  withdrawingId: string;
  enterpriseB: string;
}

export async function buildKpiCases(owner: Kysely<Database>, fx: Fixtures): Promise<KpiCases> {
  const b = caseBuilder(owner);
  const A1S = fx.organisations.A1school.id;
  const A1K = fx.organisations.A1kindergarten.id;
  const A2S = fx.organisations.A2school.id;
  const region = fx.regions.A.id;
  const enterpriseA = fx.enterprises.A.id;
  const enterpriseB = (
    await owner
      .insertInto('enterprises')
      .values({ region_id: region, name: 'ООО «Второй партнёр»', inn: '3900000777' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // One pupil, recorded in A1-school (2021/22) and in A2-school (2022/23): one key.
  const moverKey = `key-mover-${randomUUID()}`;
  const moverA1 = await b.person(A1S, {
    name: 'Переездов',
    birth: '2008-03-01',
    category: 'student',
    key: moverKey,
  });
  const moverA2 = await b.person(A2S, {
    name: 'Переездов',
    birth: '2008-03-01',
    category: 'student',
    key: moverKey,
  });
  const teacherA1 = await b.person(A1S, {
    name: 'Учителева',
    birth: '1980-01-01',
    category: 'teacher',
    career: 2000,
  });
  const teacherA2 = await b.person(A2S, {
    name: 'Учителев',
    birth: '1981-01-01',
    category: 'teacher',
    career: 2001,
  });
  await b.pair(A1S, {
    start: '2021-09-01',
    end: '2022-05-31',
    members: [
      { personId: teacherA1, role: 'mentor' },
      { personId: moverA1, role: 'mentee' },
    ],
  });
  await b.pair(A2S, {
    start: '2022-09-01',
    end: '2023-05-31',
    members: [
      { personId: teacherA2, role: 'mentor' },
      { personId: moverA2, role: 'mentee' },
    ],
  });
  // His verdict of 2022 is the latest over the region (A2-school, December): 4, not 9.
  await b.response(A1S, moverA1, 'mentee', '2022-05-20T09:00:00Z', 9);
  await b.response(A2S, moverA2, 'mentee', '2022-12-20T09:00:00Z', 4);

  // Ages at year boundaries: 9 → 10 and 19 → 20 mentees, 14 → 15 and 19 → 20 mentors,
  // in groups running from December 2022 into January 2023.
  const age9 = await b.person(A1S, { name: 'Девятков', birth: '2013-12-31', category: 'student' });
  const age19 = await b.person(A1S, { name: 'Девятнадцатов', birth: '2003-01-01', category: 'student' });
  const mentor14 = await b.person(A1S, { name: 'Четырнадцатов', birth: '2008-12-31', category: 'student' });
  await b.pair(A1S, {
    start: '2022-12-01',
    end: '2023-01-31',
    members: [
      { personId: mentor14, role: 'mentor' },
      { personId: age9, role: 'mentee' },
      { personId: age19, role: 'mentee' },
    ],
  });
  const mentor19 = await b.person(A1K, {
    name: 'Старшеклассников',
    birth: '2003-06-01',
    category: 'student',
  });
  // A 19-year-old young teacher: a young specialist, never a child.
  const teacher19 = await b.person(A1K, {
    name: 'Юная',
    birth: '2003-02-02',
    category: 'teacher',
    career: 2022,
  });
  await b.pair(A1K, {
    start: '2022-12-01',
    end: '2023-01-31',
    members: [
      { personId: mentor19, role: 'mentor' },
      { personId: teacher19, role: 'mentee' },
    ],
  });
  // A response in a role the person had no participation in counts nowhere.
  await b.response(A1K, mentor19, 'mentee', '2022-12-10T09:00:00Z', 10);

  // Spanning five years, with an enterprise mentor; his 2022 verdict was given at 00:30 on
  // 1 January in Moscow (still 2021 in UTC).
  const e1 = await b.person(A2S, {
    name: 'Заводской',
    category: 'enterprise_employee',
    enterpriseId: enterpriseA,
  });
  const long = await b.person(A2S, { name: 'Долгов', birth: '2010-05-05', category: 'student' });
  await b.pair(A2S, {
    start: '2020-09-01',
    end: '2024-05-31',
    members: [
      { personId: e1, role: 'mentor' },
      { personId: long, role: 'mentee' },
    ],
  });
  await b.response(A2S, e1, 'mentor', '2021-12-31T21:30:00Z', 9);
  await b.response(A2S, long, 'mentee', '2023-03-01T09:00:00Z', 8);
  await b.response(A2S, long, 'mentee', '2023-11-01T09:00:00Z', 6);

  // The same enterprise's mentor in A1-school in 2023; another enterprise in A1-kindergarten.
  const e2 = await b.person(A1S, {
    name: 'Цеховой',
    category: 'enterprise_employee',
    enterpriseId: enterpriseA,
  });
  const e3 = await b.person(A1K, {
    name: 'Сторонний',
    category: 'enterprise_employee',
    enterpriseId: enterpriseB,
  });
  const pupil2011 = await b.person(A1S, { name: 'Одиннадцатов', birth: '2011-04-04', category: 'student' });
  const pupil2012 = await b.person(A1K, { name: 'Двенадцатов', birth: '2012-04-04', category: 'student' });
  await b.pair(A1S, {
    start: '2023-02-01',
    end: '2023-06-30',
    members: [
      { personId: e2, role: 'mentor' },
      { personId: pupil2011, role: 'mentee' },
    ],
  });
  await b.pair(A1K, {
    start: '2023-03-01',
    end: '2023-05-31',
    members: [
      { personId: e3, role: 'mentor' },
      { personId: pupil2012, role: 'mentee' },
    ],
  });

  // Cancelled: counts up to its cancellation (2022 only), and one cancelled before its start.
  const cancelled = await b.person(A1S, { name: 'Отменов', birth: '2009-09-09', category: 'student' });
  const never = await b.person(A1S, { name: 'Несостоявшийся', birth: '2010-10-10', category: 'student' });
  await b.pair(A1S, {
    start: '2022-11-01',
    end: '2023-06-30',
    cancelledAt: '2022-12-15',
    members: [
      { personId: teacherA1, role: 'mentor' },
      { personId: cancelled, role: 'mentee' },
    ],
  });
  await b.pair(A1S, {
    start: '2024-03-01',
    cancelledAt: '2024-02-01',
    members: [
      { personId: teacherA1, role: 'mentor' },
      { personId: never, role: 'mentee' },
    ],
  });

  // The young-specialist boundary: careers from 2019 (3 years in 2022, 4 in 2023) and 2020.
  const young2019 = await b.person(A2S, {
    name: 'Молодова',
    birth: '1997-07-07',
    category: 'teacher',
    career: 2019,
  });
  const young2020 = await b.person(A2S, {
    name: 'Новикова',
    birth: '1998-08-08',
    category: 'teacher',
    career: 2020,
  });
  await b.pair(A2S, {
    start: '2022-09-01',
    end: '2023-06-30',
    members: [
      { personId: teacherA2, role: 'mentor' },
      { personId: young2019, role: 'mentee' },
      { personId: young2020, role: 'mentee' },
    ],
  });

  // A draft counts nowhere; a late joiner counts from their own start; a person without a
  // birth date has no key, no age, but is a participant and a respondent.
  const drafted = await b.person(A1S, { name: 'Черновиков', birth: '2010-01-01', category: 'student' });
  await b.pair(A1S, {
    start: '2024-01-10',
    status: 'draft',
    members: [
      { personId: teacherA1, role: 'mentor' },
      { personId: drafted, role: 'mentee' },
    ],
  });
  const late = await b.person(A2S, { name: 'Опоздавший', birth: '2012-02-02', category: 'student' });
  const early = await b.person(A2S, { name: 'Первый', birth: '2012-03-03', category: 'student' });
  const keyless = await b.person(A2S, { name: 'Бездатов', birth: null, category: 'student' });
  await b.pair(A2S, {
    start: '2024-09-01',
    members: [
      { personId: teacherA2, role: 'mentor' },
      { personId: early, role: 'mentee' },
      { personId: late, role: 'mentee', start: '2025-02-01' },
      { personId: keyless, role: 'mentee' },
    ],
  });
  await b.response(A2S, keyless, 'mentee', '2025-03-01T09:00:00Z', 8);
  await b.response(A2S, teacherA2, 'mentor', '2025-03-01T09:00:00Z', 7);

  // A pupil who will withdraw consent (erased by a test): an open participation since 2023.
  const withdrawingId = await b.person(A1S, { name: 'Отозванный', birth: '2009-05-05', category: 'student' });
  await b.pair(A1S, {
    start: '2023-09-01',
    members: [
      { personId: teacherA1, role: 'mentor' },
      { personId: withdrawingId, role: 'mentee' },
    ],
  });
  await b.response(A1S, withdrawingId, 'mentee', '2024-03-01T09:00:00Z', 10);

  // Denominators: the region every year but 2023 for 10–19; A1 every year; A2 none in 2024;
  // one organisation's own count.
  const stats: { type: 'region' | 'municipality' | 'organisation'; id: string; years: number[] }[] = [
    { type: 'region', id: region, years: range(2020, CURRENT_YEAR) },
    { type: 'municipality', id: fx.municipalities.A1.id, years: range(2020, CURRENT_YEAR) },
    {
      type: 'municipality',
      id: fx.municipalities.A2.id,
      years: range(2020, CURRENT_YEAR).filter((y) => y !== 2024),
    },
  ];
  const metrics = ['children_10_19', 'children_15_19', 'young_teachers', 'enterprises'] as const;
  const rows = stats.flatMap((s) =>
    s.years.flatMap((year) =>
      metrics
        .filter((metric) => !(s.type === 'region' && year === 2023 && metric === 'children_10_19'))
        .map((metric, i) => ({
          region_id: region,
          territory_type: s.type,
          territory_id: s.id,
          year,
          metric,
          value: 10 + year - 2020 + i,
        })),
    ),
  );
  rows.push({
    region_id: region,
    territory_type: 'organisation',
    territory_id: A1S,
    year: 2022,
    metric: 'children_10_19',
    value: 50,
  });
  await owner
    .insertInto('territory_statistics')
    .values(rows)
    .onConflict((oc) => oc.columns(['territory_type', 'territory_id', 'year', 'metric']).doNothing())
    .execute();
  return { moverKey, withdrawingId, enterpriseB };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
