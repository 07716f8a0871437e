import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { organisationLock, recomputeRegion, withScope } from '@nastavnik/db';
import { QUEUE_NAME, redisConnection } from '@nastavnik/jobs';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { differencesFromReference } from './kpi-compare.test-support.ts';
import {
  apiLikeWriter,
  generateOrganisations,
  outboxSize,
  privateRedis,
  settled,
  startWorkerProcess,
  until,
  type ChildHandle,
  type Writer,
} from './kpi-faults.test-support.ts';

/*
 * Fault tests of the KPI pipeline with services/worker/src/main.ts as its own OS process:
 * - SIGKILL in the middle of a full recompute (a time-zone change moves every
 *   organisation's facts), writes before and while no worker runs, a restart: the job the
 *   dead worker held comes back through BullMQ's stall check, and the figures end exact;
 * - a private redis-server SIGKILLed during a stream of writes: the writes succeed (they
 *   only touch PostgreSQL; the outbox keeps the work), the worker survives, and when Redis
 *   is back (empty: every job lost) the relay brings the work back and the figures catch up.
 * "Exact" means every snapshot equals the simple reference (tests/support/kpi-reference.ts).
 */

const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Generated organisations on top of the fixtures: a full recompute takes a few seconds. */
const GENERATED = 1200;
/** A killed worker's job is handed out again after a few seconds, not BullMQ's 30 + 30. */
const FAST_STALL = { WORKER_LOCK_DURATION_MS: '3000', WORKER_STALLED_INTERVAL_MS: '1000' };

let db: TestDatabase;
let fx: Fixtures;
let generated: string[];
let regionA: string;

/** What the running test started: killed (SIGKILL) and closed in afterEach, pass or fail. */
let children: ChildHandle[] = [];
let cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
  regionA = fx.regions.A.id;
  generated = await generateOrganisations(db.owner, fx, GENERATED);
});

beforeEach(async () => {
  // Every test starts from exact figures and an empty outbox (the fixtures leave rows).
  await recomputeRegion(db.app, fx.regions.A.id);
  await recomputeRegion(db.app, fx.regions.B.id);
  expect(await outboxSize(db.owner)).toBe(0);
}, 60_000);

afterEach(async () => {
  for (const child of children) await child.stop('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  children = [];
  cleanups = [];
});

afterAll(async () => {
  await db?.drop();
});

async function worker(
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<ChildHandle> {
  // (A worker that never gets ready is killed by startWorkerProcess itself.)
  const handle = await startWorkerProcess({
    databaseUrl: db.ownerUrl,
    redisUrl,
    redisPrefix: prefix,
    env: { ...FAST_STALL, ...env },
  });
  children.push(handle);
  return handle;
}

/** The test's own view of the worker's queue (same Redis, same prefix). */
function queueOn(redisUrl: string, prefix: string): Queue {
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redisUrl), prefix });
  queue.on('error', () => undefined); // Redis killed on purpose: no noise
  return queue;
}

const prefixFor = (what: string) => `nastavnik-test-faults-${what}-${randomBytes(4).toString('hex')}`;

/** Region-level outbox rows of region A by kind ('full', 'rollup', 'statistics'). */
async function regionRows(): Promise<Record<string, number>> {
  const { rows } = await sql<{ kind: string; n: number }>`
    SELECT kind, count(*)::int AS n FROM kpi_outbox
     WHERE region_id = ${regionA} AND organisation_id IS NULL GROUP BY kind`.execute(db.owner);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/**
 * Holds the session advisory lock a recompute takes as a transaction lock (lockFor), on a
 * connection of its own, until the returned release() (which may be called again).
 */
async function holdAdvisoryLock(key: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const held = db.owner.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtextextended(${key}, 0))`.execute(conn);
    locked();
    await released;
    await sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn);
  });
  await Promise.race([isLocked, held]);
  return async () => {
    release();
    await held;
  };
}

/** Organisations with pending outbox rows. */
async function organisationsInOutbox(): Promise<string[]> {
  const { rows } = await sql<{ organisation_id: string }>`
    SELECT DISTINCT organisation_id FROM kpi_outbox WHERE organisation_id IS NOT NULL`.execute(db.owner);
  return rows.map((r) => r.organisation_id);
}

async function expectExactFigures() {
  expect(await differencesFromReference(db.owner, fx.regions.A.id)).toEqual([]);
  expect(await differencesFromReference(db.owner, fx.regions.B.id)).toEqual([]);
}

/** Write number i of a mixed stream (pairs, responses, completions, statistics). */
function mixedWrite(writer: Writer, organisations: string[], i: number): Promise<void> {
  const org = organisations[i % organisations.length]!;
  switch (i % 4) {
    case 0:
      return writer.newPair(org, `2024-0${1 + (i % 9)}-10`);
    case 1:
      return writer.newResponse(org, `2023-12-31T2${Math.floor(i / 4) % 4}:30:00Z`, 1 + (i % 10));
    case 2:
      return writer.completePair(org, '2024-06-30');
    default:
      return writer.editStatistics(2020 + (i % 6), 1 + (i % 3));
  }
}

describe('KPI figures survive faults of the worker process and of Redis', () => {
  it('a worker SIGKILLed in the middle of a full recompute, then restarted, ends with exact figures', async () => {
    const prefix = prefixFor('kill');
    const queue = queueOn(SHARED_REDIS_URL, prefix);
    cleanups.push(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
    });
    const writer = apiLikeWriter(db.app, fx, 'kill');
    let proc = await worker(SHARED_REDIS_URL, prefix);

    // The region admin changes the time zone: a 'full' row, a 'kpi.region' job, and every
    // organisation's facts recomputed (one transaction each), then the region's rollup.
    await withScope(
      db.app,
      { regionId: regionA, userId: fx.users.aRegionAdmin.id, role: 'region_admin' },
      (tx) => tx.updateTable('regions').set({ timezone: 'UTC' }).where('id', '=', regionA).execute(),
    );
    const regionJob = `kpi-region-${regionA}`;
    // Under way: the job is running and some organisations' facts are committed (each leaves
    // a 'rollup' marker in the outbox).
    await until(
      'the full recompute to be under way',
      async () =>
        ((await regionRows()).rollup ?? 0) >= 20 && (await queue.getJobState(regionJob)) === 'active',
      30_000,
      20,
    );
    // API writes while it runs.
    await writer.newPair(generated[1]!, '2024-09-01');
    await writer.newResponse(generated[2]!, '2023-12-31T21:30:00Z', 2);
    await writer.editStatistics(2023, 7);

    proc.child.kill('SIGKILL');
    expect((await proc.exited).signal).toBe('SIGKILL');

    // Killed mid-run: part of the facts are new, the rollup never ran (the 'full' request
    // is still pending), the figures are off, and the dead worker's job still looks active
    // (its lock has not expired yet).
    const afterKill = await regionRows();
    console.log(`[kpi-faults] killed with ${afterKill.rollup} of ${GENERATED + 3} organisations' facts done`);
    expect(afterKill.rollup).toBeGreaterThan(0);
    expect(afterKill.rollup).toBeLessThan(GENERATED);
    expect(afterKill.full).toBe(1);
    expect(await queue.getJobState(regionJob)).toBe('active');
    expect(await differencesFromReference(db.owner, regionA)).not.toEqual([]);

    // More writes while no worker runs at all.
    await writer.completePair(generated[3]!, '2024-05-31');
    await writer.newPair(generated[4]!, '2024-10-01');
    await writer.newResponse(fx.organisations.A1school.id, '2024-03-01T09:00:00Z', 9);

    proc = await worker(SHARED_REDIS_URL, prefix);
    const ms = await settled(db.owner, queue, 45_000);
    console.log(`[kpi-faults] after the restart, settled in ${ms} ms`);
    expect(await outboxSize(db.owner)).toBe(0);
    await expectExactFigures();
    expect(proc.alive()).toBe(true);
  }, 90_000);

  it('Redis SIGKILLed during writes: the writes succeed, the outbox keeps them, figures catch up when it is back', async () => {
    const redis = await privateRedis();
    cleanups.push(() => redis.kill());
    await redis.start();
    const prefix = prefixFor('redis');
    const queue = queueOn(redis.url, prefix);
    cleanups.push(() => queue.close());
    const writer = apiLikeWriter(db.app, fx, 'redis');
    // One job at a time, so that a single held-up job keeps the others waiting in Redis.
    const proc = await worker(redis.url, prefix, { WORKER_CONCURRENCY: '1' });

    // With Redis up, writes flow through the private Redis into the figures.
    const early = generated.slice(0, 8);
    for (let i = 0; i < 8; i++) await mixedWrite(writer, early, i);
    await settled(db.owner, queue, 45_000);
    await expectExactFigures();

    // The worker's one slot waits in PostgreSQL (the test holds that organisation's
    // recompute lock), so the next job is still queued in Redis when Redis dies: lost with
    // it, and nothing writes to its organisation again — only the relay's retry brings it back.
    const [stuck, lost] = [generated[50]!, generated[51]!];
    const release = await holdAdvisoryLock(organisationLock(stuck));
    cleanups.push(release);
    await writer.newPair(stuck, '2024-09-01');
    await until(
      'the held-up job to run',
      async () => (await queue.getJobState(`kpi-org-${stuck}`)) === 'active',
    );
    await writer.newPair(lost, '2024-09-01');
    await until('the next job to wait in Redis', async () =>
      ['waiting', 'delayed', 'prioritized'].includes(await queue.getJobState(`kpi-org-${lost}`)),
    );

    // A stream of writes; Redis dies in the middle of it.
    const failures: unknown[] = [];
    let done = 0;
    const stream = (async () => {
      for (let i = 0; i < 40; i++) {
        await mixedWrite(writer, early, i).catch((err: unknown) => failures.push(err));
        done++;
      }
    })();
    await until('the first writes of the stream', async () => done >= 8);
    await redis.kill();
    const doneAtKill = done;
    await release(); // the held-up job finishes its transaction; BullMQ cannot hear of it
    await stream;
    expect(failures).toEqual([]);
    expect(done - doneAtKill).toBeGreaterThan(10); // most of the stream ran without Redis

    // The worker sees Redis gone, and keeps running.
    await proc.waitFor('ECONNREFUSED', 15_000);
    // Writes in organisations no job has touched: nothing can take their outbox rows now.
    const untouched = generated.slice(100, 110);
    for (const [i, org] of untouched.entries()) {
      await writer.newPair(org, '2024-09-01');
      await writer.newResponse(org, `2024-${String(1 + i).padStart(2, '0')}-05T10:00:00Z`, 1 + i);
    }
    await writer.editStatistics(2024, 3);
    expect(await organisationsInOutbox()).toEqual(expect.arrayContaining([lost, ...untouched]));
    expect(await outboxSize(db.owner)).toBeGreaterThanOrEqual(untouched.length * 2);
    expect(proc.alive()).toBe(true);

    // Redis back on the same port, empty: every job is lost, the outbox brings them back.
    await redis.start();
    const ms = await settled(db.owner, queue, 45_000);
    console.log(`[kpi-faults] after Redis came back, settled in ${ms} ms`);
    expect(await outboxSize(db.owner)).toBe(0);
    await expectExactFigures();
    expect(proc.alive()).toBe(true); // the same process all along
  }, 90_000);
});
