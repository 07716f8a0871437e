import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { JOB_OPTIONS, jobId, type JobCatalogue, type JobName } from './catalogue.ts';

export const QUEUE_NAME = 'nastavnik';

/** A handler is a plain function: BullMQ's worker and the in-process runner call the same one. */
export type JobHandler<N extends JobName> = (payload: JobCatalogue[N]) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobCatalogue[N]): Promise<void>;
  /** Resolves when every job enqueued so far has finished (in-process mode; tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
  readonly mode: 'redis' | 'in-process';
}

export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    // BullMQ's workers block on Redis; they must never give up on a slow reply.
    maxRetriesPerRequest: null,
  };
}

/** Retries and retention of a job under BullMQ (enqueued or created by a job scheduler). */
export function bullmqJobOptions(name: JobName) {
  const o = JOB_OPTIONS[name];
  return {
    attempts: o.attempts,
    backoff: { type: 'exponential' as const, delay: o.backoffMs },
    ...(o.delayMs ? { delay: o.delayMs } : {}),
    removeOnComplete: o.forgetWhenDone ? true : { age: 24 * 3600, count: 1000 },
    removeOnFail: o.forgetWhenDone ? true : { age: 7 * 24 * 3600 },
  };
}

/** Producer side over BullMQ. */
export function createRedisQueue(redisUrl: string, prefix: string): JobQueue {
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redisUrl), prefix });
  return {
    mode: 'redis',
    async enqueue(name, payload) {
      await queue.add(name, payload, { jobId: jobId(name, payload), ...bullmqJobOptions(name) });
    },
    async drain() {},
    async close() {
      await queue.close();
    },
  };
}

/** Consumer side over BullMQ: the worker process. */
export function startRedisWorker(
  redisUrl: string,
  prefix: string,
  handlers: JobHandlers,
  options: {
    concurrency?: number;
    /**
     * How long a job's lock lasts without renewal, and how often jobs whose worker died are
     * looked for (BullMQ's lockDuration and stalledInterval; default 30 s each). A job of a
     * killed worker runs again once both have passed.
     */
    lockDurationMs?: number;
    stalledIntervalMs?: number;
    onError?: (err: unknown, name: string) => void;
  } = {},
): Worker {
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name as JobName] as JobHandler<JobName> | undefined;
      if (!handler) throw new Error(`No handler for job ${job.name}`);
      await handler(job.data);
    },
    {
      connection: redisConnection(redisUrl),
      prefix,
      concurrency: options.concurrency ?? 4,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  worker.on('failed', (job, err) => options.onError?.(err, job?.name ?? 'unknown'));
  return worker;
}

/**
 * Embedded mode (no REDIS_URL): the same handlers run in this process, after the enqueuing
 * transaction, with the same retry policy and the same deduplication by job id.
 */
export function createInProcessQueue(
  handlers: JobHandlers,
  options: { onError?: (err: unknown, name: string) => void } = {},
): JobQueue {
  const running = new Map<string, Promise<void>>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let closed = false;

  async function run<N extends JobName>(name: N, payload: JobCatalogue[N]): Promise<void> {
    const o = JOB_OPTIONS[name];
    for (let attempt = 1; attempt <= o.attempts && !closed; attempt++) {
      try {
        await (handlers[name] as JobHandler<N>)(payload);
        return;
      } catch (err) {
        options.onError?.(err, name);
        if (attempt < o.attempts) await sleep(o.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  return {
    mode: 'in-process',
    async enqueue(name, payload) {
      const id = jobId(name, payload);
      if (running.has(id)) return;
      const delayMs = JOB_OPTIONS[name].delayMs;
      const p = new Promise<void>((resolve) =>
        delayMs ? setTimeout(resolve, delayMs) : setImmediate(resolve),
      )
        .then(() => run(name, payload))
        .finally(() => running.delete(id));
      running.set(id, p);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
    async close() {
      closed = true;
      await Promise.all([...running.values()]);
    },
  };
}
