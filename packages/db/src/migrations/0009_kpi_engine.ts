import { sql, type Kysely } from 'kysely';
import { APP_ROLE, KPI_ROLE } from '../roles.ts';
import { KPI_OUTBOX_FUNCTION, kpiOutboxTriggers } from '../kpi/triggers.ts';
import { enableRls, ORG, REGION } from './policy-sql.ts';

/*
 * The KPI engine's tables and its database role.
 *
 * kpi_facts: names-free facts per organisation, year and indicator — who (a person's
 * pseudonymous key, or an enterprise id for indicator 4) counts, and for 5/6 the latest
 * response's score and time. Written by the organisation's own recompute, in that
 * organisation's RLS scope, from its raw rows; rolled up to municipality and region.
 *
 * kpi_outbox: "something that can move a KPI changed here", written by triggers in the
 * writer's transaction (organisation rows: that organisation's facts must be recomputed;
 * rows with organisation_id NULL: the region — `statistics` (denominators), `rollup` (every
 * territory's figures from the facts), `full` (every organisation's facts, then the rollup).
 *
 * The role nastavnik_kpi reads across the region's organisations, but only names-free
 * tables: kpi_facts, the directory, statistics and targets; it writes kpi_snapshots and
 * clears the outbox. It is NOLOGIN: the app role is granted membership and a worker
 * transaction does `SET LOCAL ROLE nastavnik_kpi` for the rollup. Why this way: it works
 * unchanged on PostgreSQL and on embedded PGlite (one session, no second login), needs no
 * second password or pool, and inside that transaction the session has only the KPI role's
 * privileges — reading persons is a permission error, not a filtered query. The app role is
 * made NOINHERIT first, so the membership gives it nothing until it switches role: a
 * request never sees other organisations' facts (the start-up check verifies both roles).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${KPI_ROLE}') THEN
           CREATE ROLE ${KPI_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
         END IF;
       END $$;
       ALTER ROLE ${APP_ROLE} NOINHERIT;
       GRANT ${KPI_ROLE} TO ${APP_ROLE};
       -- The owner's connection recomputes too (the demo seed): it owns every table anyway.
       GRANT ${KPI_ROLE} TO CURRENT_USER;`,
    )
    .execute(db);

  await sql
    .raw(
      `
CREATE TABLE kpi_facts (
  region_id uuid NOT NULL REFERENCES regions(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  year int NOT NULL,
  -- The four counted indicators, plus mentee_active / mentor_active (participants of 5/6)
  -- and mentee_response / mentor_response (the latest response in the year: score, time).
  indicator text NOT NULL CHECK (indicator IN ('mentees_10_19', 'mentors_15_19', 'young_teachers_mentored',
    'enterprises_with_mentors', 'mentee_active', 'mentor_active', 'mentee_response', 'mentor_response')),
  -- A person's pseudonymous key (or 'person:<person id>' without one); an enterprise id for 4.
  subject text NOT NULL,
  score int,
  scored_at timestamptz,
  PRIMARY KEY (organisation_id, year, indicator, subject)
);
-- The rollup reads a region's years; an incremental change looks up who else holds a fact.
CREATE INDEX kpi_facts_subject_idx ON kpi_facts (region_id, year, indicator, subject);

CREATE TABLE kpi_outbox (
  id bigserial PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES regions(id),
  organisation_id uuid REFERENCES organisations(id),
  -- What is stale: one organisation's facts ('facts'), or for a region row the denominators
  -- ('statistics'), every territory's figures ('rollup'), every organisation's facts ('full').
  kind text NOT NULL DEFAULT 'facts' CHECK (kind IN ('facts', 'statistics', 'rollup', 'full')),
  CHECK ((organisation_id IS NOT NULL) = (kind = 'facts')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpi_outbox_org_idx ON kpi_outbox (organisation_id);

-- An organisation's recompute reads its members and responses: without these, each of the
-- region's organisations would scan the whole region's tables (and so would RLS-filtered
-- reads of a curator's own rows).
CREATE INDEX pair_members_org_idx ON pair_members (organisation_id);
CREATE INDEX survey_responses_org_idx ON survey_responses (organisation_id, person_id);
CREATE INDEX kpi_outbox_region_idx ON kpi_outbox (region_id) WHERE organisation_id IS NULL;

${KPI_OUTBOX_FUNCTION}

-- The region's settings: the threshold changes only the rollup, the time zone every fact
-- of indicators 5 and 6 (which year a response falls in).
CREATE FUNCTION kpi_outbox_region_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.timezone, NEW.satisfaction_threshold) IS DISTINCT FROM (OLD.timezone, OLD.satisfaction_threshold) THEN
    INSERT INTO kpi_outbox (region_id, kind)
      VALUES (NEW.id, CASE WHEN NEW.timezone IS DISTINCT FROM OLD.timezone THEN 'full' ELSE 'rollup' END);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER kpi_outbox_settings AFTER UPDATE ON regions
  FOR EACH ROW EXECUTE FUNCTION kpi_outbox_region_settings();
`,
    )
    .execute(db);

  const triggers = [
    ...['persons', 'consents', 'pairs', 'pair_members', 'survey_responses'].map((t) => kpiOutboxTriggers(t)),
    // Region level: denominators and targets (snapshots hold no targets: a cheap no-op, kept so
    // that every table feeding the dashboards notes its changes); the directory (a new
    // organisation or municipality needs its rows; one moved to another municipality moves
    // figures).
    ...['territory_statistics', 'kpi_targets'].map((t) => kpiOutboxTriggers(t, 'region_id', 'statistics')),
    ...['organisations', 'municipalities'].map((t) => kpiOutboxTriggers(t, 'region_id', 'rollup')),
  ];
  await sql.raw(triggers.join('\n')).execute(db);

  await sql
    .raw(
      `
${enableRls('kpi_facts')}
-- An organisation's recompute writes its own facts, in its own scope.
CREATE POLICY tenant ON kpi_facts TO ${APP_ROLE}
  USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG} AND region_id = ${REGION});
CREATE POLICY kpi_read ON kpi_facts FOR SELECT TO ${KPI_ROLE} USING (region_id = ${REGION});

${enableRls('kpi_outbox')}
-- Writers note their own organisation, or their region (statistics, targets, directory).
-- The app role may SELECT (so a scan is an empty answer, not an error) but no policy shows
-- it a row. The KPI role reads every pending row: the relay polls all regions at once, and
-- a row holds nothing but the ids of an organisation and a region.
CREATE POLICY note ON kpi_outbox FOR INSERT TO ${APP_ROLE} WITH CHECK (
  (organisation_id IS NOT NULL AND organisation_id = ${ORG})
  OR (organisation_id IS NULL AND region_id = ${REGION}));
CREATE POLICY kpi_read ON kpi_outbox FOR SELECT TO ${KPI_ROLE} USING (true);
CREATE POLICY kpi_clear ON kpi_outbox FOR DELETE TO ${KPI_ROLE} USING (region_id = ${REGION});

-- The workers write the snapshots of the region in scope (the app role only reads them).
CREATE POLICY kpi_write ON kpi_snapshots TO ${KPI_ROLE}
  USING (region_id = ${REGION}) WITH CHECK (region_id = ${REGION});

GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_facts TO ${APP_ROLE};
GRANT SELECT, INSERT ON kpi_outbox TO ${APP_ROLE};
GRANT USAGE ON SEQUENCE kpi_outbox_id_seq TO ${APP_ROLE};

GRANT USAGE ON SCHEMA public TO ${KPI_ROLE};
GRANT SELECT ON kpi_facts, organisations, municipalities, regions, territory_statistics, kpi_targets TO ${KPI_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_snapshots TO ${KPI_ROLE};
GRANT SELECT, DELETE ON kpi_outbox TO ${KPI_ROLE};
`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
DROP POLICY kpi_write ON kpi_snapshots;
REVOKE ALL ON kpi_snapshots, organisations, municipalities, regions, territory_statistics, kpi_targets FROM ${KPI_ROLE};
DROP TABLE kpi_outbox;
DROP TABLE kpi_facts;
DROP TRIGGER kpi_outbox_settings ON regions;
DROP FUNCTION kpi_outbox_region_settings();
${[
  'persons',
  'consents',
  'pairs',
  'pair_members',
  'survey_responses',
  'territory_statistics',
  'kpi_targets',
  'organisations',
  'municipalities',
]
  .flatMap((t) => ['ins', 'upd', 'del'].map((op) => `DROP TRIGGER kpi_outbox_${op} ON ${t};`))
  .join('\n')}
DROP FUNCTION kpi_outbox_note();
DROP INDEX pair_members_org_idx;
DROP INDEX survey_responses_org_idx;
REVOKE USAGE ON SCHEMA public FROM ${KPI_ROLE};
`,
    )
    .execute(db);
}
