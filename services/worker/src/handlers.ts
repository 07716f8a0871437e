import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import type { JobHandlers } from '@nastavnik/jobs';
import { mailSendHandler, type MailSettings } from './handlers/mail-send.job.ts';
import { personsEraseHandler } from './handlers/persons-erase.job.ts';
import { personsRetentionHandler } from './handlers/persons-retention.job.ts';
import { personsImportHandler } from './handlers/persons-import.job.ts';
import type { RenderErasureAct } from './handlers/erasure-act.ts';
import { kpiOrganisationHandler } from './handlers/kpi-organisation.job.ts';
import { kpiRegionHandler } from './handlers/kpi-region.job.ts';
import { kpiFullHandler } from './handlers/kpi-full.job.ts';

export interface WorkerDeps {
  db: Kysely<Database>;
  mail: MailSettings;
  /**
   * The regional pseudonymous key secret: person imports match people by their key. The API
   * and the worker process always pass it; tests of other jobs may leave it out.
   */
  personKeySecret?: string;
  /** The erasure act renderer (default: @nastavnik/reports); tests inject a failing one. */
  renderErasureAct?: RenderErasureAct;
}

/** One handler per job name; the same functions run under BullMQ and in-process. */
export function createHandlers(deps: WorkerDeps): JobHandlers {
  return {
    'mail.send': mailSendHandler(deps.db, deps.mail),
    'persons.import': personsImportHandler(deps.db, deps.personKeySecret),
    'persons.erase': personsEraseHandler(deps.db, { renderAct: deps.renderErasureAct }),
    'persons.retention': personsRetentionHandler(deps.db, { renderAct: deps.renderErasureAct }),
    'kpi.organisation': kpiOrganisationHandler(deps.db),
    'kpi.region': kpiRegionHandler(deps.db),
    'kpi.full': kpiFullHandler(deps.db),
  };
}
