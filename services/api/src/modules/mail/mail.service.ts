import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Tx } from '@nastavnik/db';
import { likePattern } from '../../lib/schemas.ts';
import { pageOf, paging, totalOf, type ListArgs } from '../../lib/paging.ts';

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

/** The region's outbox, newest first (the region admin reads it when no SMTP is set). */
export async function listMail(tx: Tx, args: ListArgs) {
  const p = paging(args);
  let q = tx.selectFrom('mail_outbox');
  if (args.q) {
    const like = likePattern(args.q);
    q = q.where((eb) => eb.or([eb('to_address', 'ilike', like), eb('subject', 'ilike', like)]));
  }
  const rows = await q
    .selectAll()
    .select(totalOf(q))
    .orderBy('created_at', 'desc')
    .limit(p.pageSize)
    .offset(p.offset)
    .execute();
  return pageOf(
    rows,
    (r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.body_text,
      status: r.status,
      error: r.error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at ? r.sent_at.toISOString() : null,
    }),
    p,
  );
}
