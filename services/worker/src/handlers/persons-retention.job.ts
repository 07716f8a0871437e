import { sql, type Kysely } from 'kysely';
import { withScope, type Database, type Tx } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';
import { erasePerson, type EraseOptions } from './persons-erase.job.ts';

/*
 * Nightly, per region: erase the persons whose retention period (regions.retention_years)
 * after their last programme has ended. The selection is one set-based query per
 * organisation; each erasure is its own transaction with its own act, so one failure does
 * not undo the others and a rerun picks up only what is left.
 */

export interface RetentionOptions extends EraseOptions {
  log?: (message: string) => void;
}

export interface RetentionSummary {
  regionId: string;
  today: string;
  retentionYears: number;
  organisations: number;
  erased: number;
  failed: number;
}

/**
 * Persons of the organisation due for erasure on `today`. The clock starts at the latest of:
 * the end of their last participation (the KPI's effective end: the member's end, else the
 * pair's end, else its cancellation), their latest consent, and their entry in the base. So
 * a person who never had a participation counts from their latest consent, and one who came
 * back (a new consent) or was entered recently is not erased for an old programme.
 * Never due: anyone with a participation still open (no end, or an end after today),
 * including a draft pair being formed, or one in a pair that starts after today.
 */
export async function personsDueForErasure(
  tx: Tx,
  organisationId: string,
  today: string,
  retentionYears: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH participation AS (
      SELECT m.person_id,
             max(coalesce(m.end_date, p.end_date, p.cancelled_at)) AS last_end,
             bool_or(coalesce(m.end_date, p.end_date, p.cancelled_at) IS NULL
                     OR coalesce(m.end_date, p.end_date, p.cancelled_at) > ${today}::date) AS still_open,
             bool_or(p.status <> 'draft' AND coalesce(m.start_date, p.start_date) > ${today}::date) AS starts_later
        FROM pair_members m JOIN pairs p ON p.id = m.pair_id
       WHERE m.organisation_id = ${organisationId}
       GROUP BY m.person_id
    ), consent AS (
      SELECT c.person_id, max(c.given_at) AS last_given
        FROM consents c
       WHERE c.organisation_id = ${organisationId}
       GROUP BY c.person_id
    )
    SELECT per.id
      FROM persons per
      LEFT JOIN participation pa ON pa.person_id = per.id
      LEFT JOIN consent c ON c.person_id = per.id
     WHERE per.organisation_id = ${organisationId}
       AND per.erased_at IS NULL
       AND NOT coalesce(pa.still_open, false)
       AND NOT coalesce(pa.starts_later, false)
       AND greatest(pa.last_end, c.last_given, per.created_at::date)
           < ${today}::date - make_interval(years => ${retentionYears}::int)
     ORDER BY per.id`.execute(tx);
  return rows.map((r) => r.id);
}

export async function runRetention(
  db: Kysely<Database>,
  { regionId }: JobCatalogue['persons.retention'],
  options: RetentionOptions = {},
): Promise<RetentionSummary | undefined> {
  const log = options.log ?? ((m: string) => console.info(m));
  const regionScope = { regionId, role: 'system' as const };
  const region = await withScope(db, regionScope, async (tx) => {
    const r = await tx
      .selectFrom('regions')
      .select(['retention_years', sql<string>`(now() AT TIME ZONE timezone)::date::text`.as('today')])
      .where('id', '=', regionId)
      .executeTakeFirst();
    const orgs = await tx
      .selectFrom('organisations')
      .select('id')
      .where('region_id', '=', regionId)
      .orderBy('id')
      .execute();
    return r && { ...r, organisationIds: orgs.map((o) => o.id) };
  });
  if (!region) return undefined;

  const summary: RetentionSummary = {
    regionId,
    today: region.today,
    retentionYears: region.retention_years,
    organisations: region.organisationIds.length,
    erased: 0,
    failed: 0,
  };
  const errors: unknown[] = [];
  for (const organisationId of region.organisationIds) {
    const due = await withScope(db, { ...regionScope, organisationId }, (tx) =>
      personsDueForErasure(tx, organisationId, region.today, region.retention_years),
    );
    for (const personId of due) {
      try {
        const outcome = await erasePerson(
          db,
          { personId, organisationId, regionId, reason: 'retention', date: region.today, requestedBy: null },
          options,
        );
        if (outcome.status === 'erased') summary.erased++;
      } catch (err) {
        summary.failed++;
        errors.push(err);
      }
    }
  }
  // Counts only: the log must not carry anything that identifies a person.
  log(
    `[retention] region ${regionId}: ${summary.erased} erased, ${summary.failed} failed, ` +
      `${summary.organisations} organisations, retention ${summary.retentionYears} y, as of ${summary.today}`,
  );
  // A failure makes the job fail and retry; the persons already erased are skipped then.
  if (errors.length > 0)
    throw new AggregateError(errors, `Retention erasure failed for ${errors.length} person(s)`);
  return summary;
}

/** The 'persons.retention' job. */
export function personsRetentionHandler(db: Kysely<Database>, options: RetentionOptions = {}) {
  return async function retentionJob(job: JobCatalogue['persons.retention']): Promise<void> {
    await runRetention(db, job, options);
  };
}
