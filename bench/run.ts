import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { connectPostgres } from '@nastavnik/db';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { printFigures, saveFigures, type Figure } from './figures.ts';
import { personImportFigures } from './person-import.ts';

/*
 * `npm run bench`: absolute figures on this machine, each with its ratio to a baseline
 * measured in the same run. Needs the local PostgreSQL; results go to bench/results.json.
 * `npm run bench -- person-import` (or `-- http`) measures one group and keeps the others'
 * figures in results.json as they were.
 *
 * Figures (issue 2): an authenticated directory list (JWT verify + RLS transaction) vs a
 * bare Fastify hello-world, and vs the same list without the RLS transaction.
 * Figures (issue 3): a 50,000-row XLSX mentee base imported (dry run + apply) vs a plain
 * COPY of the same rows, the import's peak memory, and the export of that base.
 */
const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const JWT_SECRET = 'bench-jwt-secret';

function startProcess(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (/ready|Наставник запущен|Server listening/.test(d.toString())) resolve(child);
    });
  });
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never became healthy`);
}

async function load(url: string, headers: Record<string, string> = {}) {
  // Warm-up first: JIT, connection pools, PostgreSQL plan caches.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx and ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

const GROUPS = ['http', 'person-import'] as const;
const wanted = process.argv.slice(2);
const unknown = wanted.filter((g) => !(GROUPS as readonly string[]).includes(g));
if (unknown.length > 0) {
  console.error(`Unknown bench group ${unknown.join(', ')}: use ${GROUPS.join(' or ')}`);
  process.exit(2);
}
const runs = (group: (typeof GROUPS)[number]) => wanted.length === 0 || wanted.includes(group);

const figures: Figure[] = [];
if (runs('http')) figures.push(...(await httpFigures()));
if (runs('person-import')) {
  const imported = await personImportFigures(SERVER_URL, Number(process.env.BENCH_IMPORT_ROWS ?? 50_000));
  figures.push(...imported);
  const total = imported[0]!;
  console.log(
    `\nGoal: ${total.name} ≤ 20 s (got ${total.value.toFixed(1)} s, ${total.ratio!.toFixed(1)}× the plain COPY)`,
  );
}
saveFigures(figures);
printFigures(figures);

/** Issue 2: the API's directory list under load, against hello-world and against no RLS. */
async function httpFigures(): Promise<Figure[]> {
  const stamp = Date.now();
  const database = `nastavnik_bench_${stamp}`;
  const server = connectPostgres<unknown>(SERVER_URL, { max: 1 });
  await sql.raw(`CREATE DATABASE ${database}`).execute(server);
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${database}`;
  const children: ChildProcess[] = [];

  try {
    console.log(`[bench] database ${database}; ${CONNECTIONS} connections, ${DURATION} s per figure`);
    const apiEnv = {
      DATABASE_URL: dbUrl.toString(),
      PORT: '3301',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nastavnik-bench-')),
      JWT_SECRET,
      PERSON_KEY_SECRET: 'bench-person-key',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    };
    // The API migrates and loads the demo region, then serves; it is measured as a separate process.
    children.push(await startProcess(['services/api/src/main.ts', '--demo'], apiEnv));
    await waitHealthy('http://127.0.0.1:3301/api/health');
    children.push(await startProcess(['bench/servers/hello.ts'], { PORT: '3302' }));
    children.push(
      await startProcess(['bench/servers/list-no-rls.ts'], {
        PORT: '3303',
        DATABASE_URL: dbUrl.toString(),
        JWT_SECRET,
      }),
    );

    const admin = DEMO_LOGINS.find((l) => l.role === 'region_admin')!;
    const login = await fetch('http://127.0.0.1:3301/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };

    const hello = await load('http://127.0.0.1:3302/hello');
    const list = await load('http://127.0.0.1:3301/api/organisations?pageSize=25', auth);
    const noRls = await load('http://127.0.0.1:3303/api/organisations?pageSize=25', auth);

    const figures: Figure[] = [
      {
        name: 'hello-world requests/s',
        value: hello.rps,
        unit: 'req/s',
        baseline: null,
        baselineValue: null,
        ratio: null,
      },
      {
        name: 'directory list (JWT + RLS transaction) requests/s',
        value: list.rps,
        unit: 'req/s',
        baseline: 'hello-world requests/s',
        baselineValue: hello.rps,
        ratio: list.rps / hello.rps,
      },
      {
        name: 'directory list p99 latency',
        value: list.p99,
        unit: 'ms',
        baseline: 'hello-world p99 latency',
        baselineValue: hello.p99,
        ratio: list.p99 / hello.p99,
      },
      {
        name: 'directory list without RLS transaction requests/s',
        value: noRls.rps,
        unit: 'req/s',
        baseline: 'hello-world requests/s',
        baselineValue: hello.rps,
        ratio: noRls.rps / hello.rps,
      },
      {
        name: 'RLS cost: list with RLS / list without',
        value: list.rps / noRls.rps,
        unit: 'ratio',
        baseline: 'directory list without RLS transaction requests/s',
        baselineValue: noRls.rps,
        ratio: list.rps / noRls.rps,
      },
    ];
    console.log(
      `\nGoals: list ≥ 15% of hello-world (got ${((list.rps / hello.rps) * 100).toFixed(1)}%); RLS costs ≤ 20% (got ${((1 - list.rps / noRls.rps) * 100).toFixed(1)}%)`,
    );
    return figures;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database}`.execute(
      server,
    );
    await sql.raw(`DROP DATABASE IF EXISTS ${database}`).execute(server);
    await server.destroy();
  }
}
