import { sql } from 'kysely';
import type { PersonImportsTable, Tx } from '@nastavnik/db';
import type { OnDuplicate, PersonBase, PersonImportReport } from '@nastavnik/imports';
import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../lib/errors.ts';
import { paging, pageOf, totalOf, type ListArgs } from '../../lib/paging.ts';
import { likePattern } from '../../lib/schemas.ts';
import type { Principal } from '../../plugins/auth.ts';

/*
 * Person imports as jobs: an upload is kept (stored_files, purpose import_upload) and
 * checked by a dry-run job; applying it is a second job on the same file. The jobs
 * themselves run in the worker (persons-import.job.ts); this module records and reads them.
 */

/** Uploads nobody applied are deleted after this long (personal data minimisation). */
export const UPLOAD_TTL = '24 hours';

type Row = Selectable<PersonImportsTable>;

export async function createUpload(
  tx: Tx,
  principal: Principal,
  input: { base: PersonBase; fileName: string; mime: string; bytes: Buffer },
): Promise<string> {
  await deleteExpiredUploads(tx);
  const organisationId = principal.organisationId!;
  const file = await tx
    .insertInto('stored_files')
    .values({
      organisation_id: organisationId,
      purpose: 'import_upload',
      file_name: input.fileName,
      mime: input.mime,
      size: input.bytes.length,
      bytes: input.bytes,
      created_by: principal.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await tx
    .insertInto('person_imports')
    .values({
      organisation_id: organisationId,
      base: input.base,
      file_name: input.fileName,
      file_id: file.id,
      mode: 'dry_run',
      created_by: principal.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Deletes the organisation's uploads older than UPLOAD_TTL (the jobs pointing at them keep
 * their reports; file_id becomes NULL). Done on each new upload: no scheduler needed.
 * An upload an apply is still working on is left for that job to delete.
 */
async function deleteExpiredUploads(tx: Tx): Promise<void> {
  await tx
    .deleteFrom('stored_files as f')
    .where('f.purpose', '=', 'import_upload')
    .where('f.created_at', '<', sql<Date>`now() - ${UPLOAD_TTL}::interval`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('person_imports as i')
            .select('i.id')
            .whereRef('i.file_id', '=', 'f.id')
            .where('i.mode', '=', 'apply')
            .where('i.status', 'in', ['queued', 'running']),
        ),
      ),
    )
    .execute();
}

const refuse = (status: number, code: string, message: string, field = 'id') =>
  new AppError(status, code, message, [{ field, message }]);

/** Records an apply of a checked upload; refuses what cannot be applied, saying why. */
export async function requestApply(
  tx: Tx,
  principal: Principal,
  id: string,
  onDuplicate: OnDuplicate | undefined,
): Promise<string> {
  const dryRun = await tx.selectFrom('person_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!dryRun) throw notFound('Запись об импорте не найдена');
  if (dryRun.mode !== 'dry_run')
    throw refuse(400, 'import_not_dry_run', 'Применить можно только проверку файла');
  if (dryRun.status === 'queued' || dryRun.status === 'running') {
    throw refuse(409, 'import_not_checked', 'Проверка файла ещё идёт: дождитесь её окончания');
  }
  if (dryRun.status === 'failed') {
    throw refuse(400, 'import_failed', `Файл не прошёл проверку: ${dryRun.error ?? 'ошибка чтения'}`);
  }
  if (!dryRun.file_id) {
    throw refuse(
      409,
      'import_file_gone',
      'Файл уже удалён (после применения или через 24 часа после загрузки): загрузите его снова',
    );
  }
  const report = reportOf(dryRun.report, dryRun);
  if (report.errorCount > 0) {
    throw refuse(
      400,
      'import_has_errors',
      `В файле есть ошибки (${report.errorCount}): исправьте их и загрузите снова`,
    );
  }
  if (report.duplicateCount > 0 && !onDuplicate) {
    throw refuse(
      400,
      'import_duplicates_need_choice',
      `${report.duplicateCount} чел. из файла уже есть в базе: выберите, объединить данные (merge) или пропустить (skip)`,
      'onDuplicate',
    );
  }
  const running = await tx
    .selectFrom('person_imports')
    .select('id')
    .where('file_id', '=', dryRun.file_id)
    .where('mode', '=', 'apply')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (running) throw refuse(409, 'import_already_running', 'Этот файл уже импортируется');
  const row = await tx
    .insertInto('person_imports')
    .values({
      organisation_id: dryRun.organisation_id,
      base: dryRun.base,
      file_name: dryRun.file_name,
      file_id: dryRun.file_id,
      mode: 'apply',
      on_duplicate: onDuplicate ?? null,
      created_by: principal.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getImport(tx: Tx, id: string) {
  const row = await tx.selectFrom('person_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Запись об импорте не найдена');
  return { ...importView(row), report: row.report ? reportOf(row.report, row) : null };
}

export async function listImports(tx: Tx, args: ListArgs & { base?: PersonBase }) {
  const p = paging(args);
  let filtered = tx.selectFrom('person_imports');
  if (args.base) filtered = filtered.where('base', '=', args.base);
  if (args.q) filtered = filtered.where('file_name', 'ilike', likePattern(args.q));
  const rows = await filtered
    .selectAll()
    .select(totalOf(filtered))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(p.pageSize)
    .offset(p.offset)
    .execute();
  return pageOf(
    rows,
    (r) => {
      const report = r.report ? reportOf(r.report, r) : null;
      return {
        ...importView(r),
        created: report?.created ?? null,
        updated: report?.updated ?? null,
        unchanged: report?.unchanged ?? null,
        errorCount: report?.errorCount ?? null,
        duplicateCount: report?.duplicateCount ?? null,
      };
    },
    p,
  );
}

function importView(r: Row) {
  return {
    id: r.id,
    base: r.base,
    mode: r.mode,
    status: r.status,
    phase: r.phase,
    processedRows: r.processed_rows,
    totalRows: r.total_rows,
    error: r.error,
    fileName: r.file_name,
    fileAvailable: r.file_id !== null,
    onDuplicate: r.on_duplicate,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** A stored report with every field present (older or partial reports get the defaults). */
function reportOf(
  stored: Record<string, unknown> | null,
  r: Pick<Row, 'base' | 'file_name'>,
): PersonImportReport {
  return {
    base: r.base,
    fileName: r.file_name,
    totalRows: 0,
    validRows: 0,
    errors: [],
    errorCount: 0,
    ignoredColumns: [],
    duplicates: [],
    duplicateCount: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    onDuplicate: null,
    applied: false,
    ...(stored as Partial<PersonImportReport> | null),
  };
}
