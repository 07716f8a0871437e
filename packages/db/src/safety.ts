import { sql, type Kysely } from 'kysely';
import { KPI_ROLE } from './roles.ts';

/**
 * Refuses a connection whose role could read across tenants: a superuser, a BYPASSRLS role,
 * or the owner of any table (owners skip RLS unless FORCE is set, and a table added later
 * without FORCE would silently leak). Called at start-up by the API and the worker; checks
 * the KPI workers' role as well (assertKpiRoleIsConfined).
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
  await assertKpiRoleIsConfined(db);
}

/** The tables holding personal data: the KPI role must have no privilege at all on them. */
export const PERSONAL_DATA_TABLES = [
  'persons',
  'consents',
  'pairs',
  'pair_members',
  'survey_responses',
  'questionnaires',
  'questionnaire_links',
  'stored_files',
] as const;

const ANY_PRIVILEGE = 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER';

/**
 * The KPI workers read across a region's organisations as KPI_ROLE (migration 0009), so
 * that role must be as confined as the app role — no superuser, no BYPASSRLS, owner of
 * nothing — and must hold no privilege on any table of personal data. The connecting role
 * may switch to it (SET ROLE) but must not inherit its privileges: otherwise every request
 * would read the region's facts without switching.
 */
export async function assertKpiRoleIsConfined(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{
    rolsuper: boolean;
    rolbypassrls: boolean;
    owned: number;
    personal: string[];
    inherited: boolean;
  }>`
    SELECT r.rolsuper, r.rolbypassrls,
           (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
           ARRAY(SELECT t FROM unnest(${[...PERSONAL_DATA_TABLES]}::text[]) AS t
                  WHERE to_regclass('public.' || t) IS NOT NULL
                    AND has_table_privilege(r.oid, ('public.' || t)::regclass, ${ANY_PRIVILEGE})) AS personal,
           pg_has_role(current_user, r.oid, 'USAGE') AS inherited
      FROM pg_roles r WHERE r.rolname = ${KPI_ROLE}`.execute(db);
  const kpi = rows[0];
  if (!kpi) throw new Error(`Refusing to start: database role "${KPI_ROLE}" is missing (run the migrations)`);
  const problems = [
    kpi.rolsuper && 'is a superuser',
    kpi.rolbypassrls && 'has BYPASSRLS',
    kpi.owned > 0 && `owns ${kpi.owned} relation(s)`,
    kpi.personal.length > 0 && `has privileges on ${kpi.personal.join(', ')}`,
    kpi.inherited && 'passes its privileges to the connecting role without SET ROLE',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `Refusing to start: database role "${KPI_ROLE}" ${problems.join(', ')}; the KPI workers would not be confined`,
    );
  }
}
