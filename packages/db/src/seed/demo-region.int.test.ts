import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { verify } from '@node-rs/argon2';
import { innError } from '@nastavnik/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import type { Database } from '../schema.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, generateDemoRegion, resetData } from './index.ts';

/*
 * The demo region on real PostgreSQL: sizes, consents, pair structure, tenancy of every
 * row, shared person keys, logins, and determinism (two databases, one seed, same rows).
 */
const SECRET = 'test-person-key-secret';
let first: TestDatabase;
let second: TestDatabase;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await Promise.all([
    generateDemoRegion(first.owner, { personKeySecret: SECRET, seed: 7 }),
    generateDemoRegion(second.owner, { personKeySecret: SECRET, seed: 7 }),
  ]);
});

afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

async function count(db: Kysely<Database>, query: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`${sql.raw(query)}`.execute(db);
  return Number(rows[0]!.n);
}

describe('demo region', () => {
  it('has the planned size, with every kind of organisation and every category of person', async () => {
    const db = first.owner;
    const n = (table: string) => count(db, `SELECT count(*) AS n FROM ${table}`);
    expect(await n('regions')).toBe(1);
    expect(await n('municipalities')).toBe(12);
    expect(await n('organisations')).toBe(150);
    expect(await n('enterprises')).toBe(25);
    expect(await n('persons')).toBe(9000);
    expect(await n('consents')).toBe(9000);
    expect(await n('programmes')).toBeGreaterThan(500);
    expect(await n('pairs')).toBeGreaterThan(2500);
    expect(await n('pairs')).toBeLessThan(8000);
    expect(await n('pair_members')).toBeGreaterThan(2 * (await n('pairs')));
    expect(await n('survey_responses')).toBeGreaterThan(5000);
    expect(await n('kpi_targets')).toBe(36);
    // Region + 12 municipalities, 6 years, 4 metrics, minus one municipality's missing year.
    expect(await n('territory_statistics')).toBe(13 * 6 * 4 - 4);
    expect(await n('users')).toBeGreaterThanOrEqual(12);

    const kinds = await db.selectFrom('organisations').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['additional', 'college', 'kindergarten', 'school']);
    const categories = await db.selectFrom('persons').select('category').distinct().execute();
    expect(categories).toHaveLength(6);
    const statuses = await db.selectFrom('pairs').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['active', 'cancelled', 'completed', 'draft']);
    const forms = await count(db, 'SELECT count(DISTINCT form_id) AS n FROM pairs');
    expect(forms).toBe(6);
  });

  it('gives every organisation and enterprise a valid INN and a believable name', async () => {
    const orgs = await first.owner.selectFrom('organisations').select(['inn', 'name']).execute();
    const enterprises = await first.owner.selectFrom('enterprises').select(['inn', 'name']).execute();
    for (const row of [...orgs, ...enterprises]) expect(innError(row.inn, 'legal'), row.inn).toBeNull();
    expect(orgs.map((o) => o.name)).toContain('МАОУ «Лицей № 1»');
    expect(orgs.some((o) => /^МБДОУ «Детский сад № \d+ «.+»»$/.test(o.name))).toBe(true);
    expect(orgs.some((o) => /^ГБПОУ «.+ колледж/.test(o.name))).toBe(true);
    expect(enterprises.every((e) => /^(ООО|АО|ПАО|АНО) «/.test(e.name))).toBe(true);
  });

  it('records a consent for every person, by a representative for minors', async () => {
    const db = first.owner;
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons p WHERE NOT EXISTS (
        SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.organisation_id = p.organisation_id AND c.withdrawn_at IS NULL)`,
      ),
    ).toBe(0);
    // A minor on the day of consent: given by a representative, with a name and a relation.
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM consents c JOIN persons p ON p.id = c.person_id
        WHERE c.given_at < p.birth_date + interval '18 years'
          AND (c.given_by <> 'representative' OR c.representative_name IS NULL
               OR c.representative_relation NOT IN ('мать', 'отец', 'законный представитель'))`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM consents c JOIN persons p ON p.id = c.person_id
        WHERE c.given_at >= p.birth_date + interval '18 years' AND c.given_by <> 'self'`,
      ),
    ).toBe(0);
  });

  it('gives people the ages and attributes of their category', async () => {
    const db = first.owner;
    // Students are 7–19 in the current year; colleges also have 15–22-year-olds and partner pupils.
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.category = 'student' AND (2025 - p.birth_year) NOT BETWEEN (CASE o.kind WHEN 'college' THEN 12 ELSE 7 END)
          AND (CASE o.kind WHEN 'college' THEN 22 ELSE 19 END)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons WHERE category = 'teacher' AND career_start_year IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons WHERE category = 'teacher' AND 2025 - career_start_year BETWEEN 0 AND 3`,
      ),
    ).toBeGreaterThan(100);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons WHERE category = 'enterprise_employee' AND enterprise_id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM persons WHERE 2025 - birth_year < 18 AND (email IS NOT NULL OR phone IS NOT NULL)`,
      ),
    ).toBe(0);
    expect(
      await count(db, `SELECT count(*) AS n FROM persons WHERE category = 'teacher' AND email LIKE '%@%'`),
    ).toBeGreaterThan(500);
  });

  it('gives every pair one mentor and at least one mentee, all of its own organisation', async () => {
    const db = first.owner;
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM pairs p WHERE
        (SELECT count(*) FROM pair_members m WHERE m.pair_id = p.id AND m.role = 'mentor') <> 1
        OR NOT EXISTS (SELECT 1 FROM pair_members m WHERE m.pair_id = p.id AND m.role = 'mentee')`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM pair_members m JOIN pairs p ON p.id = m.pair_id JOIN persons per ON per.id = m.person_id
        JOIN programmes pr ON pr.id = p.programme_id
        WHERE m.organisation_id <> p.organisation_id OR per.organisation_id <> p.organisation_id OR pr.organisation_id <> p.organisation_id`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM survey_responses r JOIN pair_members m ON m.pair_id = r.pair_id AND m.person_id = r.person_id
        WHERE r.role <> m.role OR r.organisation_id <> m.organisation_id`,
      ),
    ).toBe(0);
    // Groups have members with their own dates, always inside the group's.
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM pair_members WHERE start_date IS NOT NULL OR end_date IS NOT NULL`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM pair_members m JOIN pairs p ON p.id = m.pair_id
        WHERE m.start_date < p.start_date OR m.end_date > p.end_date`,
      ),
    ).toBe(0);
    // Past school years are closed; only the current one has active pairs and drafts.
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM pairs p JOIN programmes pr ON pr.id = p.programme_id
        WHERE (pr.school_year < 2025 AND p.status NOT IN ('completed', 'cancelled'))
           OR (pr.school_year = 2025 AND p.status = 'completed')`,
      ),
    ).toBe(0);
  });

  it('uses each form with the categories it allows', async () => {
    const wrong = await count(
      first.owner,
      `SELECT count(*) AS n FROM pair_members m JOIN pairs p ON p.id = m.pair_id JOIN mentoring_forms f ON f.id = p.form_id
        JOIN persons per ON per.id = m.person_id
        WHERE NOT (per.category = ANY (CASE m.role WHEN 'mentor' THEN f.mentor_categories ELSE f.mentee_categories END))`,
    );
    expect(wrong).toBe(0);
  });

  it('records some people in two organisations of different municipalities under one key', async () => {
    const shared = await count(
      first.owner,
      `SELECT count(*) AS n FROM (
        SELECT p.person_key FROM persons p JOIN organisations o ON o.id = p.organisation_id
        GROUP BY p.person_key HAVING count(DISTINCT o.municipality_id) > 1) s`,
    );
    expect(shared).toBeGreaterThanOrEqual(1);
    // Nobody else collides: the 12 shared humans are the only keys seen twice.
    expect(
      await count(
        first.owner,
        `SELECT count(*) AS n FROM (SELECT person_key FROM persons GROUP BY 1 HAVING count(*) > 1) s`,
      ),
    ).toBe(12);
  });

  it('leaves one municipality without a year of statistics', async () => {
    const missing = await count(
      first.owner,
      `SELECT count(*) AS n FROM municipalities m, generate_series(2020, 2025) y
        WHERE NOT EXISTS (SELECT 1 FROM territory_statistics s WHERE s.territory_id = m.id AND s.year = y)`,
    );
    expect(missing).toBe(1);
  });

  it('creates the demo logins with the demo password, scoped as the README says', async () => {
    const db = first.owner;
    const users = await db
      .selectFrom('users')
      .select(['email', 'role', 'password_hash', 'municipality_id', 'organisation_id', 'full_name', 'status'])
      .where(
        'email',
        'in',
        DEMO_LOGINS.map((l) => l.email),
      )
      .execute();
    expect(users).toHaveLength(4);
    for (const u of users) {
      expect(u.status).toBe('active');
      expect(await verify(u.password_hash!, DEMO_PASSWORD)).toBe(true);
      expect(u.full_name).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(вич|вна|ична|ич)$/);
    }
    const biggest = await db
      .selectFrom('organisations')
      .select(['municipality_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('municipality_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const byRole = Object.fromEntries(users.map((u) => [u.role, u]));
    expect(byRole.municipal_officer!.municipality_id).toBe(biggest.municipality_id);
    expect(byRole.curator!.organisation_id).toBe(byRole.head!.organisation_id);
    const school = await db
      .selectFrom('organisations')
      .select(['kind', 'municipality_id'])
      .where('id', '=', byRole.curator!.organisation_id!)
      .executeTakeFirstOrThrow();
    expect(school).toEqual({ kind: 'school', municipality_id: biggest.municipality_id });
    expect(
      await count(db, `SELECT count(*) AS n FROM users WHERE status = 'invited' AND password_hash IS NULL`),
    ).toBe(1);
  });

  it('gives the same rows for the same seed, identifiers included', async () => {
    const digest = async (db: Kysely<Database>) => {
      const { rows } = await sql<{ persons: string; pairs: string; members: string; responses: string }>`
        SELECT
          (SELECT md5(string_agg(concat_ws('|', id, organisation_id, last_name, first_name, middle_name, birth_date,
              category, career_start_year, enterprise_id, email, phone, person_key), ',' ORDER BY id)) FROM persons) AS persons,
          (SELECT md5(string_agg(concat_ws('|', p.id, p.organisation_id, p.programme_id, f.code, r.name, p.status,
              p.start_date, p.end_date, p.cancelled_at), ',' ORDER BY p.id))
             FROM pairs p JOIN mentoring_forms f ON f.id = p.form_id LEFT JOIN role_models r ON r.id = p.role_model_id) AS pairs,
          (SELECT md5(string_agg(concat_ws('|', id, pair_id, person_id, role, start_date, end_date), ',' ORDER BY id)) FROM pair_members) AS members,
          (SELECT md5(string_agg(concat_ws('|', id, person_id, submitted_at, overall_score, answers::text), ',' ORDER BY id)) FROM survey_responses) AS responses`.execute(
        db,
      );
      return rows[0];
    };
    expect(await digest(second.owner)).toEqual(await digest(first.owner));
  });

  it('resets to an empty database that keeps the national catalogue', async () => {
    const db = second.owner;
    const catalogue = await count(db, `SELECT count(*) AS n FROM mentoring_forms WHERE region_id IS NULL`);
    await resetData(db);
    for (const table of ['regions', 'organisations', 'persons', 'pairs', 'users', 'territory_statistics']) {
      expect(await count(db, `SELECT count(*) AS n FROM ${table}`), table).toBe(0);
    }
    expect(await count(db, `SELECT count(*) AS n FROM mentoring_forms WHERE region_id IS NULL`)).toBe(
      catalogue,
    );
    expect(await count(db, `SELECT count(*) AS n FROM role_models`)).toBeGreaterThan(0);
    await generateDemoRegion(db, { personKeySecret: SECRET, seed: 7 });
    expect(await count(db, `SELECT count(*) AS n FROM persons`)).toBe(9000);
    // Seeding includes ANALYZE and the KPI recompute: ~10 s alone, more beside other files.
  }, 120_000);
});
