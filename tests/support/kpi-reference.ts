import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import type { ReferenceInput } from './kpi-reference-core.ts';

/*
 * The simple KPI reference (kpi-reference-core.ts) plus the loader that feeds it from the
 * database. Integration tests compare the workers' kpi_snapshots with
 *   referenceKpis(await loadReferenceInput(db.owner, regionId), { from: 2020, to: 2026 })
 * The loader reads with the OWNER connection (no RLS in the way), and takes every row as it
 * is now — erased persons included: erasure keeps what the indicators need (person_key,
 * birth_year, category, career start, enterprise, dates, overall scores).
 *
 * The pure part lives apart so that unit tests (packages/domain) can use it without the
 * database packages.
 */
export * from './kpi-reference-core.ts';

export async function loadReferenceInput(db: Kysely<Database>, regionId: string): Promise<ReferenceInput> {
  const region = await db
    .selectFrom('regions')
    .select(['timezone', 'satisfaction_threshold'])
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  const municipalities = await db
    .selectFrom('municipalities')
    .select('id')
    .where('region_id', '=', regionId)
    .execute();
  const organisations = await db
    .selectFrom('organisations')
    .select(['id', 'municipality_id as municipalityId'])
    .where('region_id', '=', regionId)
    .execute();
  const persons = await db
    .selectFrom('persons as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.organisation_id as organisationId',
      'p.person_key as personKey',
      'p.birth_year as birthYear',
      'p.category',
      'p.career_start_year as careerStartYear',
      'p.enterprise_id as enterpriseId',
    ])
    .where('o.region_id', '=', regionId)
    .execute();
  const pairs = await db
    .selectFrom('pairs as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.organisation_id as organisationId',
      'p.status',
      'p.start_date as startDate',
      'p.end_date as endDate',
      'p.cancelled_at as cancelledAt',
    ])
    .where('o.region_id', '=', regionId)
    .execute();
  const members = await db
    .selectFrom('pair_members as m')
    .innerJoin('pairs as p', 'p.id', 'm.pair_id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'm.pair_id as pairId',
      'm.person_id as personId',
      'm.role',
      'm.start_date as startDate',
      'm.end_date as endDate',
    ])
    .where('o.region_id', '=', regionId)
    .execute();
  const responses = await db
    .selectFrom('survey_responses as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.person_id as personId',
      'r.role',
      'r.submitted_at as submittedAt',
      'r.overall_score as overallScore',
    ])
    .where('o.region_id', '=', regionId)
    .execute();
  const statistics = await db
    .selectFrom('territory_statistics')
    .select(['territory_type as territoryType', 'territory_id as territoryId', 'year', 'metric', 'value'])
    .where('region_id', '=', regionId)
    .execute();
  return {
    regionId,
    satisfactionThreshold: region.satisfaction_threshold,
    timeZone: region.timezone,
    municipalities,
    organisations,
    persons,
    pairs,
    members,
    responses,
    statistics,
  };
}
