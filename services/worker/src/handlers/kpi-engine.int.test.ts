import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { asKpiRole, assertRoleIsConfined, recomputeRegion, withScope, type Scope } from '@nastavnik/db';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import {
  buildKpiCases,
  differencesFromReference,
  snapshot,
  snapshotsOf,
  YEARS,
} from './kpi-cases.test-support.ts';

/*
 * The KPI engine against the simple reference (tests/support/kpi-reference.ts) on the
 * generated region of kpi-cases.test-support.ts: every snapshot of every territory, year
 * and indicator. Plus the figures KPI.md dictates for the edge cases, checked by hand, so
 * the comparison is not two implementations agreeing on one mistake; and the database
 * side of the design: outbox triggers, the KPI role's confinement.
 */

let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
  await buildKpiCases(db.owner, fx);
});
afterAll(async () => {
  await db?.drop();
});

const figure = async (territoryId: string, year: number, indicator: string) => {
  const row = await snapshot(db.owner, territoryId, year, indicator);
  return row && [row.numerator, row.denominator, row.participants];
};

describe('full recompute', () => {
  it('writes every territory × year × indicator exactly as the reference computes it', async () => {
    const result = await recomputeRegion(db.app, fx.regions.A.id);
    expect(result.organisations).toBe(3);
    expect(await differencesFromReference(db.owner, fx.regions.A.id)).toEqual([]);
    // Region, 2 municipalities, 3 organisations; every year; six indicators.
    const years = YEARS.to - YEARS.from + 1;
    expect(await snapshotsOf(db.owner, fx.regions.A.id)).toHaveLength(6 * years * 6);
    // The outbox rows the fixtures' inserts left in region A are cleared (B's stay).
    expect(await outboxCount(sql`region_id = ${fx.regions.A.id}`)).toBe(0);
    expect(await outboxCount(sql`region_id = ${fx.regions.B.id}`)).toBeGreaterThan(0);
  });

  it('gives the figures KPI.md dictates for the edge cases', async () => {
    const { A: region } = fx.regions;
    const { A1, A2 } = fx.municipalities;
    const { A1school, A2school } = fx.organisations;
    // 2022 mentees 10–19: the mover (A1-school and A2-school: once in the region), age19
    // (19), the cancelled one (until 15.12), the five-year one; not age9 (9), not the
    // 19-year-old teacher. Region denominator entered; A1-school's own count 50.
    expect(await figure(region.id, 2022, 'mentees_10_19')).toEqual([4, 12, null]);
    expect(await figure(A1.id, 2022, 'mentees_10_19')).toEqual([3, 12, null]);
    expect(await figure(A2.id, 2022, 'mentees_10_19')).toEqual([2, 12, null]);
    expect(await figure(A1school.id, 2022, 'mentees_10_19')).toEqual([3, 50, null]);
    // 2023: age9 is 10 now, age19 is 20; the cancelled pair is over; region has no figure.
    expect(await figure(region.id, 2023, 'mentees_10_19')).toEqual([6, null, null]);
    // Mentors 15–19: 2022 the 19-year-old only; 2023 the 15-year-old only.
    expect((await figure(region.id, 2022, 'mentors_15_19'))?.[0]).toBe(1);
    expect((await figure(region.id, 2023, 'mentors_15_19'))?.[0]).toBe(1);
    // Young specialists: 2022 — careers from 2019 (3 years), 2020 and 2022; 2023 — not 2019's.
    expect((await figure(region.id, 2022, 'young_teachers_mentored'))?.[0]).toBe(3);
    expect((await figure(region.id, 2023, 'young_teachers_mentored'))?.[0]).toBe(2);
    // Enterprises 2023: enterprise A (mentors in A1 and A2) once, enterprise B once.
    expect((await figure(region.id, 2023, 'enterprises_with_mentors'))?.[0]).toBe(2);
    expect((await figure(A1.id, 2023, 'enterprises_with_mentors'))?.[0]).toBe(2);
    expect((await figure(A2.id, 2023, 'enterprises_with_mentors'))?.[0]).toBe(1);
    // A2 has no statistics for 2024: no denominator, never 0.
    expect((await figure(A2.id, 2024, 'enterprises_with_mentors'))?.[1]).toBeNull();
    // Mentee satisfaction 2022: the mover's latest (4, in A2-school) decides in A1-school
    // too; participants: the mover, age9, age19, the cancelled one (any age).
    expect(await figure(A1school.id, 2022, 'mentee_satisfaction')).toEqual([0, 1, 4]);
    // Mentor satisfaction 2022: 00:30 on 1 January in Moscow is 2022, not 2021.
    expect(await figure(A2school.id, 2022, 'mentor_satisfaction')).toEqual([1, 1, 2]);
    expect(await figure(A2school.id, 2021, 'mentor_satisfaction')).toEqual([0, 0, 1]);
  });

  it('is idempotent: a second run changes no fact and the same figures', async () => {
    const before = await snapshotsOf(db.owner, fx.regions.A.id);
    const again = await recomputeRegion(db.app, fx.regions.A.id);
    expect(again.changed).toBe(0);
    const after = await snapshotsOf(db.owner, fx.regions.A.id);
    const strip = (rows: typeof before) => rows.map(({ computed_at: _, ...r }) => JSON.stringify(r)).sort();
    expect(strip(after)).toEqual(strip(before));
  });
});

async function outboxCount(where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_outbox WHERE ${where}`.execute(
    db.owner,
  );
  return rows[0]!.n;
}

const curatorScope = (): Scope => ({
  regionId: fx.regions.A.id,
  organisationId: fx.organisations.A1school.id,
  userId: fx.users.aCurator.id,
  role: 'curator',
});

describe('outbox triggers', () => {
  it('write one row per organisation per transaction, in the writer’s transaction', async () => {
    await sql`DELETE FROM kpi_outbox`.execute(db.owner);
    const org = fx.organisations.A1school.id;
    // 500 persons in one statement and more statements after it, as the app role in the
    // curator's scope: one row.
    await withScope(db.app, curatorScope(), async (tx) => {
      await sql`
        INSERT INTO persons (organisation_id, last_name, first_name, category)
        SELECT ${org}, 'Массов-' || g, 'Импорт', 'student' FROM generate_series(1, 500) g`.execute(tx);
      await sql`UPDATE persons SET first_name = 'Импортов' WHERE last_name LIKE 'Массов-%'`.execute(tx);
      await sql`DELETE FROM persons WHERE last_name = 'Массов-500'`.execute(tx);
    });
    expect(await outboxCount()).toBe(1);
    expect(await outboxCount(sql`organisation_id = ${org} AND region_id = ${fx.regions.A.id}`)).toBe(1);
    // One statement over two organisations (the owner, as a migration would): two rows.
    await sql`UPDATE persons SET updated_at = now()
               WHERE organisation_id IN (${org}, ${fx.organisations.A2school.id})`.execute(db.owner);
    expect(await outboxCount()).toBe(3);
    // A rolled-back change leaves nothing behind.
    await expect(
      withScope(db.app, curatorScope(), async (tx) => {
        await sql`DELETE FROM persons WHERE last_name = 'Массов-1'`.execute(tx);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await outboxCount()).toBe(3);
    // Region-level tables note the region (organisation_id NULL).
    await withScope(
      db.app,
      { regionId: fx.regions.A.id, userId: fx.users.aRegionAdmin.id, role: 'region_admin' },
      (tx) =>
        tx
          .updateTable('territory_statistics')
          .set({ value: sql`value + 1` })
          .where('territory_type', '=', 'region')
          .execute(),
    );
    expect(await outboxCount(sql`organisation_id IS NULL AND kind = 'statistics'`)).toBe(1);
    await sql`DELETE FROM persons WHERE last_name LIKE 'Массов-%'`.execute(db.owner);
    await sql`UPDATE territory_statistics SET value = value - 1 WHERE territory_type = 'region'`.execute(
      db.owner,
    );
  });
});

describe('the KPI role', () => {
  it('cannot read persons or any personal data, and the app role does not inherit it', async () => {
    const read = (table: string) =>
      withScope(db.app, { regionId: fx.regions.A.id, role: 'system' }, (tx) =>
        asKpiRole(tx, () => sql`SELECT count(*) FROM ${sql.table(table)}`.execute(tx)),
      ).then(
        () => 'read',
        (err: { code?: string }) => err.code,
      );
    for (const t of ['persons', 'consents', 'pairs', 'pair_members', 'survey_responses', 'questionnaires'])
      expect(await read(t), t).toBe('42501');
    expect(await read('kpi_facts')).toBe('read');
    // Without switching, the app role sees only its own organisation's facts.
    const visible = await withScope(db.app, curatorScope(), (tx) =>
      sql<{ org: string }>`SELECT DISTINCT organisation_id AS org FROM kpi_facts`.execute(tx),
    );
    expect(visible.rows.map((r) => r.org)).toEqual([fx.organisations.A1school.id]);
    const asAdmin = await withScope(
      db.app,
      { regionId: fx.regions.A.id, userId: fx.users.aRegionAdmin.id, role: 'region_admin' },
      (tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_facts`.execute(tx),
    );
    expect(asAdmin.rows[0]!.n).toBe(0);
    // Nor may the app role write snapshots itself.
    const write = await withScope(db.app, { regionId: fx.regions.A.id, role: 'system' }, (tx) =>
      sql`DELETE FROM kpi_snapshots`.execute(tx),
    ).catch((err: { code?: string }) => err.code);
    expect(write).toBe('42501');
    await expect(assertRoleIsConfined(db.app as never)).resolves.toBeUndefined();
  });

  it('reads only the region in scope', async () => {
    const other = await withScope(db.app, { regionId: fx.regions.B.id, role: 'system' }, (tx) =>
      asKpiRole(tx, () => sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_facts`.execute(tx)),
    );
    expect(other.rows[0]!.n).toBe(0);
  });
});
