import { sql, type Kysely } from 'kysely';

/*
 * Directory lists are read page by page in name order within the caller's region (RLS adds
 * the region condition). With these indexes a page stops after its rows instead of sorting
 * every organisation of the region for every request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX organisations_region_name_idx ON organisations (region_id, name);
    CREATE INDEX enterprises_region_name_idx ON enterprises (region_id, name);
    CREATE INDEX users_region_name_idx ON users (region_id, full_name);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX organisations_region_name_idx;
    DROP INDEX enterprises_region_name_idx;
    DROP INDEX users_region_name_idx;
  `.execute(db);
}
