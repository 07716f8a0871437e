import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import type { DataCategory } from '@nastavnik/domain';
import { matchKey } from '../text.ts';

/*
 * What validating a person import reads from the database, in a handful of set queries
 * (never one per row): the consent text versions, the request catalogue and the partner
 * enterprises of the region, and the organisation's persons the file may repeat.
 */

export interface ConsentVersionRef {
  id: string;
  code: string;
  title: string;
  categories: DataCategory[];
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface EnterpriseRef extends NamedRef {
  inn: string;
}

export interface ImportReferences {
  versions: ConsentVersionRef[];
  versionById: Map<string, ConsentVersionRef>;
  /** By matchKey of the code and of the title; a title two versions share maps to both. */
  versionByWord: Map<string, ConsentVersionRef[]>;
  requests: NamedRef[];
  requestById: Map<string, NamedRef>;
  requestByName: Map<string, NamedRef>;
  enterpriseById: Map<string, EnterpriseRef>;
  enterpriseByInn: Map<string, EnterpriseRef>;
  enterpriseByName: Map<string, EnterpriseRef[]>;
}

/** National rows (region_id NULL) and the region's own; RLS shows nothing else. */
export async function loadReferences(tx: Tx): Promise<ImportReferences> {
  const versions = (
    await tx
      .selectFrom('consent_text_versions')
      .select(['id', 'code', 'title', 'data_categories'])
      .orderBy('valid_from')
      .orderBy('code')
      .execute()
  ).map((v) => ({ id: v.id, code: v.code, title: v.title, categories: v.data_categories as DataCategory[] }));
  const versionByWord = new Map<string, ConsentVersionRef[]>();
  for (const v of versions) {
    for (const word of new Set([matchKey(v.code), matchKey(v.title)])) {
      versionByWord.set(word, [...(versionByWord.get(word) ?? []), v]);
    }
  }
  const requests = await tx
    .selectFrom('mentee_requests')
    .select(['id', 'name'])
    .where('archived', '=', false)
    .orderBy('sort')
    .orderBy('name')
    .execute();
  const enterprises = await tx
    .selectFrom('enterprises')
    .select(['id', 'name', 'inn'])
    .orderBy('name')
    .execute();
  const enterpriseByName = new Map<string, EnterpriseRef[]>();
  for (const e of enterprises) {
    const key = matchKey(e.name);
    enterpriseByName.set(key, [...(enterpriseByName.get(key) ?? []), e]);
  }
  return {
    versions,
    versionById: new Map(versions.map((v) => [v.id, v])),
    versionByWord,
    requests,
    requestById: new Map(requests.map((r) => [r.id, r])),
    requestByName: new Map(requests.map((r) => [matchKey(r.name), r])),
    enterpriseById: new Map(enterprises.map((e) => [e.id, e])),
    enterpriseByInn: new Map(enterprises.map((e) => [e.inn, e])),
    enterpriseByName,
  };
}

/** The identity of an existing person, enough to find the rows that repeat them. */
export interface ExistingIdentity {
  id: string;
  person_key: string | null;
  snils: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  birth_date: string | null;
}

/**
 * The organisation's persons (not erased) whose key or SNILS the file has, and all those
 * without a birth date: they have no key, so their name is all there is to match them by
 * (compared in JavaScript: lower() of a C-collation database folds only ASCII letters).
 */
export async function loadExistingIdentities(
  tx: Tx,
  keys: string[],
  snilsDigits: string[],
): Promise<ExistingIdentity[]> {
  const { rows } = await sql<ExistingIdentity>`
    SELECT id, person_key, snils, last_name, first_name, middle_name, birth_date
      FROM persons
     WHERE erased_at IS NULL
       AND (birth_date IS NULL
         OR person_key = ANY (${keys}::text[])
         OR regexp_replace(snils, '\\D', '', 'g') = ANY (${snilsDigits}::text[]))`.execute(tx);
  return rows;
}
