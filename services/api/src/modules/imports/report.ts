import type { Tx } from '@nastavnik/db';
import type { ColumnSpec, LocatedTable, RowError, RowErrors } from '@nastavnik/imports';
import type { Principal } from '../../plugins/auth.ts';

export type ImportKind = 'organisations' | 'curators';

export interface ImportReport {
  kind: ImportKind;
  fileName: string;
  totalRows: number;
  validRows: number;
  errors: RowError[];
  /** How many errors there are in all; `errors` lists at most MAX_LISTED_ERRORS of them. */
  errorCount: number;
  /** Headers of the file that match no expected column, so the user sees what was left out. */
  ignoredColumns: string[];
  applied: boolean;
  /** With applied = false these say what applying would do. */
  created: number;
  updated: number;
  skipped: number;
}

export interface ImportContext<K extends string> {
  tx: Tx;
  principal: Principal;
  table: LocatedTable<K>;
  errors: RowErrors<K>;
  /** False for a dry run: writes happen and are rolled back, so no letters are prepared. */
  apply: boolean;
  publicUrl: string;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  skipped: number;
  /** Letters queued in the transaction, to dispatch after it commits. */
  mailIds: string[];
}

/**
 * One kind of import. `run` validates every record (reporting into ctx.errors) and writes
 * what it can; writing may find more errors (a conflict only the database can see). The
 * caller rolls the whole transaction back on any error or for a dry run.
 */
export interface Importer<K extends string> {
  kind: ImportKind;
  columns: ColumnSpec<K>[];
  run(ctx: ImportContext<K>): Promise<ImportOutcome>;
}
