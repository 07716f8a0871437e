import { sql } from 'kysely';
import type { Tx } from '../scope.ts';

/*
 * The rollup: kpi_snapshots from kpi_facts, for the organisations, municipalities and the
 * region, one set-based statement. Runs as the KPI role (asKpiRole, ./outbox.ts) in the region's
 * scope, under the region's rollup lock, so two rollups never interleave their reads and
 * writes of one region's snapshots.
 *
 * Every territory counts distinct subjects: a person (key) in two organisations counts
 * once in their municipality and region; an enterprise once however many organisations
 * its mentors serve. For 5/6 a person's latest response in the year, over the whole
 * region, is their verdict (packages/domain satisfaction.ts), counted in every territory
 * where they had a participation in that role active in the year; satisfied when the score
 * is at or above the region's threshold. Denominators 1–4 are the territory's statistics (NULL when not entered),
 * 5–6 the respondents; participants (5–6) the persons active in that role.
 *
 * A row is written for every territory × year × indicator, zeros included, so a computed
 * zero is told apart from "never computed".
 */

/*
 * kpi_facts is rewritten in bulk and the workers may not ANALYZE it (only its owner may),
 * so the planner often works from stale statistics: estimating a few rows where there are
 * tens of thousands, it picks nested loops and merge joins that take seconds (measured:
 * 23 s instead of 0.5 s on the demo region). Every join here is an equality over sets read
 * whole, for which hash joins are right whatever the sizes; the statement's huge disabled-
 * path cost would also trigger JIT compilation (~1 s for nothing). Local to the transaction.
 */
const PLANNER_SETTINGS = `SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off;
  SET LOCAL jit = off; SET LOCAL work_mem = '256MB'`;

const INDICATORS = sql`(VALUES
  ('mentees_10_19', 'children_10_19', NULL),
  ('mentors_15_19', 'children_15_19', NULL),
  ('young_teachers_mentored', 'young_teachers', NULL),
  ('enterprises_with_mentors', 'enterprises', NULL),
  ('mentee_satisfaction', NULL, 'mentee'),
  ('mentor_satisfaction', NULL, 'mentor')) AS i(indicator, metric, role)`;

/**
 * Rolls the region's facts up into kpi_snapshots for `years`; returns the rows written.
 * `organisationIds`: only these organisations' rows, their municipalities' and the
 * region's (an incremental change); all territories when absent.
 */
export async function rollupRegion(
  tx: Tx,
  regionId: string,
  years: number[],
  organisationIds?: string[],
): Promise<number> {
  if (years.length === 0) return 0;
  await sql.raw(PLANNER_SETTINGS).execute(tx);
  const result = await rollupStatement(regionId, years, organisationIds).execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** The rollup statement itself (apart, so its plan can be looked at). */
export function rollupStatement(regionId: string, years: number[], organisationIds?: string[]) {
  const focus = organisationIds ?? null;
  // Facts of one organisation are distinct by construction: count(*) there. Above it a
  // subject may come from several organisations: count(DISTINCT) (sorted per group — far
  // cheaper here than hashing millions of (territory, subject) pairs: measured 0.7 s
  // against 6 s on a million persons).
  return sql`
    WITH orgs AS (
      SELECT id, municipality_id FROM organisations WHERE region_id = ${regionId}
    ),
    focus AS (
      SELECT id, municipality_id FROM orgs
       WHERE ${focus}::uuid[] IS NULL OR id = ANY (${focus}::uuid[])
    ),
    base AS MATERIALIZED (
      SELECT f.organisation_id, o.municipality_id, f.year, f.indicator, f.subject
        FROM kpi_facts f JOIN organisations o ON o.id = f.organisation_id AND o.region_id = ${regionId}
       WHERE f.region_id = ${regionId} AND f.year = ANY (${years}::int[])
         AND f.indicator NOT IN ('mentee_response', 'mentor_response')
    ),
    verdicts AS MATERIALIZED (
      SELECT DISTINCT ON (f.subject COLLATE "C", f.year, f.indicator)
             f.year, replace(f.indicator, '_response', '_active') AS active, f.subject,
             f.score >= (SELECT satisfaction_threshold FROM regions WHERE id = ${regionId}) AS satisfied
        FROM kpi_facts f
       WHERE f.region_id = ${regionId} AND f.year = ANY (${years}::int[])
         AND f.indicator IN ('mentee_response', 'mentor_response')
       ORDER BY f.subject COLLATE "C", f.year, f.indicator, f.scored_at DESC, f.score DESC
    ),
    rated AS MATERIALIZED (
      SELECT b.organisation_id, b.municipality_id, b.year, replace(b.indicator, '_active', '_rated') AS indicator,
             b.subject, v.satisfied
        FROM base b JOIN verdicts v ON v.year = b.year AND v.active = b.indicator AND v.subject = b.subject
       WHERE b.indicator IN ('mentee_active', 'mentor_active')
    ),
    numbers AS (
      SELECT 'organisation' AS tt, organisation_id AS tid, year, indicator, count(*)::int AS n, 0 AS satisfied
        FROM base WHERE organisation_id IN (SELECT id FROM focus)
       GROUP BY organisation_id, year, indicator
      UNION ALL
      SELECT 'municipality', municipality_id, year, indicator, count(DISTINCT subject COLLATE "C")::int, 0
        FROM base WHERE municipality_id IN (SELECT municipality_id FROM focus)
       GROUP BY municipality_id, year, indicator
      UNION ALL
      SELECT 'region', ${regionId}::uuid, year, indicator, count(DISTINCT subject COLLATE "C")::int, 0
        FROM base GROUP BY year, indicator
      UNION ALL
      SELECT 'organisation', organisation_id, year, indicator, count(*)::int,
             (count(*) FILTER (WHERE satisfied))::int
        FROM rated WHERE organisation_id IN (SELECT id FROM focus)
       GROUP BY organisation_id, year, indicator
      UNION ALL
      SELECT 'municipality', municipality_id, year, indicator, count(DISTINCT subject COLLATE "C")::int,
             (count(DISTINCT subject COLLATE "C") FILTER (WHERE satisfied))::int
        FROM rated WHERE municipality_id IN (SELECT municipality_id FROM focus)
       GROUP BY municipality_id, year, indicator
      UNION ALL
      SELECT 'region', ${regionId}::uuid, year, indicator, count(DISTINCT subject COLLATE "C")::int,
             (count(DISTINCT subject COLLATE "C") FILTER (WHERE satisfied))::int
        FROM rated GROUP BY year, indicator
    ),
    territories AS (
      SELECT 'organisation' AS tt, id AS tid, municipality_id AS mid FROM focus
      UNION ALL
      SELECT 'municipality', id, id FROM municipalities
       WHERE region_id = ${regionId}
         AND (${focus}::uuid[] IS NULL OR id IN (SELECT municipality_id FROM focus))
      UNION ALL
      SELECT 'region', ${regionId}::uuid, NULL::uuid
    ),
    grid AS (
      SELECT x.tt, x.tid, x.mid, y.year, i.indicator, i.metric, i.role
        FROM territories x CROSS JOIN unnest(${years}::int[]) AS y(year) CROSS JOIN ${INDICATORS}
    )
    INSERT INTO kpi_snapshots AS s (region_id, territory_type, territory_id, municipality_id, year, indicator,
                                    numerator, denominator, participants, computed_at)
    SELECT ${regionId}::uuid, g.tt, g.tid, g.mid, g.year, g.indicator,
           CASE WHEN g.role IS NULL THEN coalesce(c.n, 0) ELSE coalesce(rt.satisfied, 0) END,
           CASE WHEN g.role IS NULL THEN st.value ELSE coalesce(rt.n, 0) END,
           CASE WHEN g.role IS NULL THEN NULL ELSE coalesce(pc.n, 0) END,
           now()
      FROM grid g
      LEFT JOIN numbers c ON c.tt = g.tt AND c.tid = g.tid AND c.year = g.year AND c.indicator = g.indicator
      LEFT JOIN numbers pc
        ON pc.tt = g.tt AND pc.tid = g.tid AND pc.year = g.year AND pc.indicator = g.role || '_active'
      LEFT JOIN numbers rt
        ON rt.tt = g.tt AND rt.tid = g.tid AND rt.year = g.year AND rt.indicator = g.role || '_rated'
      LEFT JOIN territory_statistics st
        ON st.region_id = ${regionId} AND st.territory_type = g.tt AND st.territory_id = g.tid
       AND st.year = g.year AND st.metric = g.metric
    ON CONFLICT (territory_type, territory_id, year, indicator) DO UPDATE SET
      region_id = EXCLUDED.region_id, municipality_id = EXCLUDED.municipality_id,
      numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
      participants = EXCLUDED.participants, computed_at = EXCLUDED.computed_at`;
}

/**
 * Statistics (or targets) changed and nothing else: every snapshot's denominator of
 * indicators 1–4 read again from territory_statistics (NULL where none is entered). Counts
 * nothing, so it takes a fraction of a second even for a large region.
 */
export async function refreshDenominators(tx: Tx, regionId: string): Promise<number> {
  const result = await sql`
    WITH wanted AS (
      SELECT s.territory_type, s.territory_id, s.year, s.indicator, st.value
        FROM kpi_snapshots s
        JOIN (VALUES ('mentees_10_19', 'children_10_19'), ('mentors_15_19', 'children_15_19'),
                     ('young_teachers_mentored', 'young_teachers'), ('enterprises_with_mentors', 'enterprises'))
             AS i(indicator, metric) ON i.indicator = s.indicator
        LEFT JOIN territory_statistics st
          ON st.region_id = ${regionId} AND st.territory_type = s.territory_type
         AND st.territory_id = s.territory_id AND st.year = s.year AND st.metric = i.metric
       WHERE s.region_id = ${regionId} AND s.denominator IS DISTINCT FROM st.value
    )
    UPDATE kpi_snapshots s SET denominator = w.value, computed_at = now()
      FROM wanted w
     WHERE s.territory_type = w.territory_type AND s.territory_id = w.territory_id
       AND s.year = w.year AND s.indicator = w.indicator`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
