import { readFileSync } from 'node:fs';
import { connectPostgres, withScope } from '@nastavnik/db';
import { exportBase } from '@nastavnik/imports';
import { personsImportHandler } from '../services/worker/src/handlers/persons-import.job.ts';

/*
 * One person import as the worker runs it, in a process of its own so that its peak
 * memory is the import's, not the bench's: upload rows as the API writes them, the dry-run
 * job, the apply job, then the export of the same base. Prints one JSON line of timings.
 */

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const idleRss = process.memoryUsage().rss;
let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const db = connectPostgres(env('BENCH_APP_URL'), { max: 2, applicationName: 'nastavnik-bench-import' });
const scope = { regionId: env('BENCH_REGION'), organisationId: env('BENCH_ORG'), role: 'system' as const };
const userId = env('BENCH_USER');
const bytes = readFileSync(env('BENCH_FILE'));
const handler = personsImportHandler(db, env('PERSON_KEY_SECRET'));

const job = (mode: 'dry_run' | 'apply', fileId: string) =>
  withScope(db, scope, (tx) =>
    tx
      .insertInto('person_imports')
      .values({
        organisation_id: scope.organisationId,
        base: 'mentees',
        file_name: 'bench.xlsx',
        file_id: fileId,
        mode,
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
const run = async (importId: string) => {
  const started = performance.now();
  await handler({ importId, organisationId: scope.organisationId, regionId: scope.regionId });
  const ms = performance.now() - started;
  const row = await withScope(db, scope, (tx) =>
    tx.selectFrom('person_imports').selectAll().where('id', '=', importId).executeTakeFirstOrThrow(),
  );
  if (row.status !== 'done') throw new Error(`import ${importId} ${row.status}: ${row.error}`);
  return { ms, report: row.report as { created: number; errorCount: number } };
};

try {
  const file = await withScope(db, scope, (tx) =>
    tx
      .insertInto('stored_files')
      .values({
        organisation_id: scope.organisationId,
        purpose: 'import_upload',
        file_name: 'bench.xlsx',
        mime: 'application/octet-stream',
        size: bytes.length,
        bytes,
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const dry = await run((await job('dry_run', file.id)).id);
  const dryRunPeak = peakRss;
  if (dry.report.errorCount > 0) throw new Error(`dry run found ${dry.report.errorCount} errors`);
  const apply = await run((await job('apply', file.id)).id);
  const importPeak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const exportStarted = performance.now();
  const exported = await exportBase((fn) => withScope(db, scope, fn), 'mentees');
  const exportMs = performance.now() - exportStarted;
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      dryRunMs: dry.ms,
      applyMs: apply.ms,
      created: apply.report.created,
      idleRssMb: idleRss / 2 ** 20,
      importPeakRssMb: importPeak / 2 ** 20,
      dryRunPeakRssMb: dryRunPeak / 2 ** 20,
      exportMs,
      exportRows: exported.count,
      exportBytes: exported.bytes.length,
      fileBytes: bytes.length,
    }),
  );
} finally {
  clearInterval(sampler);
  await db.destroy();
}
