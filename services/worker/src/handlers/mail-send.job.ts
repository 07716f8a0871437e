import nodemailer, { type Transporter } from 'nodemailer';
import { withScope, type Database } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export interface MailSettings {
  smtp?:
    | {
        host: string;
        port: number;
        secure: boolean;
        user?: string | undefined;
        password?: string | undefined;
        rejectUnauthorized?: boolean;
      }
    | undefined;
  from: string;
}

/**
 * Delivers one outbox letter. Without SMTP settings the letter is marked "kept": the region
 * admin reads it in the UI (the demo and air-gapped installs work without a mail server).
 * Idempotent: a letter already sent or kept is not sent again.
 */
export function mailSendHandler(db: Kysely<Database>, settings: MailSettings) {
  let transport: Transporter | undefined;
  const transporter = () =>
    (transport ??= nodemailer.createTransport({
      host: settings.smtp!.host,
      port: settings.smtp!.port,
      secure: settings.smtp!.secure,
      auth: settings.smtp!.user
        ? { user: settings.smtp!.user, pass: settings.smtp!.password ?? '' }
        : undefined,
      // Certificates are verified unless the admin opts out for a self-signed internal relay.
      tls: { rejectUnauthorized: settings.smtp!.rejectUnauthorized ?? true },
    }));

  return async function sendMail({ mailId, regionId }: JobCatalogue['mail.send']): Promise<void> {
    const scope = { regionId, role: 'system' as const };
    const mail = await withScope(db, scope, (tx) =>
      tx.selectFrom('mail_outbox').selectAll().where('id', '=', mailId).executeTakeFirst(),
    );
    if (!mail || mail.status === 'sent' || mail.status === 'kept') return;
    if (!settings.smtp) {
      await withScope(db, scope, (tx) =>
        tx.updateTable('mail_outbox').set({ status: 'kept' }).where('id', '=', mailId).execute(),
      );
      return;
    }
    try {
      await transporter().sendMail({
        from: settings.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.body_text,
      });
    } catch (err) {
      await withScope(db, scope, (tx) =>
        tx
          .updateTable('mail_outbox')
          .set({
            status: 'failed',
            attempts: sql`attempts + 1`,
            error: String((err as Error).message ?? err).slice(0, 1000),
          })
          .where('id', '=', mailId)
          .execute(),
      );
      throw err;
    }
    await withScope(db, scope, (tx) =>
      tx
        .updateTable('mail_outbox')
        .set({ status: 'sent', attempts: sql`attempts + 1`, error: null, sent_at: sql`now()` })
        .where('id', '=', mailId)
        .execute(),
    );
  };
}
