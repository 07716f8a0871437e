import type { Tx } from '@nastavnik/db';
import type { Principal } from '../../plugins/auth.ts';
import type { ColumnSpec, LocatedTable } from './columns.ts';

export type ImportKind = 'organisations' | 'curators';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

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

export const MAX_LISTED_ERRORS = 1000;

/** Collects row errors; a row with any error is not valid. */
export class RowErrors<K extends string> {
  readonly list: RowError[] = [];
  private readonly badRows = new Set<number>();

  constructor(private readonly table: Pick<LocatedTable<K>, 'title'>) {}

  add(row: number, column: K, message: string): void {
    this.list.push({ row, column: this.table.title(column), message });
    this.badRows.add(row);
  }

  has(row: number): boolean {
    return this.badRows.has(row);
  }

  get rowCount(): number {
    return this.badRows.size;
  }
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

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
