import { emptyFile, ImportFileError, tooManyRows } from './errors.ts';
import type { SheetTable } from './spreadsheet.ts';
import { headerKey } from './text.ts';

/** One expected column of an import file. */
export interface ColumnSpec<K extends string> {
  key: K;
  /** The header as the template writes it, and as errors name it when the column is missing. */
  header: string;
  /** Other spellings people use for the same column. */
  aliases?: string[];
  /** Whether the column must be present (its cells may still be optional). */
  required: boolean;
}

/** A data row with its cells by column key; `row` is the spreadsheet row number. */
export interface ImportRecord<K extends string> {
  row: number;
  values: Record<K, string>;
}

export interface LocatedTable<K extends string> {
  records: ImportRecord<K>[];
  /** Which columns the file has (a missing optional column leaves existing data alone). */
  present: Set<K>;
  /** Header text as written in the file, for error reports. */
  title(key: K): string;
  /** Where the column stands in the file (0-based); columns the file lacks come after all. */
  position(key: K): number;
  /** Headers of the file that match no expected column. */
  ignored: string[];
}

/** The row limit of the region admin's imports (organisations, curators). */
export const MAX_IMPORT_ROWS = 20_000;
/** A title or a note above the header is common; the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Finds the header row and the expected columns in the first sheet that has them all.
 * Throws import_bad_headers naming the missing columns, import_empty when no data row is
 * under the header, import_too_many_rows above `maxRows` (default MAX_IMPORT_ROWS).
 * `missing` replaces the plain "required" rule (e.g. «ФИО» stands for «Фамилия» + «Имя»).
 */
export function locateColumns<K extends string>(
  sheets: SheetTable[],
  specs: ColumnSpec<K>[],
  options: { maxRows?: number; missing?: (found: Map<K, number>) => ColumnSpec<K>[] } = {},
): LocatedTable<K> {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const missingOf =
    options.missing ?? ((found: Map<K, number>) => specs.filter((s) => s.required && !found.has(s.key)));
  let best: { sheet: SheetTable; headerIndex: number; columns: Map<K, number> } | undefined;
  for (const sheet of sheets) {
    for (let i = 0; i < Math.min(HEADER_SEARCH_ROWS, sheet.rows.length); i++) {
      const columns = matchHeaders(sheet.rows[i]!.cells, specs);
      if (!best || columns.size > best.columns.size) best = { sheet, headerIndex: i, columns };
    }
    if (best && missingOf(best.columns).length === 0) break;
  }
  if (!best || best.sheet.rows.length === 0) throw emptyFile('В файле нет данных');
  const { sheet, headerIndex, columns } = best;
  const missing = missingOf(columns).map((s) => s.header);
  if (missing.length > 0) {
    throw new ImportFileError(
      400,
      'import_bad_headers',
      `В файле нет ${missing.length === 1 ? 'столбца' : 'столбцов'}: ${missing.map((h) => `«${h}»`).join(', ')}. ` +
        'Первая строка таблицы должна содержать заголовки, как в шаблоне',
      missing.map((h) => ({ field: h, message: 'Столбец не найден' })),
    );
  }

  const header = sheet.rows[headerIndex]!.cells;
  const used = new Set(columns.values());
  const ignored = header.filter((h, i) => h !== '' && !used.has(i));
  const records: ImportRecord<K>[] = [];
  for (const r of sheet.rows.slice(headerIndex + 1)) {
    const values = {} as Record<K, string>;
    let empty = true;
    for (const spec of specs) {
      const index = columns.get(spec.key);
      const v = index === undefined ? '' : (r.cells[index] ?? '');
      values[spec.key] = v;
      if (v !== '') empty = false;
    }
    // A row with nothing in the known columns is a spacer or a side note, not data.
    if (empty) continue;
    records.push({ row: r.number, values });
    if (records.length > maxRows) throw tooManyRows(maxRows);
  }
  if (records.length === 0) {
    throw emptyFile('В файле нет строк с данными под заголовком');
  }
  const byKey = new Map(specs.map((s) => [s.key, s]));
  return {
    records,
    present: new Set(columns.keys()),
    title: (key) => {
      const index = columns.get(key);
      return (index !== undefined ? header[index] : undefined) || byKey.get(key)!.header;
    },
    position: (key) => columns.get(key) ?? header.length + specs.findIndex((s) => s.key === key),
    ignored,
  };
}

/** Column index of every expected column found in a header row; the first match wins. */
export function matchHeaders<K extends string>(cells: string[], specs: ColumnSpec<K>[]): Map<K, number> {
  const found = new Map<K, number>();
  cells.forEach((cell, index) => {
    const key = headerKey(cell);
    if (!key) return;
    const spec = specs.find(
      (s) => !found.has(s.key) && [s.header, ...(s.aliases ?? [])].some((name) => headerKey(name) === key),
    );
    if (spec) found.set(spec.key, index);
  });
  return found;
}
