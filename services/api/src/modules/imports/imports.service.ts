import type { Tx } from '@nastavnik/db';
import { locateColumns, MAX_IMPORT_ROWS, readSpreadsheet, RowErrors } from '@nastavnik/imports';
import type { Principal } from '../../plugins/auth.ts';
import { curatorsImporter } from './curators.import.ts';
import { organisationsImporter } from './organisations.import.ts';
import type { ImportKind, ImportReport, Importer } from './report.ts';

export const importers: Record<ImportKind, Importer<string>> = {
  organisations: organisationsImporter as Importer<string>,
  curators: curatorsImporter as Importer<string>,
};

export interface ImportInput {
  kind: ImportKind;
  fileName: string;
  bytes: Buffer;
  apply: boolean;
  publicUrl: string;
}

export interface ImportResult {
  report: ImportReport;
  /** Invitation letters to dispatch now that the transaction has committed. */
  mailIds: string[];
}

/** Thrown inside the transaction to undo a dry run or a file with errors, carrying its report. */
class RollBack extends Error {
  constructor(readonly result: ImportResult) {
    super('import rolled back');
  }
}

/**
 * Reads the file, then validates and writes every row in ONE transaction: all or nothing.
 * A dry run does the same writes and rolls them back, so its report includes conflicts
 * that only the database can see. `onApplied` runs in the transaction of an applied
 * import (the audit entry).
 */
export async function runImport(
  scoped: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  principal: Principal,
  input: ImportInput,
  onApplied: (tx: Tx, report: ImportReport) => Promise<void>,
): Promise<ImportResult> {
  const importer = importers[input.kind];
  // Parsing happens before the transaction opens: a large workbook takes seconds to read.
  const spreadsheet = await readSpreadsheet(input.bytes, { maxRows: MAX_IMPORT_ROWS });
  const table = locateColumns(spreadsheet.sheets, importer.columns);
  try {
    return await scoped(async (tx) => {
      const errors = new RowErrors(table);
      const outcome = await importer.run({
        tx,
        principal,
        table,
        errors,
        apply: input.apply,
        publicUrl: input.publicUrl,
      });
      const { errors: listed, errorCount } = errors.summary();
      const report: ImportReport = {
        kind: input.kind,
        fileName: input.fileName,
        totalRows: table.records.length,
        validRows: table.records.length - errors.rowCount,
        errors: listed,
        errorCount,
        ignoredColumns: table.ignored,
        applied: false,
        created: outcome.created,
        updated: outcome.updated,
        skipped: outcome.skipped,
      };
      if (errorCount > 0 || !input.apply) throw new RollBack({ report, mailIds: [] });
      report.applied = true;
      await onApplied(tx, report);
      return { report, mailIds: outcome.mailIds };
    });
  } catch (err) {
    if (err instanceof RollBack) return err.result;
    throw err;
  }
}

/** A file name safe to echo and to log: no path, no control characters, bounded length. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const printable = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
  return printable.trim().slice(0, 255) || 'файл';
}
