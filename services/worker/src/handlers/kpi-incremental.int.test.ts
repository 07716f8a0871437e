import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { recomputeOrganisation, recomputeRegion, withScope, type Scope, type Tx } from '@nastavnik/db';
import { createInProcessQueue, type JobQueue } from '@nastavnik/jobs';
import { insertFixtures, type Fixtures, type FixtureUser } from '../../../../tests/support/fixtures.ts';
import { createHandlers } from '../handlers.ts';
import { startKpiRelay, type KpiRelay } from '../kpi-relay.ts';
import {
  buildKpiCases,
  differencesFromReference,
  snapshotsOf,
  type KpiCases,
} from './kpi-cases.test-support.ts';
import { erasePerson } from './persons-erase.job.ts';
import { todayInMoscow } from './persons.test-support.ts';

/*
 * The incremental path end to end: writes made as the app role in the scopes the API uses
 * (a curator's new pair and survey response, a consent withdrawal with erasure, the region
 * admin's statistics, threshold, time zone, directory) → triggers → outbox → relay → jobs
 * (in-process, the same handlers as under BullMQ) → snapshots equal to the simple reference.
 * And the outbox rule: a change committed while a recompute runs is not lost.
 */

let db: TestDatabase;
let fx: Fixtures;
let cases: KpiCases;
let jobs: JobQueue;
let relay: KpiRelay;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
  cases = await buildKpiCases(db.owner, fx);
  await recomputeRegion(db.app, fx.regions.A.id);
  jobs = createInProcessQueue(createHandlers({ db: db.app, mail: { from: 'test@nastavnik.local' } }));
  // Driven by hand (tick), so each step is deterministic.
  relay = startKpiRelay({ db: db.app, jobs, retryMs: 0 }, false);
});
afterAll(async () => {
  await relay?.close();
  await jobs?.close();
  await db?.drop();
});

const regionA = () => fx.regions.A.id;

async function pendingInRegion(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM kpi_outbox WHERE region_id = ${regionA()}`.execute(db.owner);
  return rows[0]!.n;
}

/** Relay and jobs until region A's outbox is empty. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await relay.tick();
    await jobs.drain();
    if ((await pendingInRegion()) === 0) return;
  }
  throw new Error('the outbox did not empty');
}

const scopeOf = (u: FixtureUser): Scope => ({
  regionId: u.regionId,
  municipalityId: u.municipalityId,
  organisationId: u.organisationId,
  userId: u.id,
  role: u.role,
});

/** A new pupil mentee with a consent and an open pair since `start`, as the curator would. */
async function newPairAsCurator(curator: FixtureUser, birth: string, start: string): Promise<void> {
  const org = curator.organisationId!;
  await withScope(db.app, scopeOf(curator), async (tx: Tx) => {
    const form = await tx
      .selectFrom('mentoring_forms')
      .select('id')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const programme = await tx.selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const people = [];
    for (const [name, category] of [
      ['Новенький', 'student'],
      ['Новый наставник', 'teacher'],
    ] as const) {
      const p = await tx
        .insertInto('persons')
        .values({
          organisation_id: org,
          last_name: `${name}-${start}`,
          first_name: 'Тест',
          birth_date: birth,
          birth_year: Number(birth.slice(0, 4)),
          category,
          person_key: `key-${name}-${start}-${org}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('consents')
        .values({
          organisation_id: org,
          person_id: p.id,
          given_by: 'self',
          given_at: '2024-01-01',
          version_id: NATIONAL_CONSENT_VERSIONS[1]!.id,
        })
        .execute();
      people.push(p.id);
    }
    const pair = await tx
      .insertInto('pairs')
      .values({
        organisation_id: org,
        programme_id: programme.id,
        form_id: form.id,
        status: 'active',
        start_date: start,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('pair_members')
      .values([
        { organisation_id: org, pair_id: pair.id, person_id: people[0]!, role: 'mentee' },
        { organisation_id: org, pair_id: pair.id, person_id: people[1]!, role: 'mentor' },
      ])
      .execute();
  });
}

const asRegionAdmin = <T>(fn: (tx: Tx) => Promise<T>) =>
  withScope(db.app, scopeOf(fx.users.aRegionAdmin), fn);

describe('incremental recompute through the outbox', () => {
  it('starts equal to the reference', async () => {
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
  });

  it('a curator’s new pair: that organisation, its municipality and the region only', async () => {
    const untouched = async () =>
      (await snapshotsOf(db.owner, regionA()))
        .filter(
          (r) =>
            r.territory_id === fx.organisations.A2school.id || r.territory_id === fx.municipalities.A2.id,
        )
        .map((r) => `${r.territory_id}:${r.year}:${r.indicator}:${r.computed_at.toISOString()}`)
        .sort();
    const before = await untouched();
    await newPairAsCurator(fx.users.aCurator, '2012-06-01', '2025-09-01');
    expect(await pendingInRegion()).toBeGreaterThan(0);
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
    expect(await untouched()).toEqual(before);
  });

  it('a survey response moves the person’s verdict in every organisation they take part in', async () => {
    // The mover answers again in A1-school in late December 2022: now 10 is his 2022 verdict,
    // which counts in A2-school (where he was active) as well.
    await withScope(db.app, scopeOf(fx.users.aCurator), async (tx) => {
      const mover = await tx
        .selectFrom('persons')
        .select('id')
        .where('person_key', '=', cases.moverKey)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('survey_responses')
        .values({
          organisation_id: fx.organisations.A1school.id,
          person_id: mover.id,
          role: 'mentee',
          submitted_at: '2022-12-28T09:00:00Z',
          overall_score: 10,
        })
        .execute();
    });
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
  });

  it('a consent withdrawal (erasure) keeps the past and ends the participation', async () => {
    const outcome = await erasePerson(db.app, {
      personId: cases.withdrawingId,
      organisationId: fx.organisations.A1school.id,
      regionId: regionA(),
      reason: 'withdrawal',
      date: todayInMoscow(),
      requestedBy: fx.users.aCurator.id,
    });
    expect(outcome.status).toBe('erased');
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
  });

  it('the region admin’s statistics, threshold, time zone and directory', async () => {
    await asRegionAdmin((tx) =>
      tx
        .updateTable('territory_statistics')
        .set({ value: 999 })
        .where('territory_type', '=', 'municipality')
        .where('year', '=', 2022)
        .execute(),
    );
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);

    await asRegionAdmin((tx) =>
      tx.updateTable('regions').set({ satisfaction_threshold: 9 }).where('id', '=', regionA()).execute(),
    );
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);

    // In UTC the enterprise mentor's answer of 00:30 Moscow time on 1 January 2022 is 2021's.
    await asRegionAdmin((tx) =>
      tx.updateTable('regions').set({ timezone: 'UTC' }).where('id', '=', regionA()).execute(),
    );
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);

    await asRegionAdmin((tx) =>
      tx
        .updateTable('organisations')
        .set({ municipality_id: fx.municipalities.A2.id })
        .where('id', '=', fx.organisations.A1kindergarten.id)
        .execute(),
    );
    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
  });
});

describe('the outbox rule', () => {
  it('keeps a change committed while a recompute runs, and the next run takes it in', async () => {
    const a2 = fx.users.a2Curator;
    const org = a2.organisationId!;
    await newPairAsCurator(a2, '2011-01-01', '2024-09-01'); // C1: committed before the run
    const readBefore = await sql<{
      id: number;
    }>`SELECT id FROM kpi_outbox WHERE organisation_id = ${org}`.execute(db.owner);
    expect(readBefore.rows.length).toBeGreaterThan(0);

    // Hold the region's snapshot rows: the recompute reads its outbox rows, refreshes the
    // facts (C1 changes some years), then waits to write the snapshots.
    await db.owner.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      await sql`SELECT 1 FROM kpi_snapshots WHERE territory_id = ${regionA()} FOR UPDATE`.execute(conn);
      const run = recomputeOrganisation(db.app, { regionId: regionA(), organisationId: org });
      await waitForLockWaiter();
      await newPairAsCurator(a2, '2012-01-01', '2025-01-15'); // C2: committed during the run
      await sql`COMMIT`.execute(conn);
      const result = await run;
      expect(result.cleared).toBe(readBefore.rows.length);
    });

    // C1's rows are gone, C2's row (one per transaction) stays; the figures lack C2 until
    // the next run.
    const left = await sql<{ id: number }>`SELECT id FROM kpi_outbox WHERE organisation_id = ${org}`.execute(
      db.owner,
    );
    expect(left.rows.length).toBe(1);
    expect(readBefore.rows.map((r) => r.id)).not.toContain(left.rows[0]!.id);
    expect((await differencesFromReference(db.owner, regionA())).length).toBeGreaterThan(0);

    await settle();
    expect(await differencesFromReference(db.owner, regionA())).toEqual([]);
  });
});

async function waitForLockWaiter(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql`SELECT 1 FROM pg_locks WHERE NOT granted`.execute(db.owner);
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the recompute never waited for the snapshot rows');
}
