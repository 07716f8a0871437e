import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../schema.ts';
import type { SeedOptions } from './index.ts';
import type { RegionCounts } from './demo-region.ts';
import { buildRegion } from './demo-region.ts';
import { SCALES } from './plan.ts';
import type { RowSink } from './sink.ts';

/*
 * The large scale (3,000 organisations, a million persons) for benchmarks. Multi-row INSERTs
 * would take far too long, so rows are streamed with COPY over one connection, in one
 * transaction, a batch of organisations at a time (memory stays bounded). PGlite is not a
 * target for this: it is a single-user embedded database.
 */

export const LARGE_NEEDS_POSTGRES =
  'Масштаб large поддерживается только на PostgreSQL: задайте DATABASE_URL (встроенная база PGlite не рассчитана на миллион человек).';

/** COPY text format: \N for NULL; backslash, tab and line breaks escaped. */
function encode(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

const ROWS_PER_CHUNK = 5_000;

export function copySink(client: pg.ClientBase): RowSink {
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]!);
      function* chunks(): Generator<string> {
        for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
          let text = '';
          for (const row of rows.slice(i, i + ROWS_PER_CHUNK) as Record<string, unknown>[]) {
            text += columns.map((c) => encode(row[c])).join('\t') + '\n';
          }
          yield text;
        }
      }
      const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(chunks()), copy);
    },
  };
}

export async function generateLargeRegion(
  owner: Kysely<Database>,
  options: SeedOptions,
): Promise<RegionCounts> {
  if (!options.databaseUrl) throw new Error(LARGE_NEEDS_POSTGRES);
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'nastavnik-seed-large',
  });
  await client.connect();
  try {
    await client.query('BEGIN');
    const counts = await buildRegion(owner, copySink(client), SCALES.large, options);
    options.onProgress?.('Фиксация транзакции…');
    await client.query('COMMIT');
    options.onProgress?.('Обновление статистики планировщика (ANALYZE)…');
    await client.query(`ANALYZE ${Object.keys(counts).join(', ')}`);
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
