import { afterAll, beforeAll, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { withScope } from '@nastavnik/db';
import { createTestApp, principalOf, type TestApp } from '../../../../../tests/support/harness.ts';
import { pageQuery } from './persons.list.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  const org = t.fixtures.organisations.A1school.id;
  const surnames = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Ёжиков', 'Петров', 'Соколов'];
  await sql`
    INSERT INTO persons (organisation_id, last_name, first_name, middle_name, birth_date, birth_year, category,
                         in_mentee_base, in_mentor_base, email, phone, person_key, created_at)
    SELECT ${org}::uuid, (${surnames}::text[])[1 + i % 8] || '-' || lpad(i::text, 5, '0'), 'Имя' || (i % 97), 'Отчество' || (i % 89),
           date '2005-01-01' + (i % 4000), extract(year FROM date '2005-01-01' + (i % 4000))::int,
           CASE WHEN i % 10 = 0 THEN 'teacher' ELSE 'student' END, i % 10 <> 0, i % 10 = 0,
           'p' || i || '@scale.test', '+7900' || lpad(i::text, 7, '0'), 'scale-' || i, now() - make_interval(secs => i)
      FROM generate_series(1, 50000) AS i`.execute(t.db.owner);
  await sql`INSERT INTO consents (organisation_id, person_id, given_by, given_at, version_id)
    SELECT organisation_id, id, 'self', date '2025-01-01', '00000000-0000-4000-8000-000000000c02'::uuid FROM persons WHERE person_key LIKE 'scale-%'`.execute(
    t.db.owner,
  );
  await sql`VACUUM ANALYZE persons`.execute(t.db.owner);
  await sql`VACUUM ANALYZE consents`.execute(t.db.owner);
}, 120000);
afterAll(async () => {
  await t?.close();
});

it('explain', async () => {
  const u = t.fixtures.users.aCurator;
  const p = principalOf(u);
  const org = t.fixtures.organisations.A1school.id;
  for (const raw of [
    `SELECT p.id FROM persons p WHERE organisation_id = '${org}' AND in_mentee_base AND erased_at IS NULL ORDER BY translate(last_name,'Ёё','Ее') DESC, translate(first_name,'Ёё','Ее') DESC, translate(middle_name,'Ёё','Ее') DESC, id DESC LIMIT 25 OFFSET 24975`,
    `SELECT p.id, translate(last_name,'Ёё','Ее') k0 FROM persons p WHERE organisation_id = '${org}' AND in_mentee_base AND erased_at IS NULL ORDER BY translate(last_name,'Ёё','Ее') DESC, translate(first_name,'Ёё','Ее') DESC, translate(middle_name,'Ёё','Ее') DESC, id DESC LIMIT 25 OFFSET 24975`,
    `SELECT count(*) FROM persons p WHERE organisation_id = '${org}' AND in_mentee_base AND erased_at IS NULL`,
    `SELECT count(*) FROM persons p WHERE replace(lower(concat_ws(' ', p.last_name, p.first_name, p.middle_name)), 'ё', 'е') LIKE '%ежиков-0%'`,
  ]) {
    for (let i = 0; i < 3; i++) {
      await withScope(
        t.db.app,
        { regionId: u.regionId, organisationId: u.organisationId, userId: u.id, role: 'curator' },
        async (tx) => {
          const r = await tx.executeQuery(CompiledQuery.raw('EXPLAIN (ANALYZE) ' + raw, []));
          const lines = r.rows.map((x: any) => x['QUERY PLAN']);
          console.log(raw.slice(0, 60), lines.filter((l: string) => /Execution|Scan/.test(l)).join(' | '));
        },
      );
    }
  }
  const cases = JSON.parse(process.env.CASES ?? '[]');
  for (const args of cases) {
    await withScope(
      t.db.app,
      { regionId: u.regionId, organisationId: u.organisationId, userId: u.id, role: 'curator' },
      async (tx) => {
        const c = pageQuery(tx, p, args).compile();
        const r = await tx.executeQuery(
          CompiledQuery.raw('EXPLAIN (ANALYZE, BUFFERS) ' + c.sql, [...c.parameters]),
        );
        console.log(
          JSON.stringify(args) + '\n' + c.sql + '\n' + r.rows.map((x: any) => x['QUERY PLAN']).join('\n'),
        );
      },
    );
  }
}, 60000);
