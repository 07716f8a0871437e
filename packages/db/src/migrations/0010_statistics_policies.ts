import { sql, type Kysely } from 'kysely';
import { IS_REGION_ADMIN, ORG, REGION, ROLE, setting } from './policy-sql.ts';

/*
 * An organisation's own pupil and staff counts (territory_statistics rows of type
 * 'organisation'): its curator enters them so its page can show shares (KPI.md).
 *
 * - The curator may write exactly the rows of their own organisation, nothing else: not
 *   another organisation's, not a municipality's or the region's.
 * - The foundation let everyone in the region read every statistics row. The region's and
 *   municipalities' figures are published statistics and stay readable region-wide, but an
 *   organisation's own counts are its data: they are read by the region admin, the
 *   organisation's own staff and the officer of its municipality, and no other
 *   organisation's staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const MUNICIPALITY = `${setting('municipality_id')}::uuid`;
  const OWN_ORGANISATION_ROW = `territory_type = 'organisation' AND territory_id = ${ORG}`;
  await sql
    .raw(
      `
DROP POLICY read ON territory_statistics;
CREATE POLICY read ON territory_statistics FOR SELECT USING (
  region_id = ${REGION} AND (
    territory_type <> 'organisation'
    OR ${IS_REGION_ADMIN}
    OR ${ROLE} = 'system'
    OR territory_id = ${ORG}
    OR (${ROLE} = 'municipal_officer' AND territory_id IN (
      SELECT id FROM organisations WHERE municipality_id = ${MUNICIPALITY}))
  )
);
CREATE POLICY curator_own_counts ON territory_statistics FOR ALL
  USING (region_id = ${REGION} AND ${ROLE} = 'curator' AND ${OWN_ORGANISATION_ROW})
  WITH CHECK (region_id = ${REGION} AND ${ROLE} = 'curator' AND ${OWN_ORGANISATION_ROW});
`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
DROP POLICY curator_own_counts ON territory_statistics;
DROP POLICY read ON territory_statistics;
CREATE POLICY read ON territory_statistics FOR SELECT USING (region_id = ${REGION});
`,
    )
    .execute(db);
}
