import type { Kysely } from 'kysely';
import { hasPendingWork, recomputeOrganisation, type Database } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';

/*
 * 'kpi.organisation': one organisation's facts and the rollups they move (incremental,
 * packages/db/src/kpi). Idempotent: one transaction, and it clears only the outbox rows it
 * read before reading any data, so a crash or a retry just runs it again.
 *
 * A change committed while the job runs keeps its outbox row; the queue would ignore a new
 * job with the same id while this one is active, so the job looks again when it is done and
 * runs once more (a few times at most; anything left is the relay's to bring back).
 */
const MAX_ROUNDS = 5;

export function kpiOrganisationHandler(db: Kysely<Database>) {
  return async function kpiOrganisationJob(job: JobCatalogue['kpi.organisation']): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = await recomputeOrganisation(db, job);
      if (result.status === 'not_found') return;
      if (!(await hasPendingWork(db, job.regionId, job.organisationId))) return;
    }
  };
}
