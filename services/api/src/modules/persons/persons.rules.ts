import type { Tx } from '@nastavnik/db';
import { personKey } from '@nastavnik/db';
import {
  consentProblems,
  fullName,
  notCoveredMessage,
  type ConsentInput,
  type DataCategory,
  type PersonField,
} from '@nastavnik/domain';
import { AppError, type FieldError } from '../../lib/errors.ts';
import type { PersonValues } from './person-fields.ts';

/*
 * Checks of a person or a consent that need the database (reference tables, the consent
 * text versions, other persons), and the errors they answer with.
 */

export const validationFailed = (fields: FieldError[]) =>
  new AppError(400, 'validation_failed', 'Проверьте заполнение полей', fields);

/** One entry per field the consent does not cover, each saying which category is missing. */
export const notCovering = (fields: PersonField[]) =>
  new AppError(
    400,
    'consent_not_covering',
    'Согласие участника не распространяется на часть сведений: уберите их или оформите согласие в другой редакции',
    fields.map((field) => ({ field, message: notCoveredMessage(field) })),
  );

/** The enterprise must be in the region's directory, the request in the region's catalogue. */
export async function referenceProblems(tx: Tx, sent: Partial<PersonValues>): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (sent.enterpriseId) {
    // RLS shows the enterprises of the caller's region only.
    const e = await tx
      .selectFrom('enterprises')
      .select('id')
      .where('id', '=', sent.enterpriseId)
      .executeTakeFirst();
    if (!e) problems.push({ field: 'enterpriseId', message: 'Предприятие не найдено в справочнике региона' });
  }
  if (sent.requestId) {
    const r = await tx
      .selectFrom('mentee_requests')
      .select('id')
      .where('id', '=', sent.requestId)
      .where('archived', '=', false)
      .executeTakeFirst();
    if (!r) problems.push({ field: 'requestId', message: 'Запрос не найден в справочнике запросов' });
  }
  return problems;
}

/** A consent text version the region may use: national or its own, not archived. */
export async function consentVersion(tx: Tx, versionId: string) {
  const v = await tx
    .selectFrom('consent_text_versions')
    .select(['id', 'code', 'title', 'body', 'data_categories'])
    .where('id', '=', versionId)
    .where('archived', '=', false)
    .executeTakeFirst();
  return v ? { ...v, categories: v.data_categories as DataCategory[] } : undefined;
}

export interface ConsentBodyValues extends ConsentInput {
  versionId: string;
}

/** Trims the representative's details; a consent the person gave keeps none. */
export function normaliseConsent<T extends ConsentBodyValues>(c: T): T {
  const self = c.givenBy === 'self';
  return {
    ...c,
    representativeName: self ? null : c.representativeName?.replace(/\s+/g, ' ').trim() || null,
    representativeRelation: self ? null : c.representativeRelation?.replace(/\s+/g, ' ').trim() || null,
  };
}

/** The domain's consent rules (minor → representative, dates) plus the text version's existence. */
export async function consentFieldProblems(
  tx: Tx,
  consent: ConsentBodyValues,
  birthDate: string | null,
  today: string,
  prefix = '',
) {
  const problems: FieldError[] = Object.entries(consentProblems(consent, birthDate, today)).map(
    ([field, message]) => ({ field: `${prefix}${field}`, message: message! }),
  );
  const version = await consentVersion(tx, consent.versionId);
  if (!version) {
    problems.push({
      field: `${prefix}versionId`,
      message: 'Редакция текста согласия не найдена или выведена из употребления',
    });
  }
  return { problems, version };
}

/** The regional pseudonymous key, when the name and the birth date are known. */
export function keyOf(
  secret: string,
  v: Pick<PersonValues, 'lastName' | 'firstName' | 'middleName' | 'birthDate'>,
): string | null {
  if (!v.birthDate || !v.lastName || !v.firstName) return null;
  const name = fullName({ last_name: v.lastName, first_name: v.firstName, middle_name: v.middleName });
  return personKey(secret, name, v.birthDate);
}

/** Another person of the organisation, not erased, with the same key or SNILS. */
export async function findDuplicate(
  tx: Tx,
  organisationId: string,
  key: string | null,
  snils: string | null,
  exceptId?: string,
) {
  if (!key && !snils) return undefined;
  let q = tx
    .selectFrom('persons')
    .select(['id', 'last_name', 'first_name', 'middle_name', 'person_key', 'snils'])
    .where('organisation_id', '=', organisationId)
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([...(key ? [eb('person_key', '=', key)] : []), ...(snils ? [eb('snils', '=', snils)] : [])]),
    );
  if (exceptId) q = q.where('id', '<>', exceptId);
  const found = await q.limit(1).executeTakeFirst();
  if (!found) return undefined;
  const bySnils = !!snils && found.snils === snils;
  const name = fullName(found);
  return new AppError(409, 'person_duplicate', `Такой участник уже есть в базе: ${name}`, [
    bySnils
      ? { field: 'snils', message: `Участник с таким СНИЛС уже есть в базе: ${name}` }
      : { field: 'lastName', message: `Участник с такими ФИО и датой рождения уже есть в базе: ${name}` },
    { field: 'existingPersonId', message: found.id },
  ]);
}

/** A unique index caught a duplicate that appeared between the check and the write. */
export function duplicateFromDatabase(err: unknown): AppError | undefined {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return undefined;
  const where = `${e.constraint ?? ''} ${e.message ?? ''}`;
  if (!/persons_org_(key|snils)_unique/.test(where)) return undefined;
  return new AppError(409, 'person_duplicate', 'Такой участник уже есть в базе', [
    where.includes('snils')
      ? { field: 'snils', message: 'Участник с таким СНИЛС уже есть в базе' }
      : { field: 'lastName', message: 'Участник с такими ФИО и датой рождения уже есть в базе' },
  ]);
}
