import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { generateDemoRegion } from '@nastavnik/db/seed';
import { recomputeRegion } from '@nastavnik/db';
import { differencesFromReference, snapshotsOf, YEARS } from './kpi-cases.test-support.ts';

/*
 * The demo region (150 organisations, 9,000 persons, pairs 2020–2025, surveys, statistics):
 * the snapshots the seed leaves behind, and a full recompute from nothing as the app role,
 * both equal to the simple reference for every territory, year and indicator.
 */

let db: TestDatabase;
let regionId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await generateDemoRegion(db.owner, { personKeySecret: 'test-person-key-secret', seed: 7 });
  regionId = (await db.owner.selectFrom('regions').select('id').executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(async () => {
  await db?.drop();
});

describe('the demo region', () => {
  it('opens with figures: the seed computed every snapshot, as the reference does', async () => {
    const rows = await snapshotsOf(db.owner, regionId);
    // 150 organisations + 12 municipalities + the region, every year, six indicators.
    expect(rows).toHaveLength(163 * (YEARS.to - YEARS.from + 1) * 6);
    expect(rows.some((r) => r.numerator > 0)).toBe(true);
    expect(await differencesFromReference(db.owner, regionId)).toEqual([]);
  }, 120_000);

  it('a full recompute from nothing, as the app role, gives the same figures', async () => {
    await sql`TRUNCATE kpi_facts, kpi_snapshots, kpi_outbox`.execute(db.owner);
    const started = Date.now();
    const result = await recomputeRegion(db.app, regionId);
    const ms = Date.now() - started;
    expect(result).toMatchObject({ organisations: 150, changed: 150 });
    console.info(
      `[kpi] demo region full recompute: ${ms} ms (facts ${result.factsMs} ms, rollup ${result.rollupMs} ms)`,
    );
    expect(await differencesFromReference(db.owner, regionId)).toEqual([]);
    const again = Date.now();
    const second = await recomputeRegion(db.app, regionId);
    console.info(`[kpi] demo region full recompute, nothing changed: ${Date.now() - again} ms`);
    expect(second.changed).toBe(0);
  }, 120_000);
});
