import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { recomputeRegion, withScope } from '@nastavnik/db';
import { createRedisQueue, QUEUE_NAME, redisConnection, startRedisWorker } from '@nastavnik/jobs';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { createHandlers } from '../handlers.ts';
import { startKpiRelay } from '../kpi-relay.ts';
import { buildKpiCases, differencesFromReference } from './kpi-cases.test-support.ts';

/*
 * The production path: triggers → outbox → relay → BullMQ (the real Redis, own key prefix,
 * delayed and deduplicated jobs) → worker → snapshots, as separate producer and consumer.
 */

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
  await buildKpiCases(db.owner, fx);
  await recomputeRegion(db.app, fx.regions.A.id);
  await recomputeRegion(db.app, fx.regions.B.id);
});
afterAll(async () => {
  await db?.drop();
});

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('KPI jobs under BullMQ', () => {
  it('a change becomes figures through the relay and a worker, once per burst', async () => {
    const prefix = `nastavnik-test-${randomBytes(4).toString('hex')}`;
    const producer = createRedisQueue(redisUrl, prefix);
    const ran: string[] = [];
    const handlers = createHandlers({ db: db.app, mail: { from: 'test@nastavnik.local' } });
    const counting = {
      ...handlers,
      'kpi.organisation': async (job: { regionId: string; organisationId: string }) => {
        ran.push(job.organisationId);
        await handlers['kpi.organisation'](job);
      },
    };
    const worker = startRedisWorker(redisUrl, prefix, counting);
    const relay = startKpiRelay({ db: db.app, jobs: producer, intervalMs: 50 });
    const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redisUrl), prefix });
    try {
      const org = fx.organisations.A1school.id;
      const scope = {
        regionId: fx.regions.A.id,
        organisationId: org,
        userId: fx.users.aCurator.id,
        role: 'curator' as const,
      };
      // A burst of five separate changes (five transactions) within the debounce window.
      await Promise.all(
        [1, 2, 3, 4, 5].map((i) =>
          withScope(db.app, scope, (tx) =>
            sql`UPDATE survey_responses SET overall_score = ${i + 5}
                 WHERE id = (SELECT id FROM survey_responses WHERE organisation_id = ${org} ORDER BY id LIMIT 1)`.execute(
              tx,
            ),
          ),
        ),
      );
      await until(async () => {
        const { rows } = await sql`SELECT 1 FROM kpi_outbox`.execute(db.owner);
        return rows.length === 0;
      });
      expect(await differencesFromReference(db.owner, fx.regions.A.id)).toEqual([]);
      // The burst collapsed: far fewer runs than changes (one, or two if the relay polled mid-burst).
      expect(ran.length).toBeGreaterThanOrEqual(1);
      expect(ran.length).toBeLessThanOrEqual(3);
    } finally {
      await relay.close();
      await worker.close();
      await producer.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
