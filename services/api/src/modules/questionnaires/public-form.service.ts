import { sql } from 'kysely';
import { applyScope, hashSecret, type Tx } from '@nastavnik/db';
import type { QuestionnaireKind } from '@nastavnik/domain';
import { AppError } from '../../lib/errors.ts';
import { definitionOf, storeAnswers, validAnswers } from './answers.ts';
import { assertCanHoldQuestionnaire, loadPerson, type Subject } from './subject.ts';

/*
 * The public form behind a one-time link: no account, the token is the only credential.
 * The transaction starts scoped to nothing but the token's hash (the questionnaire_links
 * policy admits that one row), then narrows to the link's organisation, acting as the
 * system: it reads and writes that organisation's rows and nothing else.
 */

/** Unknown, used and expired links get the same answer: nothing tells them apart. */
const linkInvalid = () =>
  new AppError(
    404,
    'link_invalid',
    'Ссылка на анкету недействительна: она уже использована или срок её действия истёк. Попросите куратора прислать новую.',
  );

export interface OpenLink {
  id: string;
  kind: QuestionnaireKind;
  expiresAt: Date;
  regionId: string;
  organisationName: string;
  subject: Subject;
}

/** Run inside request.withScope({ authTokenHash: hashSecret(token) }). */
export async function openLink(tx: Tx, token: string): Promise<OpenLink> {
  const link = await tx
    .selectFrom('questionnaire_links')
    .select(['id', 'organisation_id', 'person_id', 'kind', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!link || link.used_at || link.expires_at.getTime() <= Date.now()) throw linkInvalid();
  // The organisation's own row is readable in its scope (migration 0007): its region is
  // needed to act inside it (audit entry, regional consent versions).
  await applyScope(tx, { organisationId: link.organisation_id, role: 'system' });
  const organisation = await tx
    .selectFrom('organisations')
    .select(['name', 'region_id'])
    .where('id', '=', link.organisation_id)
    .executeTakeFirst();
  if (!organisation) throw linkInvalid();
  await applyScope(tx, {
    organisationId: link.organisation_id,
    regionId: organisation.region_id,
    role: 'system',
  });
  let subject: Subject;
  try {
    const person = await loadPerson(tx, link.organisation_id, link.person_id);
    subject = await assertCanHoldQuestionnaire(tx, person, link.kind);
  } catch (err) {
    // An erased person, one moved out of the base or a consent that no longer covers the
    // answers: the link stops working, and the form says no more than that.
    if (err instanceof AppError) throw linkInvalid();
    throw err;
  }
  return {
    id: link.id,
    kind: link.kind,
    expiresAt: link.expires_at,
    regionId: organisation.region_id,
    organisationName: organisation.name,
    subject,
  };
}

export async function describeForm(tx: Tx, token: string) {
  const link = await openLink(tx, token);
  return {
    ...definitionOf(link.kind),
    organisationName: link.organisationName,
    firstName: link.subject.firstName ?? '',
    expiresAt: link.expiresAt.toISOString(),
  };
}

/**
 * Stores the person's answers and spends the link. The link is spent by a conditional
 * UPDATE: of two submissions racing, the second waits for the first's row lock, then finds
 * used_at set and matches nothing, so exactly one succeeds.
 */
export async function submitForm(tx: Tx, token: string, answers: Record<string, unknown>, ip: string) {
  const link = await openLink(tx, token);
  const clean = validAnswers(link.kind, answers);
  const spent = await tx
    .updateTable('questionnaire_links')
    .set({ used_at: sql`now()` })
    .where('id', '=', link.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  if (!spent) throw linkInvalid();
  const stored = await storeAnswers(tx, link.subject, link.kind, clean, { filledBy: 'person', userId: null });
  // audit() records a signed-in principal; here the person acted, so the entry is written
  // directly, with no user.
  await tx
    .insertInto('audit_log')
    .values({
      region_id: link.regionId,
      organisation_id: link.subject.organisationId,
      user_id: null,
      action: 'questionnaires.submit',
      entity: 'questionnaire',
      entity_id: stored.id,
      details: JSON.stringify({ personId: link.subject.id, kind: link.kind, linkId: link.id }),
      ip,
    })
    .execute();
  return { status: 'received' as const };
}
