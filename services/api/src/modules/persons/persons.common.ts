import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import { fullName, fullYearsAt, type DataCategory } from '@nastavnik/domain';
import { AppError } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';

/* Pieces every persons query shares: the person row, today's date, names, consent in force. */

export const ERASED_NAME = 'Данные удалены';

/** What a list or a card shows as the name: erased persons have none left. */
export function displayName(p: {
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  erased_at: Date | string | null;
}): string {
  return p.erased_at ? ERASED_NAME : fullName(p);
}

export function ageOn(birthDate: string | null, today: string): number | null {
  return birthDate ? fullYearsAt(birthDate, today) : null;
}

/** Today in the region's time zone ('YYYY-MM-DD'): a consent given this morning in Vladivostok is not in the future. */
export async function todayIn(tx: Tx): Promise<string> {
  const r = await sql<{ today: string }>`
    SELECT to_char(now() AT TIME ZONE coalesce((SELECT timezone FROM regions LIMIT 1), 'Europe/Moscow'), 'YYYY-MM-DD') AS today`.execute(
    tx,
  );
  return r.rows[0]!.today;
}

export const personNotFound = () => new AppError(404, 'not_found', 'Участник не найден');

/** The person of the caller's organisation, or 404 (another tenant's id looks like a made-up one). */
export async function findPerson(tx: Tx, p: Principal, id: string) {
  const row = await tx
    .selectFrom('persons')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', p.organisationId!)
    .executeTakeFirst();
  if (!row) throw personNotFound();
  return row;
}

export const personErased = () =>
  new AppError(409, 'person_erased', 'Данные участника удалены: изменить или выгрузить их нельзя');
export const consentWithdrawn = () =>
  new AppError(
    409,
    'consent_withdrawn',
    'Согласие участника отозвано, его данные удаляются: изменять их нельзя',
  );

/** The consent in force: the latest one given and not withdrawn, with the categories it covers. */
export async function consentInForce(tx: Tx, personId: string) {
  const row = await tx
    .selectFrom('consents as c')
    .innerJoin('consent_text_versions as v', 'v.id', 'c.version_id')
    .select([
      'c.id',
      'c.given_by',
      'c.representative_name',
      'c.representative_relation',
      'c.given_at',
      'v.id as version_id',
      'v.data_categories',
    ])
    .where('c.person_id', '=', personId)
    .where('c.withdrawn_at', 'is', null)
    .orderBy('c.given_at', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { ...row, categories: row.data_categories as DataCategory[] } : undefined;
}

/** Whether the person ever had a consent (a person with none is not "withdrawn"). */
export async function hasAnyConsent(tx: Tx, personId: string): Promise<boolean> {
  const r = await tx.selectFrom('consents').select('id').where('person_id', '=', personId).executeTakeFirst();
  return !!r;
}

/** The organisation's header for documents, from the directory (organisation, municipality, region). */
export async function organisationHeader(tx: Tx, p: Principal) {
  const o = await tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .innerJoin('regions as r', 'r.id', 'o.region_id')
    .select(['o.name', 'o.short_name', 'o.address', 'o.inn', 'm.name as municipality', 'r.name as region'])
    .where('o.id', '=', p.organisationId!)
    .executeTakeFirstOrThrow();
  return {
    fullName: o.name,
    shortName: o.short_name,
    address: o.address,
    inn: o.inn,
    municipality: o.municipality,
    region: o.region,
  };
}
