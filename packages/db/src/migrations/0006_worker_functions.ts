import { sql, type Kysely } from 'kysely';
import { APP_ROLE } from '../roles.ts';

/*
 * What background jobs need to know across tenants, and nothing more.
 *
 * region_ids(): the scheduler enqueues the nightly retention job for every region, but the
 * app role sees a region only inside that region's scope (RLS on regions), and giving it a
 * policy that reads every region would hand every request the whole directory of regions.
 * This SECURITY DEFINER function returns the ids alone (no names, no settings): each job
 * then reads its own region in that region's scope, under RLS as usual. It runs as the
 * migration owner with a fixed search_path, so a caller cannot substitute its own objects.
 *
 * FORCE ROW LEVEL SECURITY binds the table owner too (unless it is a superuser), so the
 * owner — the role this migration runs as, which owns the function — gets a read policy of
 * its own on regions. It gives nothing new: the owner could lift RLS on its own table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
CREATE FUNCTION region_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT id FROM public.regions ORDER BY id $$;
REVOKE ALL ON FUNCTION region_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION region_ids() TO ${APP_ROLE};
CREATE POLICY owner_lists_ids ON regions FOR SELECT TO CURRENT_USER USING (true);
`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP POLICY owner_lists_ids ON regions; DROP FUNCTION region_ids();`.execute(db);
}
