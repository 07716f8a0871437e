import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/*
 * Where generated rows go. The demo writes them with multi-row INSERTs through Kysely (works
 * on PGlite and PostgreSQL); the large scale streams them with COPY (large.ts). The generator
 * does not know which.
 */
export interface RowSink {
  write<T extends keyof Database>(table: T, rows: readonly Insertable<Database[T]>[]): Promise<void>;
}

/** Rows per INSERT: at most 1000, and below PostgreSQL's 65535 bind parameters. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(60_000 / Math.max(1, columns))));
}

export function kyselySink(db: Kysely<Database>): RowSink {
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      const size = rowsPerInsert(Object.keys(rows[0]!).length);
      for (let i = 0; i < rows.length; i += size) {
        // The rows are typed by the caller; Kysely cannot follow a table name held in a variable.
        await db
          .insertInto(table)
          .values(rows.slice(i, i + size) as never)
          .execute();
      }
    },
  };
}
