/**
 * The job catalogue: every job's name, payload type and queue options. Producers (API)
 * and consumers (worker) share these types, so a payload cannot drift between them.
 */
export interface JobCatalogue {
  /** Deliver one queued e-mail from mail_outbox (by SMTP, or keep it for the admin to read). */
  'mail.send': { mailId: string; regionId: string };
}

export type JobName = keyof JobCatalogue;

export interface JobOptions {
  attempts: number;
  backoffMs: number;
}

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  'mail.send': { attempts: 5, backoffMs: 2_000 },
};

/** Deduplication id built from the entity, so enqueuing twice does the work once. */
export function jobId<N extends JobName>(name: N, payload: JobCatalogue[N]): string {
  switch (name) {
    case 'mail.send':
      return `mail-${(payload as JobCatalogue['mail.send']).mailId}`;
    default:
      return `${name}-${JSON.stringify(payload)}`;
  }
}
