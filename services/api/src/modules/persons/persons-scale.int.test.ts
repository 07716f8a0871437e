import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, type Api } from './test-support.ts';

/*
 * A college's base: 50,000 persons in one organisation. A page of the list (with its total
 * and the audit entry) must still answer fast (see expectFast); every order walks
 * a partial index of migration 0005 instead of sorting the base.
 */

const PERSONS = 50_000;
let t: TestApp;
let api: Api;

beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  api = apiOf(t);
  const org = t.fixtures.organisations.A1school.id;
  const surnames = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Ёжиков', 'Петров', 'Соколов'];
  await sql`
    INSERT INTO persons (organisation_id, last_name, first_name, middle_name, birth_date, birth_year, category,
                         in_mentee_base, in_mentor_base, email, phone, person_key, created_at)
    SELECT ${org}::uuid,
           (${surnames}::text[])[1 + i % 8] || '-' || lpad(i::text, 5, '0'),
           'Имя' || (i % 97), 'Отчество' || (i % 89),
           date '2005-01-01' + (i % 4000), extract(year FROM date '2005-01-01' + (i % 4000))::int,
           CASE WHEN i % 10 = 0 THEN 'teacher' ELSE 'student' END,
           i % 10 <> 0, i % 10 = 0,
           'p' || i || '@scale.test', '+7900' || lpad(i::text, 7, '0'), 'scale-' || i,
           now() - make_interval(secs => i)
      FROM generate_series(1, ${PERSONS}) AS i`.execute(t.db.owner);
  await sql`
    INSERT INTO consents (organisation_id, person_id, given_by, given_at, version_id)
    SELECT organisation_id, id, 'self', date '2025-01-01', '00000000-0000-4000-8000-000000000c02'::uuid
      FROM persons WHERE person_key LIKE 'scale-%'`.execute(t.db.owner);
  await sql`VACUUM ANALYZE persons`.execute(t.db.owner);
  await sql`VACUUM ANALYZE consents`.execute(t.db.owner);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function timed(url: string) {
  const times: number[] = [];
  let body: { total: number; items: unknown[] } | undefined;
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const res = await api.get(url);
    times.push(performance.now() - started);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    body = res.json();
  }
  times.sort((a, b) => a - b);
  // SHOW_TIMES=1 prints the seven timings of each URL (ms), to see the margin.
  if (process.env.SHOW_TIMES) console.log(url, times.map((x) => x.toFixed(0)).join(' '));
  return { best: times[0]!, median: times[3]!, body: body! };
}

/**
 * On a quiet machine a page takes 16–75 ms. The integration files run two at a time on a
 * two-core machine beside other load, so a single timing is often another process's time:
 * the best of seven is held under 200 ms and the median under 400 ms (measured under load:
 * 108 ms best for the deep page), while the plan tests below pin the structural guarantee
 * (an index walk, never a sort of the whole base).
 */
function expectFast(r: { best: number; median: number }) {
  expect(r.best).toBeLessThan(200);
  expect(r.median).toBeLessThan(400);
}

describe(`a base of ${PERSONS} persons`, () => {
  it('pages in name order fast, with the total', async () => {
    const first = await timed('/api/persons?base=mentees');
    expect(first.body.total).toBe(45_000 + 1);
    expectFast(first);
    const deep = await timed('/api/persons?base=mentees&page=1000&sort=-name');
    expect(deep.body.items).toHaveLength(25);
    expectFast(deep);
  });

  it('searches, filters and sorts by birth date fast', async () => {
    const search = await timed(`/api/persons?base=mentees&q=${encodeURIComponent('ежиков-0')}`);
    expect(search.body.total).toBeGreaterThan(0);
    expectFast(search);
    const byBirth = await timed('/api/persons?base=mentees&sort=birthDate&consent=active');
    expectFast(byBirth);
    const youngest = await timed('/api/persons?base=mentees&sort=-birthDate&category=student&page=3');
    expect(youngest.body.items).toHaveLength(25);
    expectFast(youngest);
  });

  it('uses the partial name index for the default page', async () => {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT id FROM persons p
       WHERE p.organisation_id = ${t.fixtures.organisations.A1school.id}::uuid AND p.in_mentee_base AND p.erased_at IS NULL
       ORDER BY translate(p.last_name, 'Ёё', 'Ее'), translate(p.first_name, 'Ёё', 'Ее'), translate(p.middle_name, 'Ёё', 'Ее'), p.id
       LIMIT 25`.execute(t.db.owner);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('persons_mentees_name_idx');
  });
});
