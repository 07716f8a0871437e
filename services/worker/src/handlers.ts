import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import type { JobHandlers } from '@nastavnik/jobs';
import { mailSendHandler, type MailSettings } from './handlers/mail-send.job.ts';

export interface WorkerDeps {
  db: Kysely<Database>;
  mail: MailSettings;
}

/** One handler per job name; the same functions run under BullMQ and in-process. */
export function createHandlers(deps: WorkerDeps): JobHandlers {
  return {
    'mail.send': mailSendHandler(deps.db, deps.mail),
  };
}
