import { sql, type Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';

/*
 * The numerators of indicators 1–6 for one organisation, straight from the tables as
 * ../shared/KPI.md defines them (independent of any KPI engine), so the erasure tests can
 * show that erasing a person moves no past figure:
 * - distinct persons by person_key; age in Y = Y − birth_year;
 * - a participation is active in Y when [coalesce(member.start, pair.start),
 *   coalesce(member.end, pair.end, pair.cancelled_at) or open] overlaps Y; draft pairs count
 *   nowhere, and a pair cancelled before its start counts nowhere;
 * - young specialist in Y: category teacher with 0 ≤ Y − career_start_year ≤ 3;
 * - enterprise mentors by enterprise_id;
 * - satisfaction: the latest response in Y (region time zone) per person key and role,
 *   counted when that person had a participation in that role active in Y; satisfied when the
 *   overall score ≥ threshold.
 */

export interface YearNumerators {
  mentees_10_19: number;
  mentors_15_19: number;
  young_teachers_mentored: number;
  enterprises_with_mentors: number;
  mentee_satisfied: number;
  mentee_respondents: number;
  mentor_satisfied: number;
  mentor_respondents: number;
}

export async function kpiNumerators(
  db: Kysely<Database>,
  organisationId: string,
  years: { from: number; to: number },
  options: { threshold?: number; timeZone?: string } = {},
): Promise<Record<number, YearNumerators>> {
  const threshold = options.threshold ?? 7;
  const tz = options.timeZone ?? 'Europe/Moscow';
  const { rows } = await sql<{ y: number } & YearNumerators>`
    WITH years AS (SELECT generate_series(${years.from}::int, ${years.to}::int) AS y),
    part AS (
      SELECT pe.person_key AS k, pe.birth_year, pe.category, pe.career_start_year, pe.enterprise_id, m.role,
             coalesce(m.start_date, p.start_date) AS s,
             coalesce(m.end_date, p.end_date, p.cancelled_at) AS e
        FROM pair_members m
        JOIN pairs p ON p.id = m.pair_id
        JOIN persons pe ON pe.id = m.person_id
       WHERE m.organisation_id = ${organisationId} AND p.status <> 'draft'
    ),
    active AS (
      SELECT years.y, part.*
        FROM years JOIN part
          ON part.s <= make_date(years.y, 12, 31)
         AND (part.e IS NULL OR (part.e >= make_date(years.y, 1, 1) AND part.e >= part.s))
    ),
    latest AS (
      SELECT DISTINCT ON (x.k, x.role, x.y) x.k, x.role, x.y, x.overall_score
        FROM (SELECT pe.person_key AS k, r.role, r.overall_score, r.submitted_at,
                     extract(year FROM r.submitted_at AT TIME ZONE ${tz})::int AS y
                FROM survey_responses r JOIN persons pe ON pe.id = r.person_id
               WHERE r.organisation_id = ${organisationId}) x
       ORDER BY x.k, x.role, x.y, x.submitted_at DESC
    ),
    rated AS (
      SELECT l.* FROM latest l
       WHERE EXISTS (SELECT 1 FROM active a WHERE a.y = l.y AND a.k = l.k AND a.role = l.role)
    )
    SELECT years.y,
      (SELECT count(DISTINCT a.k) FROM active a WHERE a.y = years.y AND a.role = 'mentee'
          AND a.category = 'student' AND a.y - a.birth_year BETWEEN 10 AND 19)::int AS mentees_10_19,
      (SELECT count(DISTINCT a.k) FROM active a WHERE a.y = years.y AND a.role = 'mentor'
          AND a.category = 'student' AND a.y - a.birth_year BETWEEN 15 AND 19)::int AS mentors_15_19,
      (SELECT count(DISTINCT a.k) FROM active a WHERE a.y = years.y AND a.role = 'mentee'
          AND a.category = 'teacher' AND a.y - a.career_start_year BETWEEN 0 AND 3)::int AS young_teachers_mentored,
      (SELECT count(DISTINCT a.enterprise_id) FROM active a WHERE a.y = years.y AND a.role = 'mentor'
          AND a.enterprise_id IS NOT NULL)::int AS enterprises_with_mentors,
      (SELECT count(*) FROM rated r WHERE r.y = years.y AND r.role = 'mentee'
          AND r.overall_score >= ${threshold})::int AS mentee_satisfied,
      (SELECT count(*) FROM rated r WHERE r.y = years.y AND r.role = 'mentee')::int AS mentee_respondents,
      (SELECT count(*) FROM rated r WHERE r.y = years.y AND r.role = 'mentor'
          AND r.overall_score >= ${threshold})::int AS mentor_satisfied,
      (SELECT count(*) FROM rated r WHERE r.y = years.y AND r.role = 'mentor')::int AS mentor_respondents
    FROM years ORDER BY years.y`.execute(db);
  return Object.fromEntries(rows.map(({ y, ...figures }) => [y, figures]));
}
