import { sql, type Kysely } from 'kysely';

/**
 * Refuses a connection whose role could read across tenants: a superuser, a BYPASSRLS role,
 * or the owner of any table (owners skip RLS unless FORCE is set, and a table added later
 * without FORCE would silently leak). Called at start-up by the API and the worker.
 */
export async function assertRoleIsConfined(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ role: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
    SELECT r.rolname AS role, r.rolsuper, r.rolbypassrls,
           (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE r.rolname = current_user`.execute(db);
  const me = rows[0];
  if (!me) throw new Error('Cannot read the current database role');
  const problems = [
    me.rolsuper && 'is a superuser',
    me.rolbypassrls && 'has BYPASSRLS',
    me.owned > 0 && `owns ${me.owned} relation(s)`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `Refusing to start: database role "${me.role}" ${problems.join(', ')}; row-level security would not protect tenants`,
    );
  }
}
