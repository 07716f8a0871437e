/**
 * The job catalogue: every job's name, payload type and queue options. Producers (API)
 * and consumers (worker) share these types, so a payload cannot drift between them.
 */
export interface JobCatalogue {
  /** Deliver one queued e-mail from mail_outbox (by SMTP, or keep it for the admin to read). */
  'mail.send': { mailId: string; regionId: string };
  /** Dry run or apply of an uploaded mentor/mentee base file (row person_imports.id). */
  'persons.import': { importId: string; organisationId: string; regionId: string };
  /** Erase one person's personal data within the organisation (152-ФЗ); idempotent. */
  'persons.erase': {
    personId: string;
    organisationId: string;
    regionId: string;
    reason: 'withdrawal' | 'retention' | 'request';
    /** ISO date the erasure takes effect: open participations end on it. */
    date: string;
    requestedBy: string | null;
  };
  /** Nightly: erase persons whose retention period after their last programme has ended. */
  'persons.retention': { regionId: string };
  /** KPI: one organisation's facts changed (outbox relay): its facts, then the affected rollups. */
  'kpi.organisation': { regionId: string; organisationId: string };
  /** KPI: statistics, targets, settings or directory of the region changed: the region's rollup. */
  'kpi.region': { regionId: string };
  /** KPI: every organisation's facts and the region's rollup (nightly, and on demand). */
  'kpi.full': { regionId: string };
}

export type JobName = keyof JobCatalogue;

export interface JobOptions {
  attempts: number;
  backoffMs: number;
  /** Wait before running: duplicates enqueued meanwhile collapse into this job (debounce). */
  delayMs?: number;
  /**
   * Forget the job once it has finished (done or failed for good), so the same job id can be
   * enqueued again at once: for work that an outbox brings back until it is done.
   */
  forgetWhenDone?: boolean;
}

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  'mail.send': { attempts: 5, backoffMs: 2_000 },
  'persons.import': { attempts: 1, backoffMs: 1_000 },
  'persons.erase': { attempts: 5, backoffMs: 2_000 },
  'persons.retention': { attempts: 3, backoffMs: 60_000 },
  'kpi.organisation': { attempts: 3, backoffMs: 1_000, delayMs: 300, forgetWhenDone: true },
  'kpi.region': { attempts: 3, backoffMs: 2_000, delayMs: 300, forgetWhenDone: true },
  'kpi.full': { attempts: 2, backoffMs: 60_000, forgetWhenDone: true },
};

/** Deduplication id built from the entity, so enqueuing twice does the work once. */
export function jobId<N extends JobName>(name: N, payload: JobCatalogue[N]): string {
  switch (name) {
    case 'mail.send':
      return `mail-${(payload as JobCatalogue['mail.send']).mailId}`;
    case 'persons.import':
      return `import-${(payload as JobCatalogue['persons.import']).importId}`;
    case 'persons.erase':
      return `erase-${(payload as JobCatalogue['persons.erase']).personId}`;
    case 'persons.retention':
      return `retention-${(payload as JobCatalogue['persons.retention']).regionId}-${new Date().toISOString().slice(0, 10)}`;
    case 'kpi.organisation':
      return `kpi-org-${(payload as JobCatalogue['kpi.organisation']).organisationId}`;
    case 'kpi.region':
      return `kpi-region-${(payload as JobCatalogue['kpi.region']).regionId}`;
    case 'kpi.full':
      return `kpi-full-${(payload as JobCatalogue['kpi.full']).regionId}`;
    default:
      return `${name}-${JSON.stringify(payload)}`;
  }
}
