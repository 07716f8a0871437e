import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { recomputeOrganisation, recomputeRegion } from '@nastavnik/db';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { caseBuilder, differencesFromReference, snapshot } from './kpi-cases.test-support.ts';

/*
 * The incremental path (packages/db/src/kpi/delta.ts) under a seeded random walk: people
 * recorded in several organisations of two municipalities (one key), pairs of every status
 * added and removed, member dates moved, responses added and removed at any time of any
 * year. After every step only the organisation that changed is recomputed, through the
 * delta path, and every snapshot of the region must equal the simple reference.
 */

let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db?.drop();
});

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const date = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('incremental recompute, random walk', () => {
  it('stays equal to the reference after every single change', async () => {
    const rnd = prng(20_240_601);
    const b = caseBuilder(db.owner);
    const region = fx.regions.A.id;
    const orgs = [
      fx.organisations.A1school.id,
      fx.organisations.A1kindergarten.id,
      fx.organisations.A2school.id,
    ];
    const people = new Map<string, string[]>(orgs.map((o) => [o, []]));
    // Twelve humans, each recorded in one to three of the organisations (one key each).
    for (let h = 0; h < 12; h++) {
      const category = rnd.pick(['student', 'student', 'teacher', 'enterprise_employee'] as const);
      const birth =
        category === 'student' ? date(rnd.int(2004, 2014), 6, 1) : date(rnd.int(1970, 2000), 3, 1);
      const key = `key-walk-${h}`;
      for (const org of orgs.filter(() => rnd.chance(0.6))) {
        const id = await b.person(org, {
          name: `Блуждающий-${h}`,
          birth,
          category,
          key,
          career: category === 'teacher' ? rnd.int(2017, 2024) : undefined,
          enterpriseId: category === 'enterprise_employee' ? fx.enterprises.A.id : undefined,
        });
        people.get(org)!.push(id);
      }
    }
    for (const org of orgs) {
      while (people.get(org)!.length < 3) {
        people
          .get(org)!
          .push(await b.person(org, { name: 'Дополнительный', birth: '2010-01-01', category: 'student' }));
      }
    }
    await recomputeRegion(db.app, region);
    expect(await differencesFromReference(db.owner, region)).toEqual([]);

    const vias: string[] = [];
    for (let step = 0; step < 80; step++) {
      const org = rnd.pick(orgs);
      const ids = people.get(org)!;
      const op = rnd.int(0, 9);
      if (op <= 3) {
        const [mentor, mentee] = [rnd.pick(ids), rnd.pick(ids)];
        if (mentor === mentee) continue;
        const start = date(rnd.int(2020, 2026), rnd.int(1, 12), rnd.int(1, 28));
        const y = Number(start.slice(0, 4));
        const end = rnd.chance(0.4) ? undefined : date(rnd.int(y, 2026), 12, 28);
        const status = rnd.pick(['active', 'completed', 'cancelled', 'draft'] as const);
        await b.pair(org, {
          start,
          end,
          status,
          cancelledAt: status === 'cancelled' ? date(rnd.int(y - 1, 2026), rnd.int(1, 12), 15) : undefined,
          members: [
            { personId: mentor, role: 'mentor' },
            { personId: mentee, role: 'mentee', start: rnd.chance(0.2) ? date(y, 12, 1) : undefined },
          ],
        });
      } else if (op <= 5) {
        const at = new Date(Date.UTC(rnd.int(2020, 2026), rnd.int(0, 11), rnd.int(1, 31), rnd.int(0, 23)));
        if (at.getTime() > Date.now()) continue;
        await b.response(
          org,
          rnd.pick(ids),
          rnd.pick(['mentor', 'mentee'] as const),
          at.toISOString(),
          rnd.int(1, 10),
        );
      } else if (op === 6) {
        await sql`DELETE FROM survey_responses WHERE id = (
                    SELECT id FROM survey_responses WHERE organisation_id = ${org} ORDER BY random() LIMIT 1)`.execute(
          db.owner,
        );
      } else if (op === 7) {
        await sql`DELETE FROM pairs WHERE id = (
                    SELECT id FROM pairs p WHERE organisation_id = ${org}
                       AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.pair_id = p.id)
                     ORDER BY random() LIMIT 1)`.execute(db.owner);
      } else {
        await sql`UPDATE pair_members SET end_date = NULL, start_date = ${date(rnd.int(2020, 2026), 6, 1)}::date
                   WHERE id = (SELECT id FROM pair_members WHERE organisation_id = ${org} ORDER BY random() LIMIT 1)`.execute(
          db.owner,
        );
      }
      const result = await recomputeOrganisation(db.app, { regionId: region, organisationId: org });
      vias.push(result.via);
      expect(await differencesFromReference(db.owner, region), `step ${step}`).toEqual([]);
    }
    // The walk went through the delta path, not around it.
    expect(vias.filter((v) => v === 'delta').length).toBeGreaterThan(40);
    expect(vias).not.toContain('rollup');
  }, 120_000);

  it('falls back to a rollup when a snapshot row is missing, with the same figures', async () => {
    const region = fx.regions.A.id;
    const org = fx.organisations.A2school.id;
    await sql`DELETE FROM kpi_snapshots WHERE territory_id = ${region} AND year = 2025`.execute(db.owner);
    const b = caseBuilder(db.owner);
    const mentor = await b.person(org, { name: 'Запасной', birth: '1985-01-01', category: 'teacher' });
    const mentee = await b.person(org, { name: 'Запасная', birth: '2011-01-01', category: 'student' });
    await b.pair(org, {
      start: '2025-02-01',
      end: '2025-05-31',
      members: [
        { personId: mentor, role: 'mentor' },
        { personId: mentee, role: 'mentee' },
      ],
    });
    const result = await recomputeOrganisation(db.app, { regionId: region, organisationId: org });
    expect(result.via).toBe('rollup');
    expect(await snapshot(db.owner, region, 2025, 'mentees_10_19')).toBeDefined();
    expect(await differencesFromReference(db.owner, region)).toEqual([]);
  });
});
