import { sql, type Kysely } from 'kysely';
import { NATIONAL_FORMS } from '@nastavnik/domain';

/**
 * The national catalogue of forms of mentoring and role models (region_id NULL). FORCE
 * ROW LEVEL SECURITY binds the owner too, and no policy admits national rows, so the
 * migration lifts FORCE for the length of its own transaction (a non-superuser owner
 * could not insert otherwise).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE mentoring_forms NO FORCE ROW LEVEL SECURITY; ALTER TABLE role_models NO FORCE ROW LEVEL SECURITY`.execute(
    db,
  );
  await insertCatalogue(db);
  await sql`ALTER TABLE mentoring_forms FORCE ROW LEVEL SECURITY; ALTER TABLE role_models FORCE ROW LEVEL SECURITY`.execute(
    db,
  );
}

async function insertCatalogue(db: Kysely<unknown>): Promise<void> {
  for (const form of NATIONAL_FORMS) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO mentoring_forms (region_id, code, name, mentor_categories, mentee_categories)
      VALUES (NULL, ${form.code}, ${form.name}, ${form.mentorCategories}, ${form.menteeCategories})
      RETURNING id`.execute(db);
    for (const model of form.roleModels) {
      await sql`INSERT INTO role_models (region_id, form_id, name) VALUES (NULL, ${rows[0]!.id}, ${model})`.execute(
        db,
      );
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Reference data migration is not reversible');
}
