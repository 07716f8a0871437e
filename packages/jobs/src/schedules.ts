import { getNextMillis, Queue } from 'bullmq';
import type { JobCatalogue, JobName } from './catalogue.ts';
import { bullmqJobOptions, QUEUE_NAME, redisConnection, type JobQueue } from './queue.ts';

/**
 * Repeating jobs (nightly retention and the like), kept by id so reconciling them at every
 * boot, from several processes, never duplicates one. Under Redis they are BullMQ's job
 * schedulers (stored in Redis, one job per occurrence whichever process upserted them);
 * in-process they are timers computing the same occurrences with BullMQ's own function.
 */
export interface ScheduleSpec {
  /** Cron pattern, e.g. '30 2 * * *' (02:30 every day). */
  pattern: string;
  /** IANA time zone the pattern is read in, e.g. 'Europe/Moscow'. */
  tz: string;
}

export interface ScheduleInfo {
  id: string;
  name: string;
  pattern: string | undefined;
  tz: string | undefined;
  /** When the next occurrence is due (ms since epoch), if known. */
  next: number | undefined;
}

export interface JobSchedules {
  readonly mode: 'redis' | 'in-process';
  upsert<N extends JobName>(id: string, when: ScheduleSpec, name: N, payload: JobCatalogue[N]): Promise<void>;
  remove(id: string): Promise<void>;
  list(): Promise<ScheduleInfo[]>;
  close(): Promise<void>;
}

export function createRedisSchedules(redisUrl: string, prefix: string): JobSchedules {
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redisUrl), prefix });
  return {
    mode: 'redis',
    async upsert(id, when, name, payload) {
      await queue.upsertJobScheduler(
        id,
        { pattern: when.pattern, tz: when.tz },
        { name, data: payload, opts: bullmqJobOptions(name) },
      );
    },
    async remove(id) {
      await queue.removeJobScheduler(id);
    },
    async list() {
      const all = await queue.getJobSchedulers(0, -1, true);
      return all.map((s) => ({
        id: s.id ?? s.key,
        name: s.name,
        pattern: s.pattern,
        tz: s.tz,
        next: s.next,
      }));
    },
    async close() {
      await queue.close();
    },
  };
}

interface TimerEntry {
  fingerprint: string;
  info: ScheduleInfo;
  timers: NodeJS.Timeout[];
}

/** setTimeout holds at most 2^31 − 1 ms (~24.8 days); a longer wait is re-armed on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * In-process schedules: the same occurrences as BullMQ's (its getNextMillis, cron in the time
 * zone), enqueued through the in-process queue. Timers are unref'd (they never keep the
 * process alive) and cleared by close(). A restart loses them, whereas BullMQ keeps a due job
 * in Redis and runs it when a worker returns; `firstRunAfterMs` makes up for that with one
 * run shortly after a schedule is first created in this process.
 */
export function createInProcessSchedules(
  jobs: Pick<JobQueue, 'enqueue'>,
  options: { firstRunAfterMs?: number; onError?: (err: unknown, name: string) => void } = {},
): JobSchedules {
  const entries = new Map<string, TimerEntry>();

  const fire = <N extends JobName>(name: N, payload: JobCatalogue[N]) =>
    jobs.enqueue(name, payload).catch((err: unknown) => options.onError?.(err, name));

  function arm<N extends JobName>(entry: TimerEntry, when: ScheduleSpec, name: N, payload: JobCatalogue[N]) {
    const now = Date.now();
    const next = getNextMillis(now, { pattern: when.pattern, tz: when.tz });
    entry.info.next = next;
    if (next === undefined) return;
    const timer = setTimeout(
      () => {
        entry.timers = entry.timers.filter((t) => t !== timer);
        if (Date.now() >= next) void fire(name, payload);
        arm(entry, when, name, payload);
      },
      Math.min(Math.max(next - now, 0), MAX_TIMER_MS),
    );
    timer.unref();
    entry.timers.push(timer);
  }

  function clear(id: string) {
    for (const t of entries.get(id)?.timers ?? []) clearTimeout(t);
    entries.delete(id);
  }

  return {
    mode: 'in-process',
    async upsert(id, when, name, payload) {
      const fingerprint = JSON.stringify([when.pattern, when.tz, name, payload]);
      const existing = entries.get(id);
      if (existing?.fingerprint === fingerprint) return; // reconciling again changes nothing
      clear(id);
      const entry: TimerEntry = {
        fingerprint,
        info: { id, name, pattern: when.pattern, tz: when.tz, next: undefined },
        timers: [],
      };
      entries.set(id, entry);
      arm(entry, when, name, payload);
      if (options.firstRunAfterMs !== undefined && !existing) {
        const first = setTimeout(() => {
          entry.timers = entry.timers.filter((t) => t !== first);
          void fire(name, payload);
        }, options.firstRunAfterMs);
        first.unref();
        entry.timers.push(first);
      }
    },
    async remove(id) {
      clear(id);
    },
    async list() {
      return [...entries.values()].map((e) => ({ ...e.info }));
    },
    async close() {
      for (const id of [...entries.keys()]) clear(id);
    },
  };
}
