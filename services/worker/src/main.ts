import { loadConfig, openDatabase } from '@nastavnik/config';
import { createRedisQueue, createRedisSchedules, startRedisWorker } from '@nastavnik/jobs';
import { createHandlers } from './handlers.ts';
import { startScheduler } from './scheduler.ts';
import { startKpiRelay } from './kpi-relay.ts';

/*
 * The standalone worker process (production): consumes BullMQ jobs from Redis. Without
 * REDIS_URL there is nothing to consume — the API then runs the same handlers in-process.
 */
const config = loadConfig();
if (!config.redisUrl) {
  console.error('REDIS_URL is not set: in the embedded mode jobs run inside the API process (npm start).');
  process.exit(2);
}

const db = await openDatabase(config, { migrate: false, poolSize: 5, applicationName: 'nastavnik-worker' });
const handlers = createHandlers({
  db,
  mail: { smtp: config.smtp, from: config.mailFrom },
  personKeySecret: config.personKeySecret,
});
const worker = startRedisWorker(config.redisUrl, config.redisPrefix, handlers, {
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
  // Unset in production (BullMQ's 30 s); the fault tests shorten them.
  lockDurationMs: Number(process.env.WORKER_LOCK_DURATION_MS ?? 0) || undefined,
  stalledIntervalMs: Number(process.env.WORKER_STALLED_INTERVAL_MS ?? 0) || undefined,
  onError: (err, name) => console.error(`[worker] job ${name} failed:`, err),
});
await worker.waitUntilReady();
console.log(`[worker] consuming queue with prefix "${config.redisPrefix}"`);
// Nightly jobs (retention): BullMQ job schedulers, upserted by id, so every worker may reconcile.
const scheduler = startScheduler({
  db,
  schedules: createRedisSchedules(config.redisUrl, config.redisPrefix),
});

// KPI outbox rows → 'kpi.*' jobs (every worker may relay: duplicates collapse by job id).
const producer = createRedisQueue(config.redisUrl, config.redisPrefix);
const relay = startKpiRelay({ db, jobs: producer });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    // Let running jobs finish; BullMQ hands unfinished ones to another worker after a stall.
    await relay.close();
    await producer.close();
    await scheduler.close();
    await worker.close();
    await db.destroy();
    process.exit(0);
  });
}
