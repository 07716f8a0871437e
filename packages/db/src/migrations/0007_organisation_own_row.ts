import { sql, type Kysely } from 'kysely';
import { ORG } from './policy-sql.ts';

/*
 * A transaction scoped to one organisation may read that organisation's own directory row.
 * The public questionnaire form starts from nothing but a link's token: the link names its
 * organisation, and this policy is how the API then learns the organisation's name (to show)
 * and its region (to write the audit entry and act inside the region), without any scope
 * wider than the one organisation the link belongs to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE POLICY own_row ON organisations FOR SELECT USING (id = ${ORG});`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP POLICY own_row ON organisations`.execute(db);
}
