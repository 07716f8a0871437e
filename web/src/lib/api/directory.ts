/* Directory look-ups several pages share: pickers and filters. */
import { api, call } from './client.ts';
import type { Municipality, Organisation, OrganisationKind, Page } from './types.ts';
import { orUndefined, type ListParams } from '../paged-list.svelte.ts';
import type { Option } from '../ui/Select.svelte';
import { kindShort } from '../labels.ts';

/** Every municipality of the region (a region has tens of them; read them page by page anyway). */
export async function allMunicipalities(): Promise<Municipality[]> {
  const pageSize = 200;
  const out: Municipality[] = [];
  for (let page = 1; ; page++) {
    const res = await call(api.GET('/api/municipalities', { params: { query: { page, pageSize } } }));
    out.push(...res.items);
    if (out.length >= res.total || res.items.length === 0) return out;
  }
}

export const municipalityOptions = (list: Municipality[]): Option[] =>
  list.map((m) => ({ value: m.id, label: m.name }));

const organisationOption = (o: Organisation): Option => ({
  value: o.id,
  label: o.name,
  description: [o.shortName, kindShort(o.kind), o.municipalityName, `ИНН ${o.inn}`]
    .filter(Boolean)
    .join(' · '),
});

/** Organisations matching the text, for the searchable picker. */
export async function searchOrganisations(q: string): Promise<Option[]> {
  const res = await call(
    api.GET('/api/organisations', { params: { query: { q: q || undefined, page: 1, pageSize: 30 } } }),
  );
  return res.items.map(organisationOption);
}

/** The number of items a list endpoint would return (reads one row). */
export async function countOf(path: '/api/municipalities' | '/api/enterprises'): Promise<number> {
  const res = await call(api.GET(path, { params: { query: { page: 1, pageSize: 1 } } }));
  return res.total;
}

// A type alias, not an interface: list filters must fit Record<string, string>.
export type OrganisationFilters = {
  municipalityId: string;
  kind: OrganisationKind | '';
};

/** One page of the organisations list; filters left empty (or out) are not sent. */
export function organisationPage({
  q,
  page,
  pageSize,
  filters,
}: ListParams<Partial<OrganisationFilters>>): Promise<Page<Organisation>> {
  const municipalityId = orUndefined(filters.municipalityId ?? '');
  const kind = orUndefined(filters.kind ?? '');
  return call(
    api.GET('/api/organisations', { params: { query: { q, page, pageSize, municipalityId, kind } } }),
  );
}
