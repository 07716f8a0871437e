import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Queue } from 'bullmq';
import { completeInn, NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { withScope, type Database, type Scope } from '@nastavnik/db';
import type { Fixtures } from '../../../../tests/support/fixtures.ts';

/*
 * Helpers of the fault tests (kpi-faults.int.test.ts): a region grown by generated
 * organisations (so that a full recompute takes a noticeable time), the worker as its own OS
 * process, a private redis-server that can be killed and started again, API-like writes as
 * the app role in the scopes the API uses, and "settled" (outbox empty, no KPI job left).
 */

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until(what: string, check: () => Promise<boolean>, ms = 20_000, every = 50) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await sleep(every);
  }
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

// ---------------------------------------------------------------------------------------
// A bigger region

async function insertChunked<T extends keyof Database & string>(
  owner: Kysely<Database>,
  table: T,
  rows: Record<string, unknown>[],
) {
  for (let i = 0; i < rows.length; i += 1_000) {
    await owner
      .insertInto(table)
      .values(rows.slice(i, i + 1_000) as never)
      .execute();
  }
}

/**
 * `count` more organisations in region A, alternately in municipalities A1 and A2, each with
 * pupils, teachers and an enterprise mentor, pairs over several years (one cancelled), and
 * survey responses. Every organisation has responses within a few hours of New Year in
 * Moscow (the year differs in UTC), so a time-zone change moves facts in every one of them,
 * and organisations 2k and 2k+1 (two municipalities) share one pupil (one key). Returns the
 * new organisations' ids.
 */
export async function generateOrganisations(
  owner: Kysely<Database>,
  fx: Fixtures,
  count: number,
): Promise<string[]> {
  const region = fx.regions.A.id;
  const form = await owner
    .selectFrom('mentoring_forms')
    .select('id')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const consentVersion = NATIONAL_CONSENT_VERSIONS[1]!.id;
  const orgs: Record<string, unknown>[] = [];
  const programmes: Record<string, unknown>[] = [];
  const persons: Record<string, unknown>[] = [];
  const consents: Record<string, unknown>[] = [];
  const pairs: Record<string, unknown>[] = [];
  const members: Record<string, unknown>[] = [];
  const responses: Record<string, unknown>[] = [];
  const ids: string[] = [];

  for (let i = 0; i < count; i++) {
    const org = randomUUID();
    ids.push(org);
    const municipality = i % 2 === 0 ? fx.municipalities.A1 : fx.municipalities.A2;
    orgs.push({
      id: org,
      region_id: region,
      municipality_id: municipality.id,
      name: `МБОУ Школа № ${i + 100}`,
      short_name: `Школа ${i + 100}`,
      kind: 'school',
      inn: completeInn(String(391000000 + i)),
      address: null,
    });
    const programme = randomUUID();
    programmes.push({ id: programme, organisation_id: org, school_year: 2022, title: 'Программа' });

    const person = (
      name: string,
      category: string,
      birth: string | null,
      extra: { key?: string; career?: number; enterprise?: string } = {},
    ) => {
      const id = randomUUID();
      persons.push({
        id,
        organisation_id: org,
        last_name: `${name}-${i}`,
        first_name: 'Сгенерированный',
        birth_date: birth,
        birth_year: birth ? Number(birth.slice(0, 4)) : null,
        category,
        career_start_year: extra.career ?? null,
        enterprise_id: extra.enterprise ?? null,
        person_key: extra.key ?? (birth ? `gen-${randomUUID()}` : null),
        in_mentor_base: true,
        in_mentee_base: true,
      });
      consents.push({
        organisation_id: org,
        person_id: id,
        given_by: 'self',
        given_at: '2019-09-01',
        version_id: consentVersion,
      });
      return id;
    };
    // Pupils: ages 9–20 around the years the pairs run, one of them recorded in two schools.
    const pupils = Array.from({ length: 8 }, (_, j) =>
      person(
        `Ученик${j}`,
        'student',
        j === 0 ? '2008-03-01' : `${2004 + ((i + j) % 11)}-0${1 + (j % 9)}-15`,
        j === 0 ? { key: `gen-mover-${Math.floor(i / 2)}` } : {},
      ),
    );
    const teachers = Array.from({ length: 3 }, (_, j) =>
      person(`Педагог${j}`, 'teacher', `19${80 + j}-05-05`, { career: 2017 + ((i + j * 2) % 7) }),
    );
    const enterpriseMentor = person('Заводчанин', 'enterprise_employee', '1975-01-01', {
      enterprise: fx.enterprises.A.id,
    });
    const keyless = person('Бездатов', 'student', null);

    const pair = (
      start: string,
      end: string | null,
      mentor: string,
      mentees: string[],
      opts: { cancelledAt?: string; lateStart?: string } = {},
    ) => {
      const id = randomUUID();
      pairs.push({
        id,
        organisation_id: org,
        programme_id: programme,
        form_id: form.id,
        status: opts.cancelledAt ? 'cancelled' : end ? 'completed' : 'active',
        start_date: start,
        end_date: end,
        cancelled_at: opts.cancelledAt ?? null,
      });
      members.push({ organisation_id: org, pair_id: id, person_id: mentor, role: 'mentor' });
      mentees.forEach((m, k) =>
        members.push({
          organisation_id: org,
          pair_id: id,
          person_id: m,
          role: 'mentee',
          start_date: k === 1 && opts.lateStart ? opts.lateStart : null,
        }),
      );
      return id;
    };
    pair('2021-09-01', '2023-05-31', teachers[0]!, [pupils[0]!, pupils[1]!]);
    pair('2022-09-01', null, teachers[1]!, [pupils[2]!, pupils[3]!, keyless], { lateStart: '2023-02-01' });
    pair('2022-11-01', '2023-06-30', enterpriseMentor, [pupils[4]!, teachers[2]!]);
    pair('2023-01-15', null, pupils[5]!, [pupils[6]!]);
    pair('2023-09-01', '2024-06-30', teachers[0]!, [pupils[7]!], { cancelledAt: '2023-12-01' });

    const score = (k: number) => ((i * 7 + k * 3) % 10) + 1;
    const response = (personId: string, role: string, at: string, k: number) =>
      responses.push({
        organisation_id: org,
        person_id: personId,
        role,
        submitted_at: at,
        overall_score: score(k),
      });
    // 01:30 on 1 January 2023 in Moscow (2022 in UTC); 00:15 on 1 January 2024 in Moscow.
    response(pupils[0]!, 'mentee', '2022-12-31T22:30:00Z', 0);
    response(pupils[1]!, 'mentee', '2022-06-01T09:00:00Z', 1);
    response(pupils[1]!, 'mentee', '2022-12-31T21:10:00Z', 2);
    response(teachers[1]!, 'mentor', '2023-12-31T21:15:00Z', 3);
    response(pupils[2]!, 'mentee', '2023-05-10T09:00:00Z', 4);
    response(keyless, 'mentee', '2023-12-31T22:00:00Z', 5);
    response(enterpriseMentor, 'mentor', '2022-12-31T23:59:00Z', 6);
    response(teachers[2]!, 'mentee', '2023-03-03T09:00:00Z', 7);
  }
  await insertChunked(owner, 'organisations', orgs);
  await insertChunked(owner, 'programmes', programmes);
  await insertChunked(owner, 'persons', persons);
  await insertChunked(owner, 'consents', consents);
  await insertChunked(owner, 'pairs', pairs);
  await insertChunked(owner, 'pair_members', members);
  await insertChunked(owner, 'survey_responses', responses);
  await sql`ANALYZE`.execute(owner);
  return ids;
}

// ---------------------------------------------------------------------------------------
// API-like writes (the app role, in the scopes the API sets)

export interface Writer {
  /** A new pupil mentee and a teacher mentor, with consents, in a new open pair since `start`. */
  newPair(organisationId: string, start: string): Promise<void>;
  /** A survey response of one of the organisation's pair members, in their role. */
  newResponse(organisationId: string, at: string, score: number): Promise<void>;
  /** One of the organisation's open pairs completed on `end`. */
  completePair(organisationId: string, end: string): Promise<void>;
  /** The region admin edits a statistics figure (a denominator). */
  editStatistics(year: number, delta: number): Promise<void>;
}

export function apiLikeWriter(app: Kysely<Database>, fx: Fixtures, tag: string): Writer {
  const region = fx.regions.A.id;
  let n = 0;
  const curatorScope = async (organisationId: string): Promise<Scope> => {
    const known = [fx.users.aCurator, fx.users.a2Curator].find((u) => u.organisationId === organisationId);
    return {
      regionId: region,
      organisationId,
      municipalityId: known?.municipalityId ?? null,
      userId: known?.id ?? null,
      role: 'curator',
    };
  };
  return {
    async newPair(organisationId, start) {
      const i = n++;
      await withScope(app, await curatorScope(organisationId), async (tx) => {
        const form = await tx
          .selectFrom('mentoring_forms')
          .select('id')
          .orderBy('code')
          .executeTakeFirstOrThrow();
        const programme = await tx.selectFrom('programmes').select('id').executeTakeFirstOrThrow();
        const people: string[] = [];
        for (const [name, category, birth] of [
          ['Новичок', 'student', `${2008 + (i % 6)}-02-02`],
          ['Наставница', 'teacher', '1985-02-02'],
        ] as const) {
          const p = await tx
            .insertInto('persons')
            .values({
              organisation_id: organisationId,
              last_name: `${name}-${tag}-${i}`,
              first_name: 'Тест',
              birth_date: birth,
              birth_year: Number(birth.slice(0, 4)),
              category,
              career_start_year: category === 'teacher' ? 2020 + (i % 4) : null,
              person_key: `key-${tag}-${i}-${name}`,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('consents')
            .values({
              organisation_id: organisationId,
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
            organisation_id: organisationId,
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
            { organisation_id: organisationId, pair_id: pair.id, person_id: people[0]!, role: 'mentee' },
            { organisation_id: organisationId, pair_id: pair.id, person_id: people[1]!, role: 'mentor' },
          ])
          .execute();
      });
    },
    async newResponse(organisationId, at, score) {
      await withScope(app, await curatorScope(organisationId), async (tx) => {
        const member = await tx
          .selectFrom('pair_members')
          .select(['person_id', 'role', 'pair_id'])
          .orderBy(sql`md5(id::text || ${at})`)
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('survey_responses')
          .values({
            organisation_id: organisationId,
            person_id: member.person_id,
            pair_id: member.pair_id,
            role: member.role,
            submitted_at: at,
            overall_score: score,
          })
          .execute();
      });
    },
    async completePair(organisationId, end) {
      await withScope(app, await curatorScope(organisationId), (tx) =>
        sql`UPDATE pairs SET status = 'completed', end_date = ${end}::date
             WHERE id = (SELECT id FROM pairs WHERE status = 'active' AND start_date <= ${end}::date
                          ORDER BY id LIMIT 1)`.execute(tx),
      );
    },
    async editStatistics(year, delta) {
      const admin = fx.users.aRegionAdmin;
      await withScope(app, { regionId: region, userId: admin.id, role: 'region_admin' }, (tx) =>
        tx
          .updateTable('territory_statistics')
          .set({ value: sql`value + ${delta}` })
          .where('region_id', '=', region)
          .where('year', '=', year)
          .where('metric', '=', 'children_10_19')
          .execute(),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------
// Processes

/** A free TCP port on 127.0.0.1 (the OS picks one; it is closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface ChildHandle {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited (with its code, or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** Waits until the output contains `text`; rejects if the process exits first. */
  waitFor(text: string, ms?: number): Promise<void>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function track(child: ChildProcess, label: string): ChildHandle {
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const handle: ChildHandle = {
    child,
    output: () => out,
    exited,
    alive: () => !done,
    async waitFor(text, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!out.includes(text)) {
        if (done) throw new Error(`${label} exited before printing "${text}":\n${out}`);
        if (Date.now() > deadline)
          throw new Error(`${label} did not print "${text}" within ${ms} ms:\n${out}`);
        await sleep(25);
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
  return handle;
}

export interface WorkerProcessOptions {
  /** The owner URL, as production's DATABASE_URL (the app role's URL is derived from it). */
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  env?: Record<string, string>;
}

/** services/worker/src/main.ts as its own OS process; resolves once it consumes the queue. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<ChildHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.redisPrefix,
      JWT_SECRET: 'fault-test-jwt',
      PERSON_KEY_SECRET: 'fault-test-person-key',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handle = track(child, `worker (pid ${child.pid})`);
  try {
    await handle.waitFor('[worker] consuming queue');
  } catch (err) {
    await handle.stop('SIGKILL'); // never leave a half-started worker behind
    throw err;
  }
  return handle;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts redis-server (again) on the same port, empty: no RDB, no AOF. */
  start(): Promise<void>;
  /** SIGKILL: Redis gone at once, with everything it held. */
  kill(): Promise<void>;
}

/** A private redis-server (its own port, nothing persisted) that a test may kill and restart. */
export async function privateRedis(): Promise<RedisServer> {
  const port = await freePort();
  let current: ChildHandle | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      current = track(child, `redis-server :${port}`);
      try {
        await current.waitFor('Ready to accept connections', 10_000);
      } catch (err) {
        await current.stop('SIGKILL');
        current = undefined;
        throw err;
      }
    },
    async kill() {
      await current?.stop('SIGKILL');
      current = undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Settled

/** KPI jobs waiting, delayed or running (the nightly schedulers' next runs are not pending work). */
export async function pendingKpiJobs(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['active', 'wait', 'delayed', 'prioritized', 'waiting-children']);
  return jobs
    .filter((j) => j && !j.repeatJobKey && (j.name === 'kpi.organisation' || j.name === 'kpi.region'))
    .map((j) => `${j.name}:${j.id}`);
}

export async function outboxSize(owner: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_outbox`.execute(owner);
  return rows[0]!.n;
}

/** Until the outbox is empty and no KPI job is pending, twice in a row a relay poll apart. */
export async function settled(owner: Kysely<Database>, queue: Queue, ms = 30_000): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  let last = { outbox: -1, jobs: [] as string[] };
  try {
    await until(
      'the outbox to empty and the KPI jobs to finish',
      async () => {
        last = { outbox: await outboxSize(owner), jobs: await pendingKpiJobs(queue) };
        quiet = last.outbox === 0 && last.jobs.length === 0 ? quiet + 1 : 0;
        return quiet >= 2;
      },
      ms,
      250,
    );
  } catch (err) {
    throw new Error(
      `${(err as Error).message} (last seen: ${last.outbox} outbox rows, jobs ${JSON.stringify(last.jobs)})`,
    );
  }
  return Date.now() - started;
}
