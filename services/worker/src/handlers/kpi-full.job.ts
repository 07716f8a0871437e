import type { Kysely } from 'kysely';
import { recomputeRegion, type Database } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';

/*
 * 'kpi.full': every organisation's facts, then the region's rollup (nightly, and on
 * demand). It repairs whatever an outbox row could have missed. Each organisation is its
 * own transaction and leaves an outbox row when its facts changed, so a run killed half-way
 * still has its rollup brought back by the relay; a retry simply starts over.
 */
export function kpiFullHandler(db: Kysely<Database>, options: { concurrency?: number } = {}) {
  return async function kpiFullJob(job: JobCatalogue['kpi.full']): Promise<void> {
    await recomputeRegion(db, job.regionId, { concurrency: options.concurrency });
  };
}
