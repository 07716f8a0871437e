import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { withScope, type Database, type Tx } from '@nastavnik/db';
import {
  applyPersonImport,
  applyRefusal,
  checkPersonImport,
  ImportFileError,
  readPersonFile,
  type PersonImportReport,
} from '@nastavnik/imports';
import type { JobCatalogue } from '@nastavnik/jobs';

/*
 * A person import job (person_imports row): read the uploaded file, check every row against
 * the catalogues and the organisation's base, and either store the report (dry run) or
 * write everything in ONE transaction (apply). Progress is written in short transactions
 * between the steps, never while the apply transaction is open: the embedded PGlite has a
 * single connection, and a second transaction would wait for the first forever.
 */

export const FILE_GONE =
  'Файл импорта уже удалён (после применения или через 24 часа после загрузки): загрузите его снова';
const BASE_CHANGED =
  'Пока шёл импорт, база изменилась (кто-то добавил тех же людей): ничего не импортировано, повторите проверку';
const INTERNAL =
  'Не удалось выполнить импорт из-за внутренней ошибки: ничего не импортировано, попробуйте ещё раз';

type Progress = Partial<{ phase: string; processed_rows: number; total_rows: number }>;

export function personsImportHandler(db: Kysely<Database>, personKeySecret: string | undefined) {
  return async function importPersons({
    importId,
    organisationId,
    regionId,
  }: JobCatalogue['persons.import']): Promise<void> {
    const inScope = <T>(fn: (tx: Tx) => Promise<T>) =>
      withScope(db, { regionId, organisationId, role: 'system' }, fn);
    const update = (values: Progress & Record<string, unknown>) =>
      inScope((tx) => tx.updateTable('person_imports').set(values).where('id', '=', importId).execute());
    const fail = (error: string, report: PersonImportReport | null = null) =>
      update({
        status: 'failed',
        error,
        report: report ? JSON.stringify(report) : null,
        finished_at: sql`now()`,
      });

    if (!personKeySecret) throw new Error('persons.import needs WorkerDeps.personKeySecret');
    const job = await inScope((tx) => claim(tx, importId));
    // Already taken by another run (a duplicate delivery), or removed: nothing to do.
    if (!job) return;
    if (!job.bytes) return void (await fail(FILE_GONE));
    // The file and its parsed rows are needed only until the plan exists: kept in this
    // function's scope, they are garbage by the time the apply runs.
    const readAndCheck = async (bytes: Uint8Array) => {
      const table = await readPersonFile(bytes);
      await update({ phase: 'checking', total_rows: table.records.length, processed_rows: 0 });
      return checkPersonImport(inScope, {
        table,
        base: job.base,
        fileName: job.file_name,
        personKeySecret,
        today: job.today,
        onDuplicate: job.on_duplicate,
        onProgress: (checked) => update({ processed_rows: checked }).then(() => undefined),
      });
    };
    const takeBytes = () => {
      const bytes = job.bytes!;
      job.bytes = null;
      return bytes;
    };
    try {
      const { report, plan } = await readAndCheck(takeBytes());
      if (job.mode === 'dry_run') {
        await update({
          status: 'done',
          phase: 'done',
          report: JSON.stringify(report),
          finished_at: sql`now()`,
        });
        return;
      }
      const refusal = applyRefusal(report, job.on_duplicate);
      if (refusal) return void (await fail(refusal, report));
      await update({ phase: 'applying' });
      await inScope(async (tx) => {
        await applyPersonImport(tx, plan, {
          organisationId,
          base: job.base,
          userId: job.created_by,
          onDuplicate: job.on_duplicate,
        });
        const applied: PersonImportReport = { ...report, applied: true };
        await tx
          .insertInto('audit_log')
          .values({
            region_id: regionId,
            organisation_id: organisationId,
            user_id: job.created_by,
            action: 'persons.import',
            entity: 'person_import',
            entity_id: importId,
            details: JSON.stringify({
              base: job.base,
              fileName: job.file_name,
              totalRows: report.totalRows,
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
              skipped: report.skipped,
              onDuplicate: job.on_duplicate,
            }),
          })
          .execute();
        await tx
          .updateTable('person_imports')
          .set({ status: 'done', phase: 'done', report: JSON.stringify(applied), finished_at: sql`now()` })
          .where('id', '=', importId)
          .execute();
        // Personal data minimisation: the upload is not needed once its rows are in the base.
        await tx.deleteFrom('stored_files').where('id', '=', job.file_id!).execute();
      });
    } catch (err) {
      if (err instanceof ImportFileError) return void (await fail(err.message));
      if ((err as { code?: string }).code === '23505') return void (await fail(BASE_CHANGED));
      await fail(INTERNAL);
      throw err;
    }
  };
}

/** Takes a queued job (once: a second delivery finds it running) with its file and today's date. */
async function claim(tx: Tx, importId: string) {
  const row = await tx
    .updateTable('person_imports')
    .set({ status: 'running', phase: 'reading', processed_rows: 0 })
    .where('id', '=', importId)
    .where('status', '=', 'queued')
    .returning(['base', 'mode', 'on_duplicate', 'file_id', 'file_name', 'created_by'])
    .executeTakeFirst();
  if (!row) return null;
  const file = row.file_id
    ? await tx.selectFrom('stored_files').select('bytes').where('id', '=', row.file_id).executeTakeFirst()
    : undefined;
  // «Today» in the region's calendar: consents dated today are fine until midnight there.
  const { rows } = await sql<{ today: string }>`
    SELECT to_char(now() AT TIME ZONE coalesce(
      (SELECT timezone FROM regions WHERE id = NULLIF(current_setting('app.region_id', true), '')::uuid),
      'Europe/Moscow'), 'YYYY-MM-DD') AS today`.execute(tx);
  const bytes: Uint8Array | null = file?.bytes ?? null;
  return { ...row, bytes, today: rows[0]!.today };
}
