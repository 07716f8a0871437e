import { sql, type Kysely } from 'kysely';
import { APP_ROLE } from '../roles.ts';
import { ORG } from './policy-sql.ts';

/*
 * The mentor and mentee bases are read page by page in name order within one organisation
 * and one base (curator workspace, GET /api/persons). An organisation may hold tens of
 * thousands of persons (a college's import), so each base gets a partial index in the
 * list's exact sort order: a page stops after its rows, and the total is counted from the
 * index alone; the same goes for the order by birth date (youngest or oldest first). The
 * name sort key folds Ё into Е, so «Ёлкин» sorts among the Е, not before «А»
 * (the databases run with C collation, which orders by code point).
 *
 * organisation_user_names(): the audit log shows who did what, but RLS lets a curator or a
 * head read only their own users row (password hashes live there). This function returns
 * id and full name only, only for users of the caller's organisation (app.organisation_id,
 * the same setting RLS trusts), so the log can name colleagues without widening the users
 * policy. It runs as its owner (the migration role) and pins search_path so nobody can shadow
 * the table it reads. FORCE ROW LEVEL SECURITY binds an owner without BYPASSRLS too, so the
 * owner gets a read policy of its own on users; it gives nothing new (the owner could lift
 * RLS on its own table).
 */
export const NAME_KEY = (column: string) => `translate(${column}, 'Ёё', 'Ее')`;
const NAME_COLUMNS = `organisation_id, ${NAME_KEY('last_name')}, ${NAME_KEY('first_name')}, ${NAME_KEY('middle_name')}, id`;
const BIRTH_COLUMNS = 'organisation_id, birth_date, last_name, first_name, middle_name, id';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
CREATE INDEX persons_mentors_name_idx ON persons (${NAME_COLUMNS}) WHERE in_mentor_base AND erased_at IS NULL;
CREATE INDEX persons_mentees_name_idx ON persons (${NAME_COLUMNS}) WHERE in_mentee_base AND erased_at IS NULL;
CREATE INDEX persons_mentors_birth_idx ON persons (${BIRTH_COLUMNS}) WHERE in_mentor_base AND erased_at IS NULL;
CREATE INDEX persons_mentees_birth_idx ON persons (${BIRTH_COLUMNS}) WHERE in_mentee_base AND erased_at IS NULL;
CREATE INDEX persons_erased_idx ON persons (organisation_id, erased_at) WHERE erased_at IS NOT NULL;
CREATE INDEX audit_log_org_action_idx ON audit_log (organisation_id, action text_pattern_ops, created_at DESC);

CREATE FUNCTION organisation_user_names(ids uuid[])
  RETURNS TABLE (id uuid, full_name text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
AS $$
  SELECT u.id, u.full_name FROM public.users u
   WHERE u.id = ANY (ids) AND u.organisation_id = ${ORG}
$$;
REVOKE ALL ON FUNCTION organisation_user_names(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION organisation_user_names(uuid[]) TO ${APP_ROLE};
CREATE POLICY owner_reads_names ON users FOR SELECT TO CURRENT_USER USING (true);
`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP POLICY owner_reads_names ON users;
    DROP FUNCTION organisation_user_names(uuid[]);
    DROP INDEX audit_log_org_action_idx;
    DROP INDEX persons_erased_idx;
    DROP INDEX persons_mentees_birth_idx;
    DROP INDEX persons_mentors_birth_idx;
    DROP INDEX persons_mentees_name_idx;
    DROP INDEX persons_mentors_name_idx;
  `.execute(db);
}
