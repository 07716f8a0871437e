import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';

/*
 * The mentee request catalogue (запрос наставляемого): national rows every region sees,
 * plus the region's own. The region adds, renames and archives its own rows only.
 */

interface Row {
  id: string;
  region_id: string | null;
  name: string;
  sort: number;
  archived: boolean;
}

const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  sort: r.sort,
  archived: r.archived,
  national: r.region_id === null,
});

/** Two names are the same request whatever the case, spacing or ё/е spelling. */
const nameKey = (name: string) => name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
const tidy = (name: string) => name.replace(/\s+/g, ' ').trim();

export const nationalCatalogue = () =>
  new AppError(
    403,
    'national_catalogue',
    'Общероссийские записи справочника изменить нельзя: добавьте запись своего региона',
  );

function visible(tx: Tx, regionId: string) {
  // RLS already narrows to national + own region; the explicit filter keeps the plan honest.
  return tx
    .selectFrom('mentee_requests')
    .select(['id', 'region_id', 'name', 'sort', 'archived'])
    .where((eb) => eb.or([eb('region_id', 'is', null), eb('region_id', '=', regionId)]));
}

export async function listMenteeRequests(tx: Tx, p: Principal) {
  const rows = await visible(tx, p.regionId).orderBy('archived').orderBy('sort').orderBy('name').execute();
  return rows.map(view);
}

async function refuseDuplicate(tx: Tx, regionId: string, name: string, exceptId?: string) {
  const key = nameKey(name);
  const rows = await visible(tx, regionId).execute();
  if (rows.some((r) => r.id !== exceptId && nameKey(r.name) === key)) {
    throw new AppError(409, 'conflict', 'Такой запрос уже есть в справочнике', [
      { field: 'name', message: 'Запрос с таким названием уже есть в справочнике' },
    ]);
  }
}

function cleanName(name: string): string {
  const clean = tidy(name);
  if (!clean) throw invalid('name', 'Укажите название запроса');
  return clean;
}

export async function createMenteeRequest(tx: Tx, p: Principal, input: { name: string; sort?: number }) {
  const name = cleanName(input.name);
  await refuseDuplicate(tx, p.regionId, name);
  // A new row goes to the end of the list unless the admin says otherwise.
  const last = await visible(tx, p.regionId)
    .clearSelect()
    .select(sql<number>`coalesce(max(sort), 0)`.as('max'))
    .executeTakeFirstOrThrow();
  const row = await tx
    .insertInto('mentee_requests')
    .values({ region_id: p.regionId, name, sort: input.sort ?? Number(last.max) + 10 })
    .returning(['id', 'region_id', 'name', 'sort', 'archived'])
    .executeTakeFirstOrThrow();
  return view(row);
}

export async function updateMenteeRequest(
  tx: Tx,
  p: Principal,
  id: string,
  input: { name?: string; sort?: number; archived?: boolean },
) {
  const current = await visible(tx, p.regionId).where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('Запись справочника не найдена');
  if (current.region_id === null) throw nationalCatalogue();
  const name = input.name === undefined ? undefined : cleanName(input.name);
  if (name !== undefined) await refuseDuplicate(tx, p.regionId, name, id);
  if (name === undefined && input.sort === undefined && input.archived === undefined) return view(current);
  const row = await tx
    .updateTable('mentee_requests')
    .set({ name, sort: input.sort, archived: input.archived })
    .where('id', '=', id)
    .where('region_id', '=', p.regionId)
    .returning(['id', 'region_id', 'name', 'sort', 'archived'])
    .executeTakeFirstOrThrow();
  return view(row);
}
