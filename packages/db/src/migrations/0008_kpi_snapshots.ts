import { sql, type Kysely } from 'kysely';
import { APP_ROLE } from '../roles.ts';
import { enableRls, IS_REGION_ADMIN, ORG, REGION, ROLE, setting } from './policy-sql.ts';

/*
 * KPI snapshots: the workers' results, one row per territory × year × indicator, names-free.
 * The API reads only these (never raw rows); value, target and status are derived on read
 * with the one rounding rule of packages/domain, so a target change needs no recompute.
 *
 * Who reads what (ARCHITECTURE.md, issue 4): the region admin the whole region; a
 * municipal officer the region's totals, their municipality and its organisations — never
 * another municipality; the organisation's staff their organisation only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const MUNICIPALITY = `${setting('municipality_id')}::uuid`;
  await sql
    .raw(
      `
CREATE TABLE kpi_snapshots (
  region_id uuid NOT NULL REFERENCES regions(id),
  territory_type text NOT NULL CHECK (territory_type IN ('region', 'municipality', 'organisation')),
  territory_id uuid NOT NULL,
  -- For an organisation its municipality; for a municipality itself; NULL for the region.
  municipality_id uuid,
  year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  indicator text NOT NULL CHECK (indicator IN ('mentees_10_19', 'mentors_15_19', 'young_teachers_mentored',
    'enterprises_with_mentors', 'mentee_satisfaction', 'mentor_satisfaction')),
  -- Distinct persons (enterprises for indicator 4; satisfied respondents for 5 and 6).
  numerator int NOT NULL CHECK (numerator >= 0),
  -- Statistics for 1–4 (NULL when not entered), respondents for 5 and 6.
  denominator int CHECK (denominator >= 0),
  -- 5 and 6 only: persons with a participation in that role active in the year (response rate).
  participants int CHECK (participants >= 0),
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (territory_type, territory_id, year, indicator)
);
CREATE INDEX kpi_snapshots_region_idx ON kpi_snapshots (region_id, territory_type, year, indicator);
CREATE INDEX kpi_snapshots_municipality_idx ON kpi_snapshots (municipality_id, territory_type, year, indicator);

${enableRls('kpi_snapshots')}
CREATE POLICY read ON kpi_snapshots FOR SELECT USING (
  region_id = ${REGION} AND (
    ${IS_REGION_ADMIN}
    OR territory_type = 'region'
    OR (${ROLE} = 'municipal_officer' AND municipality_id = ${MUNICIPALITY})
    OR (territory_type = 'organisation' AND territory_id = ${ORG})
  )
);
GRANT SELECT ON kpi_snapshots TO ${APP_ROLE};
`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE kpi_snapshots`.execute(db);
}
