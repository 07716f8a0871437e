import { sql } from 'kysely';
import { hashSecret, newSecret, type Tx } from '@nastavnik/db';
import { emailError, QUESTIONNAIRES, type QuestionnaireKind } from '@nastavnik/domain';
import { AppError, forbidden, invalid } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { queueMail } from '../mail/mail.service.ts';
import { findStored, storeAnswers, validAnswers } from './answers.ts';
import { assertCanHoldQuestionnaire, loadPerson } from './subject.ts';

/* The curator's side: read and fill a person's questionnaire, issue a one-time link. */

export const DEFAULT_LINK_DAYS = 14;

function organisationOf(p: Principal): string {
  // Only curator and head reach here (route roles); both belong to one organisation.
  if (!p.organisationId) throw forbidden();
  return p.organisationId;
}

export async function getQuestionnaire(tx: Tx, p: Principal, personId: string, kind: QuestionnaireKind) {
  const person = await loadPerson(tx, organisationOf(p), personId);
  const stored = await findStored(tx, person.id, kind);
  if (!stored) throw new AppError(404, 'not_filled', `${QUESTIONNAIRES[kind].title} ещё не заполнена`);
  return stored;
}

export async function fillQuestionnaire(
  tx: Tx,
  p: Principal,
  personId: string,
  kind: QuestionnaireKind,
  answers: Record<string, unknown>,
) {
  const person = await loadPerson(tx, organisationOf(p), personId);
  const subject = await assertCanHoldQuestionnaire(tx, person, kind);
  const clean = validAnswers(kind, answers);
  return storeAnswers(tx, subject, kind, clean, { filledBy: 'curator', userId: p.userId });
}

export interface LinkInput {
  kind: QuestionnaireKind;
  expiresInDays?: number;
  sendTo?: string | null;
}

const dateFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('ru-RU', { dateStyle: 'short', timeStyle: 'short', timeZone });

/**
 * A one-time link for the person to fill the questionnaire themselves. The token is shown
 * once (in the reply, and in the letter when an address is given); only its hash is kept.
 * A new link for the same person and kind retires the older unused ones.
 */
export async function createLink(
  tx: Tx,
  p: Principal,
  personId: string,
  input: LinkInput,
  publicUrl: string,
) {
  const sendTo = input.sendTo?.trim() || null;
  if (sendTo) {
    const problem = emailError(sendTo);
    if (problem) throw invalid('sendTo', problem);
  }
  const person = await loadPerson(tx, organisationOf(p), personId);
  const subject = await assertCanHoldQuestionnaire(tx, person, input.kind);
  await tx
    .updateTable('questionnaire_links')
    .set({ used_at: sql`now()` })
    .where('person_id', '=', subject.id)
    .where('kind', '=', input.kind)
    .where('used_at', 'is', null)
    .execute();
  const token = newSecret();
  const expiresAt = new Date(Date.now() + (input.expiresInDays ?? DEFAULT_LINK_DAYS) * 86_400_000);
  const link = await tx
    .insertInto('questionnaire_links')
    .values({
      organisation_id: subject.organisationId,
      person_id: subject.id,
      kind: input.kind,
      token_hash: hashSecret(token),
      expires_at: expiresAt,
      created_by: p.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const url = `${publicUrl}/q/${token}`;
  let mailId: string | null = null;
  if (sendTo) {
    const place = await tx
      .selectFrom('organisations as o')
      .innerJoin('regions as r', 'r.id', 'o.region_id')
      .select(['o.name', 'r.timezone'])
      .where('o.id', '=', subject.organisationId)
      .executeTakeFirstOrThrow();
    const title = QUESTIONNAIRES[input.kind].title;
    mailId = await queueMail(tx, {
      regionId: p.regionId,
      to: sendTo,
      subject: `${title} — ${place.name}`,
      text:
        `Здравствуйте${subject.firstName ? `, ${subject.firstName}` : ''}!\n\n` +
        `${place.name} просит вас заполнить анкету программы наставничества («${title}»). ` +
        `Ответы помогут подобрать вам пару.\n\nСсылка работает один раз и действует до ` +
        `${dateFormat(place.timezone).format(expiresAt)}:\n${url}\n\n` +
        'Если письмо пришло по ошибке, просто не отвечайте на него.',
    });
  }
  return {
    linkId: link.id,
    mailId,
    issued: { url, expiresAt: expiresAt.toISOString(), sentTo: sendTo },
  };
}
