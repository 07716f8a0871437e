/* Calls of the curator workspace that several pages share. */
import { api, call } from '../api/client.ts';
import type { Option } from '../ui/Select.svelte';
import type { ListParams } from '../paged-list.svelte.ts';
import { orUndefined } from '../paged-list.svelte.ts';
import type { Page } from '../api/types.ts';
import { downloadFile, query } from './download.ts';
import type { Base } from './labels.ts';
import type { ConsentStatus, PersonCategory } from './labels.ts';
import type { MenteeRequest, PersonListItem, PersonSort } from './types.ts';

// A type alias, not an interface: list filters must fit Record<string, string>.
export type PersonFilters = {
  category: PersonCategory | '';
  consent: ConsentStatus | '';
  requestId: string;
  /** 'true': the erased persons only (the API's erased=true). */
  erased: '' | 'true';
};

/** One page of a base; `sort` is read when the page is fetched. */
export function personPage(base: Base, sort: () => PersonSort) {
  return ({ q, page, pageSize, filters }: ListParams<PersonFilters>): Promise<Page<PersonListItem>> =>
    call(
      api.GET('/api/persons', {
        params: {
          query: {
            base,
            q,
            page,
            pageSize,
            sort: sort(),
            category: orUndefined(filters.category),
            consent: orUndefined(filters.consent),
            requestId: base === 'mentees' ? orUndefined(filters.requestId) : undefined,
            erased: filters.erased === 'true' ? true : undefined,
          },
        },
      }),
    );
}

/** The request catalogue as options: active requests, plus `keep` (the one a person already has). */
export function requestOptions(list: MenteeRequest[], keep?: string | null): Option[] {
  return list
    .filter((r) => !r.archived || r.id === keep)
    .map((r) => ({ value: r.id, label: r.archived ? `${r.name} (архив)` : r.name }));
}

export const loadRequests = () => call(api.GET('/api/catalogues/mentee-requests'));
export const loadConsentVersions = () => call(api.GET('/api/catalogues/consent-versions'));

/** The enterprises of the region matching the text, for the searchable picker. */
export async function searchEnterprises(q: string): Promise<Option[]> {
  const res = await call(
    api.GET('/api/enterprises', { params: { query: { q: q || undefined, page: 1, pageSize: 30 } } }),
  );
  return res.items.map((e) => ({ value: e.id, label: e.name, description: `ИНН ${e.inn}` }));
}

export const downloadTemplate = (base: Base) =>
  downloadFile(
    `/api/person-imports/template${query({ base })}`,
    base === 'mentors' ? 'shablon-nastavniki.xlsx' : 'shablon-nastavlyaemye.xlsx',
  );

export const downloadExport = (base: Base) =>
  downloadFile(
    `/api/persons/export${query({ base })}`,
    base === 'mentors' ? 'baza-nastavnikov.xlsx' : 'baza-nastavlyaemyh.xlsx',
  );
