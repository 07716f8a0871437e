import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import { innError } from '@nastavnik/domain';
import type { Principal } from '../../plugins/auth.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { likePattern } from '../../lib/schemas.ts';
import { pageOf, paging, totalOf, type ListArgs } from '../../lib/paging.ts';

// ---- Municipalities ----

/** Municipalities with their organisation count: one query shape for the list and the card. */
function municipalitiesWithCounts(tx: Tx, base = tx.selectFrom('municipalities as m')) {
  return base.select((eb) => [
    'm.id',
    'm.name',
    'm.oktmo',
    eb
      .selectFrom('organisations as o')
      .whereRef('o.municipality_id', '=', 'm.id')
      .select(eb.fn.countAll<number>().as('n'))
      .as('organisation_count'),
  ]);
}

const municipalityView = (r: {
  id: string;
  name: string;
  oktmo: string | null;
  organisation_count: number | null;
}) => ({
  id: r.id,
  name: r.name,
  oktmo: r.oktmo,
  organisationCount: Number(r.organisation_count ?? 0),
});

export async function listMunicipalities(tx: Tx, args: ListArgs) {
  const p = paging(args);
  let q = tx.selectFrom('municipalities as m');
  if (args.q) q = q.where('m.name', 'ilike', likePattern(args.q));
  const rows = await municipalitiesWithCounts(tx, q)
    .select(totalOf(q))
    .orderBy('m.name')
    .limit(p.pageSize)
    .offset(p.offset)
    .execute();
  return pageOf(rows, municipalityView, p);
}

export async function getMunicipality(tx: Tx, id: string) {
  const row = await municipalitiesWithCounts(tx).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Муниципалитет не найден');
  return municipalityView(row);
}

export async function saveMunicipality(
  tx: Tx,
  p: Principal,
  body: { name: string; oktmo?: string | null },
  id?: string,
) {
  const values = { name: body.name.trim(), oktmo: body.oktmo ?? null };
  if (!values.name) throw invalid('name', 'Укажите название');
  if (id) {
    const r = await tx
      .updateTable('municipalities')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw notFound('Муниципалитет не найден');
    return getMunicipality(tx, id);
  }
  const r = await tx
    .insertInto('municipalities')
    .values({ ...values, region_id: p.regionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getMunicipality(tx, r.id);
}

// ---- Organisations ----

/** Who may see which organisations of the directory: the region all, others their own part. */
function organisationsVisibleTo(tx: Tx, p: Principal) {
  // The region condition repeats RLS on purpose: it is defence in depth, and it lets the
  // planner walk the (region_id, name) index for a page.
  let q = tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .where('o.region_id', '=', p.regionId);
  if (p.role === 'municipal_officer') q = q.where('o.municipality_id', '=', p.municipalityId!);
  if (p.role === 'curator' || p.role === 'head') q = q.where('o.id', '=', p.organisationId!);
  return q;
}

const orgColumns = [
  'o.id',
  'o.name',
  'o.short_name',
  'o.kind',
  'o.inn',
  'o.address',
  'o.municipality_id',
  'm.name as municipality_name',
] as const;
type OrgRow = {
  id: string;
  name: string;
  short_name: string | null;
  kind: 'school' | 'kindergarten' | 'college' | 'additional';
  inn: string;
  address: string | null;
  municipality_id: string;
  municipality_name: string;
};
const orgView = (r: OrgRow) => ({
  id: r.id,
  name: r.name,
  shortName: r.short_name,
  kind: r.kind,
  inn: r.inn,
  address: r.address,
  municipalityId: r.municipality_id,
  municipalityName: r.municipality_name,
});

export async function listOrganisations(
  tx: Tx,
  p: Principal,
  args: ListArgs & { municipalityId?: string; kind?: OrgRow['kind'] },
) {
  const pg = paging(args);
  let q = organisationsVisibleTo(tx, p);
  if (args.q) {
    const like = likePattern(args.q);
    q = q.where((eb) =>
      eb.or([eb('o.name', 'ilike', like), eb('o.short_name', 'ilike', like), eb('o.inn', 'like', like)]),
    );
  }
  if (args.municipalityId) q = q.where('o.municipality_id', '=', args.municipalityId);
  if (args.kind) q = q.where('o.kind', '=', args.kind);
  const rows = await q
    .select([...orgColumns, totalOf(q)])
    .orderBy('o.name')
    .limit(pg.pageSize)
    .offset(pg.offset)
    .execute();
  return pageOf(rows, orgView, pg);
}

export async function getOrganisation(tx: Tx, p: Principal, id: string) {
  const r = await organisationsVisibleTo(tx, p).where('o.id', '=', id).select(orgColumns).executeTakeFirst();
  if (!r) throw notFound('Организация не найдена');
  return orgView(r);
}

export interface OrganisationInput {
  name: string;
  shortName?: string | null;
  kind: OrgRow['kind'];
  inn: string;
  address?: string | null;
  municipalityId: string;
}

export async function saveOrganisation(tx: Tx, p: Principal, body: OrganisationInput, id?: string) {
  const innProblem = innError(body.inn, 'legal');
  if (innProblem) throw invalid('inn', innProblem);
  const municipality = await tx
    .selectFrom('municipalities')
    .select('id')
    .where('id', '=', body.municipalityId)
    .executeTakeFirst();
  if (!municipality) throw invalid('municipalityId', 'Муниципалитет не найден');
  const values = {
    name: body.name.trim(),
    short_name: body.shortName?.trim() || null,
    kind: body.kind,
    inn: body.inn,
    address: body.address?.trim() || null,
    municipality_id: body.municipalityId,
  };
  if (id) {
    const r = await tx
      .updateTable('organisations')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw notFound('Организация не найдена');
    return getOrganisation(tx, p, id);
  }
  const r = await tx
    .insertInto('organisations')
    .values({ ...values, region_id: p.regionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getOrganisation(tx, p, r.id);
}

// ---- Partner enterprises ----

const entColumns = ['e.id', 'e.name', 'e.inn', 'e.municipality_id', 'm.name as municipality_name'] as const;
const entView = (r: {
  id: string;
  name: string;
  inn: string;
  municipality_id: string | null;
  municipality_name: string | null;
}) => ({
  id: r.id,
  name: r.name,
  inn: r.inn,
  municipalityId: r.municipality_id,
  municipalityName: r.municipality_name,
});

export async function listEnterprises(tx: Tx, args: ListArgs) {
  const p = paging(args);
  let q = tx.selectFrom('enterprises as e').leftJoin('municipalities as m', 'm.id', 'e.municipality_id');
  if (args.q) {
    const like = likePattern(args.q);
    q = q.where((eb) => eb.or([eb('e.name', 'ilike', like), eb('e.inn', 'like', like)]));
  }
  const rows = await q
    .select([...entColumns, totalOf(q)])
    .orderBy('e.name')
    .limit(p.pageSize)
    .offset(p.offset)
    .execute();
  return pageOf(rows, entView, p);
}

export async function getEnterprise(tx: Tx, id: string) {
  const r = await tx
    .selectFrom('enterprises as e')
    .leftJoin('municipalities as m', 'm.id', 'e.municipality_id')
    .where('e.id', '=', id)
    .select(entColumns)
    .executeTakeFirst();
  if (!r) throw notFound('Предприятие');
  return entView(r);
}

export async function saveEnterprise(
  tx: Tx,
  p: Principal,
  body: { name: string; inn: string; municipalityId?: string | null },
  id?: string,
) {
  const innProblem = innError(body.inn);
  if (innProblem) throw invalid('inn', innProblem);
  if (body.municipalityId) {
    const m = await tx
      .selectFrom('municipalities')
      .select('id')
      .where('id', '=', body.municipalityId)
      .executeTakeFirst();
    if (!m) throw invalid('municipalityId', 'Муниципалитет не найден');
  }
  const values = { name: body.name.trim(), inn: body.inn, municipality_id: body.municipalityId ?? null };
  if (id) {
    const r = await tx
      .updateTable('enterprises')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw notFound('Предприятие');
    return getEnterprise(tx, id);
  }
  const r = await tx
    .insertInto('enterprises')
    .values({ ...values, region_id: p.regionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getEnterprise(tx, r.id);
}
