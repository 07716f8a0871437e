import { MAX_LISTED_ERRORS, type RowError } from '../report.ts';
import type { PersonBase } from './columns.ts';
import type { DuplicateRow } from './plan.ts';

export type OnDuplicate = 'merge' | 'skip';

/**
 * The report of a person import, stored on the job (person_imports.report) and shown to the
 * curator: with applied = false (a dry run, or an apply refused) the counts say what
 * applying would do.
 */
export interface PersonImportReport {
  base: PersonBase;
  fileName: string;
  totalRows: number;
  validRows: number;
  errors: RowError[];
  /** How many errors there are in all; `errors` lists at most MAX_LISTED_ERRORS. */
  errorCount: number;
  /** Headers of the file that match no column, so the user sees what was left out. */
  ignoredColumns: string[];
  /** Rows whose person is already in the organisation and would change (merge or skip). */
  duplicates: DuplicateRow[];
  duplicateCount: number;
  /** New persons (each with a consent). */
  created: number;
  /** Existing persons updated by a merge (with onDuplicate 'skip': 0). */
  updated: number;
  /** Rows repeating an existing person exactly: nothing to do. */
  unchanged: number;
  /** Duplicates left as they are (onDuplicate 'skip'). */
  skipped: number;
  /** The choice the counts assume: null in a dry run (updated then counts a merge). */
  onDuplicate: OnDuplicate | null;
  applied: boolean;
}

export function listDuplicates(
  all: DuplicateRow[],
): Pick<PersonImportReport, 'duplicates' | 'duplicateCount'> {
  return { duplicates: all.slice(0, MAX_LISTED_ERRORS), duplicateCount: all.length };
}
