import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Tx } from '@nastavnik/db';

export interface OutgoingMail {
  regionId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail is written to mail_outbox inside the caller's transaction and handed to the
 * `mail.send` job only after commit, so a rolled-back action never sends a letter and a
 * committed one always has its row.
 */
export async function queueMail(tx: Tx, mail: OutgoingMail): Promise<string> {
  // The id is made here, not RETURNING'd: only the region admin may read the outbox (RLS),
  // and RETURNING would need that read right (a curator's password reset would fail).
  const id = randomUUID();
  await tx
    .insertInto('mail_outbox')
    .values({
      id,
      region_id: mail.regionId,
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
    })
    .execute();
  return id;
}

export async function dispatchMail(app: FastifyInstance, regionId: string, mailIds: string[]): Promise<void> {
  for (const mailId of mailIds) await app.deps.jobs.enqueue('mail.send', { mailId, regionId });
}
