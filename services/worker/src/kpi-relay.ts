import type { Kysely } from 'kysely';
import { pendingKpiWork, type Database, type PendingKpiWork } from '@nastavnik/db';
import type { JobQueue } from '@nastavnik/jobs';

/*
 * The KPI outbox relay: turns the rows that triggers leave in kpi_outbox into jobs —
 * 'kpi.organisation' per organisation with pending rows, 'kpi.region' per region with
 * pending region-level rows. It polls (every 200 ms by default: one small query over a table
 * that is empty most of the time) and runs wherever jobs are produced: the worker process,
 * or the single embedded process.
 *
 * It never deletes anything: the recompute that ran clears the rows it covered
 * (packages/db/src/kpi/outbox.ts). So the relay can be naive and safe:
 * - it enqueues when an organisation's newest pending row is newer than the last one it
 *   enqueued for (a fresh change), or when rows are still pending `retryMs` after the last
 *   enqueue (the job failed for good, was lost with Redis, or ran while more came in);
 * - duplicates collapse in the queue by job id (and BullMQ's 300 ms delay debounces a burst);
 * - if Redis is down, enqueueing fails, the writes have long succeeded (the outbox is in the
 *   database), and the next poll tries again; several relays (several workers) are harmless.
 */

export interface KpiRelayOptions {
  db: Kysely<Database>;
  jobs: Pick<JobQueue, 'enqueue'>;
  /** Poll interval (ms). */
  intervalMs?: number;
  /** Enqueue again when rows are still pending this long after the last enqueue (ms). */
  retryMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface KpiRelay {
  /** One poll now; resolves with the number of jobs enqueued. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

const QUIET_LOG_MS = 30_000;

export function startKpiRelay(options: KpiRelayOptions, autostart = true): KpiRelay {
  const { db, jobs } = options;
  const intervalMs = options.intervalMs ?? 200;
  const retryMs = options.retryMs ?? 5_000;
  const log = options.log ?? ((m: string, err?: unknown) => console.error(m, err));
  /** What was last enqueued per organisation (or region): its newest row id, and when. */
  const enqueued = new Map<string, { maxId: number; at: number }>();
  let lastLoggedAt = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);

  const keyOf = (w: PendingKpiWork) => w.organisationId ?? `region:${w.regionId}`;

  function complain(message: string, err: unknown) {
    // Redis or the database down: say so now and then, not five times a second.
    if (Date.now() - lastLoggedAt < QUIET_LOG_MS) return;
    lastLoggedAt = Date.now();
    log(message, err);
  }

  async function pollOnce(): Promise<number> {
    const pending = await pendingKpiWork(db);
    const now = Date.now();
    let count = 0;
    for (const w of pending) {
      if (closed) break;
      const key = keyOf(w);
      const last = enqueued.get(key);
      if (last && w.maxId <= last.maxId && now - last.at < retryMs) continue;
      try {
        if (w.organisationId)
          await jobs.enqueue('kpi.organisation', { regionId: w.regionId, organisationId: w.organisationId });
        else await jobs.enqueue('kpi.region', { regionId: w.regionId });
        enqueued.set(key, { maxId: w.maxId, at: now });
        count++;
      } catch (err) {
        complain('[kpi-relay] enqueueing failed; the outbox keeps the work, retrying', err);
        break;
      }
    }
    const live = new Set(pending.map(keyOf));
    for (const key of enqueued.keys()) if (!live.has(key)) enqueued.delete(key);
    return count;
  }

  function tick(): Promise<number> {
    running = running
      .catch(() => 0)
      .then(() => (closed ? 0 : pollOnce()))
      .catch((err: unknown) => {
        complain('[kpi-relay] reading the outbox failed, retrying', err);
        return 0;
      });
    return running;
  }

  function schedule() {
    if (closed) return;
    timer = setTimeout(() => void tick().finally(schedule), intervalMs);
    timer.unref();
  }
  if (autostart) schedule();

  return {
    tick,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
