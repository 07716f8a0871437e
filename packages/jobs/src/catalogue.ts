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
}

export type JobName = keyof JobCatalogue;

export interface JobOptions {
  attempts: number;
  backoffMs: number;
}

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  'mail.send': { attempts: 5, backoffMs: 2_000 },
  'persons.import': { attempts: 1, backoffMs: 1_000 },
  'persons.erase': { attempts: 5, backoffMs: 2_000 },
  'persons.retention': { attempts: 3, backoffMs: 60_000 },
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
    default:
      return `${name}-${JSON.stringify(payload)}`;
  }
}
