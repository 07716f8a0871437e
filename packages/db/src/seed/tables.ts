import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Tables the demo generator fills, in foreign-key order. */
export const SEEDED_TABLES = [
  'regions',
  'municipalities',
  'enterprises',
  'organisations',
  'users',
  'persons',
  'consents',
  'programmes',
  'pairs',
  'pair_members',
  'survey_responses',
  'territory_statistics',
  'kpi_targets',
] as const satisfies readonly (keyof Database)[];

export async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of SEEDED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * Empties every data table, whatever migrations added it, and keeps the schema, the
 * migration bookkeeping and the national reference data: in a table whose region_id may
 * be NULL (a catalogue: forms of mentoring, role models...) only the regions' own rows go.
 * Returns the tables emptied.
 */
export async function resetData(db: Kysely<Database>): Promise<string[]> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const { rows: catalogueRows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'region_id' AND is_nullable = 'YES'`.execute(db);
  const catalogues = new Set(catalogueRows.map((r) => r.name));
  // Catalogues reference regions, and TRUNCATE refuses a table another one references:
  // regions are deleted after the catalogues' regional rows instead.
  const truncated = tables
    .map((t) => t.name)
    .filter((t) => !MIGRATION_TABLES.has(t) && !catalogues.has(t) && t !== 'regions');

  await db.transaction().execute(async (tx) => {
    if (truncated.length)
      await sql.raw(`TRUNCATE ${truncated.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY`).execute(tx);
    for (const table of await referencingFirst(tx, [...catalogues])) {
      await sql.raw(`DELETE FROM "${table}" WHERE region_id IS NOT NULL`).execute(tx);
    }
    await sql`DELETE FROM regions`.execute(tx);
  });
  return [...truncated, 'regions'];
}

/** Orders tables so that a table comes before the tables it references. */
async function referencingFirst(db: Kysely<Database>, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f'`.execute(db);
  const remaining = new Set(tables);
  const ordered: string[] = [];
  while (remaining.size) {
    const free = [...remaining].find(
      (t) => !rows.some((r) => r.parent === t && r.child !== t && remaining.has(r.child)),
    );
    const next = free ?? [...remaining][0]!; // a cycle: let the database report it
    ordered.push(next);
    remaining.delete(next);
  }
  return ordered;
}
