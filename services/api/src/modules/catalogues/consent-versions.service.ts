import type { Tx } from '@nastavnik/db';
import { DATA_CATEGORIES, type DataCategory } from '@nastavnik/domain';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { nationalCatalogue } from './mentee-requests.service.ts';

/*
 * Consent text versions (152-ФЗ): national versions plus the region's own. Each lists the
 * personal-data categories it covers; the API refuses data a person's consent does not
 * cover. A text people signed never changes, so a version can only be archived.
 */

interface Row {
  id: string;
  region_id: string | null;
  code: string;
  title: string;
  body: string;
  data_categories: string[];
  valid_from: string;
  archived: boolean;
}

const columns = [
  'id',
  'region_id',
  'code',
  'title',
  'body',
  'data_categories',
  'valid_from',
  'archived',
] as const;

export const dataCategoryList = (codes: readonly string[] = Object.keys(DATA_CATEGORIES)) =>
  codes.map((code) => ({ code, label: DATA_CATEGORIES[code as DataCategory] ?? code }));

const view = (r: Row) => ({
  id: r.id,
  code: r.code,
  title: r.title,
  body: r.body,
  categories: dataCategoryList(r.data_categories),
  validFrom: r.valid_from,
  archived: r.archived,
  national: r.region_id === null,
});

function visible(tx: Tx, regionId: string) {
  return tx
    .selectFrom('consent_text_versions')
    .select(columns)
    .where((eb) => eb.or([eb('region_id', 'is', null), eb('region_id', '=', regionId)]));
}

export async function listConsentVersions(tx: Tx, p: Principal) {
  const rows = await visible(tx, p.regionId)
    .orderBy('archived')
    .orderBy('valid_from', 'desc')
    .orderBy('code')
    .execute();
  return rows.map(view);
}

export interface ConsentVersionInput {
  code: string;
  title: string;
  body: string;
  categories: DataCategory[];
  validFrom: string;
}

export async function createConsentVersion(tx: Tx, p: Principal, input: ConsentVersionInput) {
  if (!input.categories.includes('identity')) {
    throw invalid(
      'categories',
      `Согласие должно включать категорию «${DATA_CATEGORIES.identity}»: без неё человека нельзя внести в базу`,
    );
  }
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) throw invalid('title', 'Укажите название');
  if (!body) throw invalid('body', 'Укажите текст согласия');
  // Codes are unique among the versions the region sees, national ones included: a curator
  // picks a version by its code and must never face two of the same name.
  const taken = await visible(tx, p.regionId)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', input.code.toLowerCase()))
    .executeTakeFirst();
  if (taken) {
    throw new AppError(409, 'conflict', 'Версия с таким кодом уже есть', [
      { field: 'code', message: 'Код уже используется другой версией текста согласия' },
    ]);
  }
  const row = await tx
    .insertInto('consent_text_versions')
    .values({
      region_id: p.regionId,
      code: input.code,
      title,
      body,
      data_categories: input.categories,
      valid_from: input.validFrom,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return view(row);
}

export async function setConsentVersionArchived(tx: Tx, p: Principal, id: string, archived: boolean) {
  const current = await visible(tx, p.regionId).where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('Версия текста согласия не найдена');
  if (current.region_id === null) throw nationalCatalogue();
  const row = await tx
    .updateTable('consent_text_versions')
    .set({ archived })
    .where('id', '=', id)
    .where('region_id', '=', p.regionId)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return view(row);
}
