import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import {
  createInProcessQueue,
  createInProcessSchedules,
  createRedisSchedules,
  QUEUE_NAME,
  redisConnection,
  type JobCatalogue,
  type JobHandlers,
} from '@nastavnik/jobs';
import { insertFixtures, type Fixtures } from '../../../tests/support/fixtures.ts';
import { RETENTION_PATTERN, startScheduler } from './scheduler.ts';

/*
 * The nightly retention schedule: one per region, reconciled at boot (and again later)
 * without duplicates; in-process as timers feeding the queue, under Redis as BullMQ job
 * schedulers under the test's own key prefix.
 */

let db: TestDatabase;
let fx: Fixtures;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

const noLog = () => undefined;

/** Handlers that only record the retention jobs they receive. */
function recordingHandlers(seen: JobCatalogue['persons.retention'][]): JobHandlers {
  const none = async () => undefined;
  return {
    'mail.send': none,
    'persons.import': none,
    'persons.erase': none,
    'persons.retention': async (job) => {
      seen.push(job);
    },
    'kpi.organisation': none,
    'kpi.region': none,
    'kpi.full': none,
  };
}

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('retention scheduler', () => {
  it('lists regions through region_ids() only: the app role sees no region without a scope', async () => {
    expect(await db.app.selectFrom('regions').select('id').execute()).toEqual([]);
    const { rows } = await sql<{ id: string }>`SELECT r.id FROM region_ids() AS r(id)`.execute(db.app);
    expect(rows.map((r) => r.id).sort()).toEqual([fx.regions.A.id, fx.regions.B.id].sort());
  });

  it('in-process: schedules each region, runs the job soon after start, and reconciles without duplicates', async () => {
    const seen: JobCatalogue['persons.retention'][] = [];
    const queue = createInProcessQueue(recordingHandlers(seen));
    const schedules = createInProcessSchedules(queue, { firstRunAfterMs: 30 });
    const scheduler = startScheduler({ db: db.app, schedules, log: noLog });
    await scheduler.ready;
    const retention = async () => (await schedules.list()).filter((s) => s.name === 'persons.retention');
    const list = await retention();
    expect(list.map((s) => s.id).sort()).toEqual(
      [`persons.retention.${fx.regions.A.id}`, `persons.retention.${fx.regions.B.id}`].sort(),
    );
    for (const s of list) {
      expect(s).toMatchObject({ name: 'persons.retention', pattern: RETENTION_PATTERN, tz: 'Europe/Moscow' });
      // The next run is 02:30 Moscow time (23:30 UTC), within a day.
      expect(new Date(s.next!).toISOString().slice(11, 16)).toBe('23:30');
      expect(s.next! - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    }
    await waitFor(() => seen.length >= 2);
    await queue.drain();
    expect(seen.map((j) => j.regionId).sort()).toEqual([fx.regions.A.id, fx.regions.B.id].sort());

    // Reconciling again keeps one schedule per region and does not run the jobs again.
    await scheduler.reconcile();
    await new Promise((r) => setTimeout(r, 100));
    expect(await retention()).toHaveLength(2);
    expect(seen).toHaveLength(2);

    // A new region gets its schedule; a stale schedule of a region that is gone is removed.
    const added = await db.owner
      .insertInto('regions')
      .values({ name: 'Новая область', code: 'sched-new', timezone: 'Asia/Yekaterinburg' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedules.upsert(
      `persons.retention.${randomUUID()}`,
      { pattern: RETENTION_PATTERN, tz: 'UTC' },
      'persons.retention',
      {
        regionId: randomUUID(),
      },
    );
    await scheduler.reconcile();
    const after = await retention();
    expect(after).toHaveLength(3);
    // The nightly KPI recompute is scheduled for every region the same way.
    expect((await schedules.list()).filter((s) => s.name === 'kpi.full')).toHaveLength(3);
    expect(after.find((s) => s.id === `persons.retention.${added.id}`)?.tz).toBe('Asia/Yekaterinburg');

    await scheduler.close();
    expect(await schedules.list()).toEqual([]);
    await queue.close();
  });

  it('in-process: enqueues at 02:30 in the region’s time zone (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-03-10T23:29:00Z')); // 02:29 in Moscow
    const enqueued: string[] = [];
    const schedules = createInProcessSchedules({
      enqueue: async (name, payload) => {
        enqueued.push(`${name}:${(payload as { regionId: string }).regionId}`);
      },
    });
    await schedules.upsert(
      'nightly',
      { pattern: RETENTION_PATTERN, tz: 'Europe/Moscow' },
      'persons.retention',
      {
        regionId: 'r1',
      },
    );
    await vi.advanceTimersByTimeAsync(59_000);
    expect(enqueued).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(enqueued).toEqual(['persons.retention:r1']);
    // And again the next night, not before.
    await vi.advanceTimersByTimeAsync(23 * 3600_000);
    expect(enqueued).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(enqueued).toHaveLength(2);
    await schedules.close();
  });

  it('BullMQ: creates one job scheduler per region under its own prefix, however many processes reconcile', async () => {
    const prefix = `nastavnik-test-${randomBytes(4).toString('hex')}`;
    const first = startScheduler({
      db: db.app,
      schedules: createRedisSchedules(redisUrl, prefix),
      log: noLog,
    });
    const second = startScheduler({
      db: db.app,
      schedules: createRedisSchedules(redisUrl, prefix),
      log: noLog,
    });
    const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redisUrl), prefix });
    try {
      await Promise.all([first.ready, second.ready]);
      await first.reconcile();
      const regions = (await sql<{ id: string }>`SELECT r.id FROM region_ids() AS r(id)`.execute(db.app))
        .rows;
      const all = await queue.getJobSchedulers(0, -1, true);
      const schedulers = all.filter((s) => s.name === 'persons.retention');
      expect(schedulers).toHaveLength(regions.length);
      expect(all.filter((s) => s.name === 'kpi.full')).toHaveLength(regions.length);
      for (const { id } of regions) {
        const s = schedulers.find((x) => (x.id ?? x.key) === `persons.retention.${id}`);
        expect(s, id).toMatchObject({ name: 'persons.retention', pattern: RETENTION_PATTERN });
        expect(s!.template?.data).toEqual({ regionId: id });
        expect(s!.next).toBeGreaterThan(Date.now());
      }
      const moscow = schedulers.find((x) => (x.id ?? x.key) === `persons.retention.${fx.regions.A.id}`);
      expect(moscow?.tz).toBe('Europe/Moscow');
    } finally {
      await first.close();
      await second.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
