import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { APP_ROLE, appUrlFrom, connectPostgres, migrateToLatest, type Database } from '@nastavnik/db';
import { completeInn } from '@nastavnik/domain';
import type { Figure } from './figures.ts';
import { writeMenteeBase } from './person-import-file.ts';

/*
 * Issue 3's figures: a 50,000-row XLSX mentee base imported as the worker does it (dry run,
 * then apply), the peak memory of that process, and the ratio to a plain COPY of the same
 * rows (persons and their consents) measured in the same run; then the export of the base.
 * A fresh database per run; the import runs in a child process (person-import-child.ts).
 */

const PERSON_COLUMNS = `id, organisation_id, last_name, first_name, middle_name, birth_date, birth_year, category,
  class_name, snils, phone, email, workplace, position, enterprise_id, career_start_year, competences, life_experience,
  interests, preferred_age_min, preferred_age_max, time_resource_hours, request_id, request_details, person_key,
  in_mentor_base, in_mentee_base`;
const CONSENT_COLUMNS = `organisation_id, person_id, given_by, representative_name, representative_relation,
  given_at, version_id, created_by`;

export async function personImportFigures(serverUrl: string, rows = 50_000): Promise<Figure[]> {
  const database = `nastavnik_bench_imp_${Date.now()}`;
  const server = connectPostgres<unknown>(serverUrl, { max: 1 });
  await sql.raw(`CREATE DATABASE ${database}`).execute(server);
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${database}`;
  const owner = connectPostgres<Database>(ownerUrl.toString(), { max: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'nastavnik-bench-import-'));
  try {
    await migrateToLatest(owner as never);
    const ids = await organisations(owner);
    const file = join(dir, 'mentees.xlsx');
    console.log(`[bench] writing a ${rows.toLocaleString('ru-RU')}-row mentee base…`);
    await writeMenteeBase(file, rows);
    console.log(
      `[bench] importing ${(statSync(file).size / 2 ** 20).toFixed(1)} MB (dry run, apply, export)…`,
    );
    const child = await runChild({
      BENCH_APP_URL: appUrlFrom(ownerUrl.toString(), APP_ROLE),
      BENCH_FILE: file,
      BENCH_REGION: ids.regionId,
      BENCH_ORG: ids.importOrg,
      BENCH_USER: ids.userId,
      PERSON_KEY_SECRET: 'bench-person-key',
    });
    if (child.created !== rows) throw new Error(`created ${child.created} of ${rows} rows`);
    console.log(`[bench] import child: ${JSON.stringify(child)}`);
    console.log('[bench] the same rows with a plain COPY…');
    const copy = await plainCopy(ownerUrl.toString(), ids.importOrg, ids.copyOrg);

    const total = (child.dryRunMs + child.applyMs) / 1000;
    const copySec = copy.copyInMs / 1000;
    const baseline = 'plain COPY of the same persons + consents rows (superuser, no RLS, no checks)';
    const fig = (
      name: string,
      value: number,
      unit: string,
      base: string | null,
      baseValue: number | null,
    ) => ({
      name,
      value,
      unit,
      baseline: base,
      baselineValue: baseValue,
      ratio: baseValue ? value / baseValue : null,
    });
    const n = `${rows / 1000}k`;
    return [
      fig(`person import ${n} XLSX: dry run + apply`, total, 's', baseline, copySec),
      fig(`person import ${n} XLSX: dry run`, child.dryRunMs / 1000, 's', baseline, copySec),
      fig(`person import ${n} XLSX: apply`, child.applyMs / 1000, 's', baseline, copySec),
      fig(`plain COPY of ${n} persons + consents`, copySec, 's', null, null),
      fig(
        `person import ${n} XLSX: peak RSS of the process`,
        child.importPeakRssMb,
        'MB',
        'RSS of the same process before the import',
        child.idleRssMb,
      ),
      fig(
        `person export ${n} mentee base to XLSX`,
        child.exportMs / 1000,
        's',
        'plain COPY TO of the same persons rows',
        copy.copyOutMs / 1000,
      ),
    ];
  } finally {
    await owner.destroy();
    rmSync(dir, { recursive: true, force: true });
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database}`.execute(
      server,
    );
    await sql.raw(`DROP DATABASE IF EXISTS ${database}`).execute(server);
    await server.destroy();
  }
}

async function organisations(owner: ReturnType<typeof connectPostgres<Database>>) {
  const region = await owner
    .insertInto('regions')
    .values({ name: 'Бенчмарк', code: 'bench-import' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const m = await owner
    .insertInto('municipalities')
    .values({ region_id: region.id, name: 'Округ', oktmo: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = (name: string, stem: string) =>
    owner
      .insertInto('organisations')
      .values({ region_id: region.id, municipality_id: m.id, name, kind: 'college', inn: completeInn(stem) })
      .returning('id')
      .executeTakeFirstOrThrow();
  const importOrg = (await org('ГБПОУ «Колледж импорта»', '390000201')).id;
  const copyOrg = (await org('ГБПОУ «Колледж копирования»', '390000202')).id;
  const user = await owner
    .insertInto('users')
    .values({
      region_id: region.id,
      municipality_id: m.id,
      organisation_id: importOrg,
      email: 'bench-curator@bench.test',
      full_name: 'Куратор Бенчмарка',
      role: 'curator',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { regionId: region.id, importOrg, copyOrg, userId: user.id };
}

interface ChildResult {
  dryRunMs: number;
  applyMs: number;
  created: number;
  idleRssMb: number;
  importPeakRssMb: number;
  exportMs: number;
}

function runChild(env: Record<string, string>): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/person-import-child.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`import child exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

/**
 * The baseline: the imported rows (new ids, the other organisation) loaded with COPY FROM,
 * persons then consents, in one transaction; and the persons read back with COPY TO.
 */
async function plainCopy(ownerUrl: string, fromOrg: string, toOrg: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const dump = async (query: string) => {
    const chunks: Buffer[] = [];
    const started = performance.now();
    await pipeline(
      client.query(copyTo(`COPY (${query}) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    return { data: Buffer.concat(chunks), ms: performance.now() - started };
  };
  const load = (table: string, columns: string, data: Buffer) =>
    pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  const newId = (column: string) => `md5(${column}::text || 'copy')::uuid`;
  try {
    const persons = await dump(
      `SELECT ${PERSON_COLUMNS.replace('id, organisation_id', `${newId('id')}, '${toOrg}'::uuid`)}
         FROM persons WHERE organisation_id = '${fromOrg}'`,
    );
    const consents = await dump(
      `SELECT ${CONSENT_COLUMNS.replace('organisation_id, person_id', `'${toOrg}'::uuid, ${newId('person_id')}`)}
         FROM consents WHERE organisation_id = '${fromOrg}'`,
    );
    const started = performance.now();
    await client.query('BEGIN');
    await load('persons', PERSON_COLUMNS, persons.data);
    await load('consents', CONSENT_COLUMNS, consents.data);
    await client.query('COMMIT');
    const copyInMs = performance.now() - started;
    const out = await dump(`SELECT ${PERSON_COLUMNS} FROM persons WHERE organisation_id = '${toOrg}'`);
    return { copyInMs, copyOutMs: out.ms };
  } finally {
    await client.end();
  }
}
