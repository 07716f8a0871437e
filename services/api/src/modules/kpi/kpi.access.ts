import type { Tx } from '@nastavnik/db';
import type { Principal } from '../../plugins/auth.ts';
import { forbidden, invalid, notFound } from '../../lib/errors.ts';

/*
 * Which territory a KPI request is about, and whether the caller may see its figures. The
 * rules are the read policy of kpi_snapshots, checked here first so the answer is a clear
 * 403/404 instead of an empty report (RLS stays underneath as the second wall):
 * - region admin: the region, any municipality or organisation of the region;
 * - municipal officer: the region's totals, their municipality and its organisations;
 * - curator and head: the region's totals and their organisation.
 * A territory outside the caller's view answers exactly like one that does not exist (404),
 * except another municipality of the region for a municipal officer (403): the directory
 * lists every municipality of the region anyway, so the id is no secret, only its figures.
 */

export type TerritoryType = 'region' | 'municipality' | 'organisation';

export interface Territory {
  type: TerritoryType;
  id: string;
  name: string;
  fullName: string;
  municipality: { id: string; name: string } | null;
}

const NOT_FOUND = {
  region: 'Регион не найден',
  municipality: 'Муниципалитет не найден',
  organisation: 'Организация не найдена',
} as const;

/** The caller's own territory: where a dashboard opens when no territory is named. */
export function defaultTerritory(p: Principal): { type: TerritoryType; id: string | null } {
  if (p.role === 'region_admin') return { type: 'region', id: p.regionId };
  if (p.role === 'municipal_officer') return { type: 'municipality', id: p.municipalityId };
  return { type: 'organisation', id: p.organisationId };
}

function ownIdFor(p: Principal, type: TerritoryType): string | null {
  if (type === 'region') return p.regionId;
  if (type === 'municipality') return p.municipalityId;
  return p.organisationId;
}

/** Resolves (type, id) — either may be omitted — to a territory the caller may read, or throws. */
export async function resolveTerritory(
  tx: Tx,
  p: Principal,
  type: TerritoryType | undefined,
  id: string | undefined,
): Promise<Territory> {
  const fallback = defaultTerritory(p);
  const t = type ?? fallback.type;
  const territoryId = id ?? ownIdFor(p, t);
  if (!territoryId) throw invalid('territoryId', 'Укажите территорию (territoryId)');

  if (t === 'region') {
    if (territoryId !== p.regionId) throw notFound(NOT_FOUND.region);
    const r = await tx
      .selectFrom('regions')
      .select(['id', 'name'])
      .where('id', '=', territoryId)
      .executeTakeFirst();
    if (!r) throw notFound(NOT_FOUND.region);
    return { type: 'region', id: r.id, name: r.name, fullName: r.name, municipality: null };
  }

  if (t === 'municipality') {
    const m = await tx
      .selectFrom('municipalities')
      .select(['id', 'name'])
      .where('id', '=', territoryId)
      .where('region_id', '=', p.regionId)
      .executeTakeFirst();
    if (!m) throw notFound(NOT_FOUND.municipality);
    if (p.role === 'curator' || p.role === 'head') throw forbidden();
    if (p.role === 'municipal_officer' && m.id !== p.municipalityId) throw forbidden();
    return { type: 'municipality', id: m.id, name: m.name, fullName: m.name, municipality: null };
  }

  const o = await tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .select(['o.id', 'o.name', 'o.short_name', 'o.municipality_id', 'm.name as municipality_name'])
    .where('o.id', '=', territoryId)
    .where('o.region_id', '=', p.regionId)
    .executeTakeFirst();
  const visible =
    !!o &&
    (p.role === 'region_admin' ||
      (p.role === 'municipal_officer' && o.municipality_id === p.municipalityId) ||
      o.id === p.organisationId);
  if (!o || !visible) throw notFound(NOT_FOUND.organisation);
  return {
    type: 'organisation',
    id: o.id,
    name: o.short_name ?? o.name,
    fullName: o.name,
    municipality: { id: o.municipality_id, name: o.municipality_name },
  };
}
