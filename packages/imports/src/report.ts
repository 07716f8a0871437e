import type { LocatedTable } from './columns.ts';

/** One problem of one row: the row number and the column title as the user sees them. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Reports list at most this many errors (and count all of them). */
export const MAX_LISTED_ERRORS = 1000;

/**
 * Collects row errors; a row with any error is not valid. With `byColumn`, the errors of a
 * row are listed in the order of the file's columns rather than in the order found.
 */
export class RowErrors<K extends string> {
  readonly list: RowError[] = [];
  private readonly badRows = new Set<number>();
  private readonly positions: number[] = [];

  constructor(
    private readonly table: Pick<LocatedTable<K>, 'title'> & Partial<Pick<LocatedTable<K>, 'position'>>,
    private readonly options: { byColumn?: boolean } = {},
  ) {}

  add(row: number, column: K, message: string): void {
    this.list.push({ row, column: this.table.title(column), message });
    if (this.options.byColumn) this.positions.push(this.table.position?.(column) ?? 0);
    this.badRows.add(row);
  }

  has(row: number): boolean {
    return this.badRows.has(row);
  }

  get rowCount(): number {
    return this.badRows.size;
  }

  /** Every error in row order (stable within a row), the first MAX_LISTED_ERRORS of them listed. */
  summary(): { errors: RowError[]; errorCount: number } {
    const order = this.list.map((_, i) => i);
    order.sort(
      (a, b) => this.list[a]!.row - this.list[b]!.row || (this.positions[a] ?? 0) - (this.positions[b] ?? 0),
    );
    const sorted = order.map((i) => this.list[i]!);
    return { errors: sorted.slice(0, MAX_LISTED_ERRORS), errorCount: sorted.length };
  }
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
