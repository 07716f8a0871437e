import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Worker } from 'bullmq';
import { loadConfig, openDatabase, type Config } from '@nastavnik/config';
import type { Database } from '@nastavnik/db';
import { loadDemoRegionIfEmpty, DEMO_LOGINS } from '@nastavnik/db/seed';
import { createInProcessQueue, createRedisQueue, startRedisWorker, type JobQueue } from '@nastavnik/jobs';
import {
  createHandlers,
  createSchedules,
  startKpiRelay,
  startScheduler,
  type KpiRelay,
  type Scheduler,
} from '@nastavnik/worker';
import { buildApp } from './app.ts';
import { serveWeb } from './plugins/web.ts';

export interface ProductOptions {
  config?: Config;
  /** Run the job workers in this process (always true without Redis). */
  withWorker: boolean;
  /** Serve the built web app from this process. */
  webBuildDir?: string;
  /** Load the demo region into an empty database. */
  demo: boolean;
  logger?: boolean | object;
}

export interface Product {
  app: FastifyInstance;
  db: Kysely<Database>;
  jobs: JobQueue;
  config: Config;
  close(): Promise<void>;
}

/** Assembles API, jobs and (optionally) worker and web into one process. */
export async function createProduct(options: ProductOptions): Promise<Product> {
  const config = options.config ?? loadConfig();
  const db = await openDatabase(config, {
    migrate: true,
    afterMigrate: options.demo
      ? (owner) => loadDemoRegionIfEmpty(owner, { personKeySecret: config.personKeySecret })
      : undefined,
    applicationName: 'nastavnik-api',
  });
  const handlers = createHandlers({
    db,
    mail: { smtp: config.smtp, from: config.mailFrom },
    personKeySecret: config.personKeySecret,
  });
  // A BullMQ worker may report a failed job before the app (and its logger) exists.
  const started: { app?: FastifyInstance } = {};
  const onError = (err: unknown, name: string) =>
    started.app
      ? started.app.log.error({ err, job: name }, 'job failed')
      : console.error(`job ${name} failed:`, err);

  let jobs: JobQueue;
  let worker: Worker | undefined;
  let redis: Redis | undefined;
  if (config.redisUrl) {
    jobs = createRedisQueue(config.redisUrl, config.redisPrefix);
    redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    if (options.withWorker)
      worker = startRedisWorker(config.redisUrl, config.redisPrefix, handlers, { onError });
  } else {
    jobs = createInProcessQueue(handlers, { onError });
  }
  // Nightly jobs (retention) are scheduled where jobs are consumed: here in-process, or here
  // too when this process runs a BullMQ worker (standalone workers schedule them as well).
  let scheduler: Scheduler | undefined;
  let kpiRelay: KpiRelay | undefined;
  if (!config.redisUrl || options.withWorker) {
    const redisTarget = config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined;
    scheduler = startScheduler({ db, schedules: createSchedules(jobs, redisTarget, { onError }) });
    // KPI outbox rows → 'kpi.*' jobs, wherever jobs are consumed (here in the embedded mode).
    kpiRelay = startKpiRelay({ db, jobs });
  }
  const redisPing = redis ? async () => (await redis!.ping()) === 'PONG' : undefined;
  const built = await buildApp({ config, db, jobs, redisPing, logger: options.logger });
  started.app = built;
  if (options.webBuildDir) await serveWeb(built, options.webBuildDir);

  return {
    app: built,
    db,
    jobs,
    config,
    async close() {
      await built.close();
      await kpiRelay?.close();
      await scheduler?.close();
      await worker?.close();
      await jobs.close();
      redis?.disconnect();
      await db.destroy();
    },
  };
}

export function printDemoLogins(config: Config, log: (line: string) => void = console.log): void {
  log('');
  log(`Наставник запущен: ${config.publicUrl}`);
  log('Демо-входы (пароль у всех один):');
  for (const l of DEMO_LOGINS) log(`  ${l.roleTitle.padEnd(28)} ${l.email.padEnd(36)} ${l.password}`);
  log('');
}
