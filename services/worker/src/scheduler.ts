import { sql, type Kysely } from 'kysely';
import { withScope, type Database } from '@nastavnik/db';
import {
  createInProcessSchedules,
  createRedisSchedules,
  type JobQueue,
  type JobSchedules,
} from '@nastavnik/jobs';

/*
 * Repeating jobs, reconciled at boot and then once a day: the nightly retention erasure of
 * every region at 02:30 and the full KPI recompute at 03:30 (after the erasures), in the
 * region's own time zone (one schedule per region and job, so each runs in its night and a
 * region's failure retries alone). Under Redis they are BullMQ job
 * schedulers, upserted by id: several worker processes reconciling at once keep one each.
 * In-process they are unref'd timers feeding the in-process queue, stopped by close().
 */

export const RETENTION_PATTERN = '30 2 * * *';
export const KPI_FULL_PATTERN = '30 3 * * *';
/** Nightly jobs per region; a schedule's id is the job name, a dot and the region id. */
const NIGHTLY = [
  { name: 'persons.retention', pattern: RETENTION_PATTERN },
  { name: 'kpi.full', pattern: KPI_FULL_PATTERN },
] as const;
const DAY_MS = 24 * 3600_000;
/** In-process only: the process may not be running at 02:30, so run once soon after start. */
const FIRST_RUN_AFTER_MS = 5 * 60_000;

export interface SchedulerOptions {
  db: Kysely<Database>;
  schedules: JobSchedules;
  /** How often the schedules are reconciled with the regions (a new region, a new time zone). */
  reconcileEveryMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface Scheduler {
  /** The first reconciliation (failures are logged, and retried at the next one). */
  ready: Promise<void>;
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

/** BullMQ's job schedulers under Redis; timers feeding `jobs` in-process. */
export function createSchedules(
  jobs: JobQueue,
  redis: { url: string; prefix: string } | undefined,
  options: { firstRunAfterMs?: number; onError?: (err: unknown, name: string) => void } = {},
): JobSchedules {
  if (redis) return createRedisSchedules(redis.url, redis.prefix);
  return createInProcessSchedules(jobs, {
    firstRunAfterMs: options.firstRunAfterMs ?? FIRST_RUN_AFTER_MS,
    onError: options.onError,
  });
}

/**
 * The regions, by id. The app role sees a region only in its own scope, so the ids come
 * from region_ids() (migration 0006: ids only, no names), and each region's time zone is
 * read in that region's scope.
 */
async function regionTimeZones(db: Kysely<Database>): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string }>`SELECT r.id FROM region_ids() AS r(id)`.execute(db);
  const zones = new Map<string, string>();
  for (const { id } of rows) {
    const region = await withScope(db, { regionId: id, role: 'system' }, (tx) =>
      tx.selectFrom('regions').select('timezone').where('id', '=', id).executeTakeFirst(),
    );
    if (region) zones.set(id, region.timezone);
  }
  return zones;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, schedules } = options;
  const log = options.log ?? ((m: string, err?: unknown) => (err ? console.error(m, err) : console.info(m)));
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  async function reconcileNow(): Promise<void> {
    const zones = await regionTimeZones(db);
    for (const [regionId, tz] of zones) {
      for (const job of NIGHTLY) {
        if (closed) return;
        await schedules.upsert(`${job.name}.${regionId}`, { pattern: job.pattern, tz }, job.name, {
          regionId,
        });
      }
    }
    for (const s of await schedules.list()) {
      if (closed) return;
      const job = NIGHTLY.find((j) => s.id.startsWith(`${j.name}.`));
      if (job && !zones.has(s.id.slice(job.name.length + 1))) await schedules.remove(s.id);
    }
  }

  function reconcile(): Promise<void> {
    // One reconciliation at a time; close() waits for the one under way.
    running = running.catch(() => undefined).then(() => (closed ? undefined : reconcileNow()));
    return running;
  }

  const ready = reconcile().catch((err: unknown) => log('[scheduler] reconciling the schedules failed', err));
  const timer = setInterval(() => {
    reconcile().catch((err: unknown) => log('[scheduler] reconciling the schedules failed', err));
  }, options.reconcileEveryMs ?? DAY_MS);
  timer.unref();

  return {
    ready,
    reconcile,
    async close() {
      closed = true;
      clearInterval(timer);
      await running.catch(() => undefined);
      await schedules.close();
    },
  };
}
