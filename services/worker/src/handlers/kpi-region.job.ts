import type { Kysely } from 'kysely';
import { hasPendingWork, recomputeRegionRollup, type Database } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';

/*
 * 'kpi.region': statistics, targets, the satisfaction threshold or the directory changed —
 * the region's rollup from the facts as they are (or every organisation's facts when the
 * region's time zone changed). Idempotent, for the same reasons as 'kpi.organisation'.
 */
const MAX_ROUNDS = 3;

export function kpiRegionHandler(db: Kysely<Database>) {
  return async function kpiRegionJob(job: JobCatalogue['kpi.region']): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await recomputeRegionRollup(db, job.regionId);
      if (!(await hasPendingWork(db, job.regionId, null))) return;
    }
  };
}
