import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import { locateColumns, type LocatedTable } from '../columns.ts';
import { readSpreadsheet } from '../spreadsheet.ts';
import { insertPersons, mergePersons, type ApplyContext } from './apply.ts';
import {
  MAX_PERSON_IMPORT_ROWS,
  missingPersonColumns,
  PERSON_COLUMNS,
  type PersonBase,
  type PersonColumnKey,
} from './columns.ts';
import { loadExistingIdentities, loadReferences } from './context.ts';
import { matchRows, planMerges, type FullExisting, type ImportPlan } from './plan.ts';
import { listDuplicates, type OnDuplicate, type PersonImportReport } from './report.ts';
import { validateRows } from './validate.ts';

/*
 * The person import in three steps the job runs with its own transactions between them:
 * read the file (no database), check it (read-only queries; nothing is written), apply the
 * plan (one transaction, all or nothing).
 */

export type PersonTable = LocatedTable<PersonColumnKey>;

/** Parses the upload and finds its columns; throws ImportFileError with a Russian message. */
export async function readPersonFile(bytes: Buffer | Uint8Array): Promise<PersonTable> {
  const { sheets } = await readSpreadsheet(bytes, { maxRows: MAX_PERSON_IMPORT_ROWS });
  return locateColumns(sheets, PERSON_COLUMNS, {
    maxRows: MAX_PERSON_IMPORT_ROWS,
    missing: missingPersonColumns,
  });
}

export interface CheckInput {
  table: PersonTable;
  base: PersonBase;
  fileName: string;
  personKeySecret: string;
  /** 'YYYY-MM-DD' in the region's calendar. */
  today: string;
  onDuplicate: OnDuplicate | null;
  /** Rows checked so far; runs between the read-only transactions, never inside one. */
  onProgress?: (checked: number) => Promise<void>;
}

export interface CheckedImport {
  report: PersonImportReport;
  plan: ImportPlan;
}

/** Runs `fn` in a short read-only transaction in the organisation's scope. */
export type ReadScope = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** Validates every row and matches it against the base; writes nothing. */
export async function checkPersonImport(read: ReadScope, input: CheckInput): Promise<CheckedImport> {
  const { table } = input;
  const refs = await read(loadReferences);
  const { rows, errors } = await validateRows(table, refs, {
    personKeySecret: input.personKeySecret,
    today: input.today,
    onProgress: input.onProgress,
  });
  const keys = rows.flatMap((r) => (r.personKey ? [r.personKey] : []));
  const snils = rows.flatMap((r) => (r.snilsDigits ? [r.snilsDigits] : []));
  const identities = await read((tx) => loadExistingIdentities(tx, keys, snils));
  const { creates, matched } = matchRows(rows, identities, errors);
  const full =
    matched.length > 0
      ? await read((tx) =>
          loadFull(
            tx,
            matched.map((m) => m.id),
          ),
        )
      : EMPTY;
  const { merges, duplicates, unchanged } = planMerges(matched, full, {
    base: input.base,
    refs,
    personKeySecret: input.personKeySecret,
    title: table.title,
  });
  const skip = input.onDuplicate === 'skip';
  const report: PersonImportReport = {
    base: input.base,
    fileName: input.fileName,
    totalRows: table.records.length,
    validRows: table.records.length - errors.rowCount,
    ...errors.summary(),
    ignoredColumns: table.ignored,
    ...listDuplicates(duplicates),
    created: creates.length,
    updated: skip ? 0 : merges.length,
    unchanged,
    skipped: skip ? merges.length : 0,
    onDuplicate: input.onDuplicate,
    applied: false,
  };
  return { report, plan: { creates, merges, duplicates, unchanged } };
}

const EMPTY: FullExisting = { persons: [], consents: [] };

async function loadFull(tx: Tx, ids: string[]): Promise<FullExisting> {
  const persons = await tx
    .selectFrom('persons')
    .selectAll()
    .where('id', '=', sql<string>`ANY (${ids}::uuid[])`)
    .execute();
  const consents = await tx
    .selectFrom('consents')
    .select([
      'person_id',
      'given_by',
      'representative_name',
      'representative_relation',
      'given_at',
      'version_id',
    ])
    .where('person_id', '=', sql<string>`ANY (${ids}::uuid[])`)
    .where('withdrawn_at', 'is', null)
    .execute();
  return { persons, consents };
}

/**
 * Why a checked import cannot be applied, in Russian; null when it can. Errors block it;
 * duplicates need the user's choice.
 */
export function applyRefusal(report: PersonImportReport, onDuplicate: OnDuplicate | null): string | null {
  if (report.errorCount > 0) {
    return `В файле есть ошибки (${report.errorCount}): исправьте их и загрузите файл снова. Ничего не импортировано`;
  }
  if (report.duplicateCount > 0 && !onDuplicate) {
    return 'В файле есть люди, которые уже есть в базе: выберите, объединить их данные или пропустить';
  }
  return null;
}

/** Writes the plan in the caller's transaction (the job's one apply transaction). */
export async function applyPersonImport(
  tx: Tx,
  plan: ImportPlan,
  ctx: ApplyContext & { onDuplicate: OnDuplicate | null },
): Promise<void> {
  await insertPersons(tx, plan.creates, ctx);
  if (ctx.onDuplicate === 'merge') await mergePersons(tx, plan.merges, ctx);
}
