import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { PersonCategory, Tx } from '@nastavnik/db';
import { normaliseFullName } from '@nastavnik/domain';
import type { Principal } from '../../plugins/auth.ts';
import { likePattern } from '../../lib/schemas.ts';
import { pageOf, paging, totalOf } from '../../lib/paging.ts';
import { ageOn, displayName, todayIn } from './persons.common.ts';

/*
 * The mentor base and the mentee base as pages. The default order walks the partial index
 * of migration 0005 (one per base, in the same sort key), so a page of a 50,000-person base
 * reads its own rows only; the total is counted from the same index.
 */

export type ConsentFilter = 'active' | 'withdrawn' | 'none';
export type PersonSort = 'name' | '-name' | 'birthDate' | '-birthDate' | 'created' | '-created';

export interface PersonListArgs {
  base: 'mentors' | 'mentees';
  q?: string;
  category?: PersonCategory;
  consent?: ConsentFilter;
  requestId?: string;
  enterpriseId?: string;
  erased?: boolean;
  sort?: PersonSort;
  page?: number;
  pageSize?: number;
}

/** The sort key of a name column: exactly the expression migration 0005 indexes. */
const nameKey = (column: 'last_name' | 'first_name' | 'middle_name') =>
  sql`translate(${sql.ref(`p.${column}`)}, 'Ёё', 'Ее')`;

const inForce = sql<SqlBool>`EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.withdrawn_at IS NULL)`;
const anyConsent = sql<SqlBool>`EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id)`;

/**
 * Search in the full name (case- and ё-insensitive), e-mail, phone and SNILS digits. A
 * search looks inside names, so it scans the organisation's persons: the name test first
 * matches «е» and «ё» alike with a one-character wildcard (cheap), and only the few rows that
 * pass are folded exactly.
 */
function searchCondition(q: string): Expression<SqlBool> | undefined {
  const text = normaliseFullName(q);
  if (!text) return undefined;
  const like = likePattern(text);
  const loose = like.replace(/е/g, '_');
  const name = sql`lower(concat_ws(' ', p.last_name, p.first_name, p.middle_name))`;
  const parts = [
    loose === like
      ? sql<SqlBool>`${name} LIKE ${like}`
      : sql<SqlBool>`(${name} LIKE ${loose} AND replace(${name}, 'ё', 'е') LIKE ${like})`,
    sql<SqlBool>`lower(p.email) LIKE ${like}`,
  ];
  const digits = q.replace(/\D/g, '');
  if (digits.length >= 3) {
    const digitLike = `%${digits}%`;
    parts.push(sql<SqlBool>`regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g') LIKE ${digitLike}`);
    parts.push(sql<SqlBool>`regexp_replace(coalesce(p.snils, ''), '\\D', '', 'g') LIKE ${digitLike}`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

function filtered(tx: Tx, p: Principal, args: PersonListArgs) {
  // Written as literals (not parameters) so the planner matches the partial indexes.
  const baseFlag = args.base === 'mentors' ? sql<SqlBool>`p.in_mentor_base` : sql<SqlBool>`p.in_mentee_base`;
  let q = tx
    .selectFrom('persons as p')
    .where('p.organisation_id', '=', p.organisationId!)
    .where(baseFlag)
    .where(args.erased ? sql<SqlBool>`p.erased_at IS NOT NULL` : sql<SqlBool>`p.erased_at IS NULL`);
  if (args.category) q = q.where('p.category', '=', args.category);
  if (args.requestId) q = q.where('p.request_id', '=', args.requestId);
  if (args.enterpriseId) q = q.where('p.enterprise_id', '=', args.enterpriseId);
  if (args.consent === 'active') q = q.where(inForce);
  if (args.consent === 'withdrawn') q = q.where(anyConsent).where(sql<SqlBool>`NOT ${inForce}`);
  if (args.consent === 'none') q = q.where(sql<SqlBool>`NOT ${anyConsent}`);
  const search = args.q ? searchCondition(args.q) : undefined;
  if (search) q = q.where(search);
  return q;
}

/**
 * The sort keys of an order, each an expression over `p`; every order has an index of
 * migration 0005 behind it, scanned forwards or backwards. The name keys are the indexed
 * expressions; after a birth date the plain name columns break ties (an unknown birth date
 * sorts as PostgreSQL sorts NULL: last going up, first going down); the id comes last.
 */
function sortKeys(sort: PersonSort) {
  const dir = sql.raw(sort.startsWith('-') ? 'DESC' : 'ASC');
  const keys: RawBuilder<unknown>[] = [];
  if (sort.endsWith('name')) keys.push(nameKey('last_name'), nameKey('first_name'), nameKey('middle_name'));
  else if (sort.endsWith('birthDate'))
    keys.push(sql`p.birth_date`, sql`p.last_name`, sql`p.first_name`, sql`p.middle_name`);
  else keys.push(sql`p.created_at`);
  keys.push(sql`p.id`);
  return { dir, keys };
}

/**
 * The page in two steps: the ids of the page first, in the sort order (from the index when
 * the order is the name), then the columns of those rows only, so a deep page does not join
 * and compute columns for every row it skips. A search cannot use an index (it looks inside
 * names), so it scans once and counts in the same pass (a window count).
 */
export function pageQuery(tx: Tx, p: Principal, args: PersonListArgs) {
  const pg = paging(args);
  const q = filtered(tx, p, args);
  const { dir, keys } = sortKeys(args.sort ?? 'name');
  const searching = !!args.q && !!searchCondition(args.q);
  const inner = sql.join(
    keys.map((k) => sql`${k} ${dir}`),
    sql`, `,
  );
  const outer = sql.join(
    keys.map((_k, i) => sql`${sql.ref(`pg.k${i}`)} ${dir}`),
    sql`, `,
  );
  const ids = q
    .select([
      'p.id as page_id',
      ...keys.map((k, i) => k.as(`k${i}`)),
      searching
        ? sql<number>`count(*) OVER ()`.as('window_total')
        : sql<null>`NULL::bigint`.as('window_total'),
    ])
    .orderBy(inner)
    .limit(pg.pageSize)
    .offset(pg.offset);
  return tx
    .selectFrom(ids.as('pg'))
    .innerJoin('persons as p', 'p.id', 'pg.page_id')
    .leftJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .leftJoin('mentee_requests as r', 'r.id', 'p.request_id')
    .select([
      'p.id',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
      'p.category',
      'p.birth_date',
      'p.class_name',
      'p.workplace',
      'p.position',
      'p.in_mentor_base',
      'p.in_mentee_base',
      'p.erased_at',
      'e.name as enterprise_name',
      'r.name as request_name',
      sql<
        'active' | 'withdrawn' | 'none'
      >`CASE WHEN ${inForce} THEN 'active' WHEN ${anyConsent} THEN 'withdrawn' ELSE 'none' END`.as(
        'consent_status',
      ),
      searching ? sql<number>`pg.window_total`.as('total') : totalOf(q),
    ])
    .orderBy(outer);
}

/** The total alone, for a page past the end (which has no row to carry it). */
async function countOf(tx: Tx, p: Principal, args: PersonListArgs): Promise<number> {
  const r = await filtered(tx, p, args)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listPersons(tx: Tx, p: Principal, args: PersonListArgs) {
  const today = await todayIn(tx);
  const pg = paging(args);
  const rows = await pageQuery(tx, p, args).execute();
  const page = pageOf(
    rows,
    (r) => ({
      id: r.id,
      fullName: displayName(r),
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      category: r.category,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, today),
      className: r.class_name,
      workplace: r.workplace ?? r.enterprise_name,
      position: r.position,
      requestName: r.request_name,
      consentStatus: r.consent_status,
      inMentorBase: r.in_mentor_base,
      inMenteeBase: r.in_mentee_base,
      erased: r.erased_at !== null,
    }),
    pg,
  );
  if (rows.length === 0 && pg.offset > 0) page.total = await countOf(tx, p, args);
  return page;
}
