import { sql, type AliasedRawBuilder, type Compilable } from 'kysely';

/** Paging of every list endpoint: page numbers from 1, 25 rows by default. */
export interface ListArgs {
  q?: string;
  page?: number;
  pageSize?: number;
}

export function paging(args: ListArgs) {
  const page = args.page ?? 1;
  const pageSize = args.pageSize ?? 25;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * The total beside each row, as a scalar subquery over the same filtered query: one round
 * trip for a page and its count, while the page itself can stop after `limit` rows of an
 * index (a `count(*) over ()` window would sort every matching row for every page).
 */
export function totalOf(filtered: { select: (s: AliasedRawBuilder<number, 'n'>) => Compilable }) {
  return sql<number>`(${filtered.select(sql<number>`count(*)`.as('n'))})`.as('total');
}

/** Shapes rows selected with totalOf() into the list reply. */
export function pageOf<R extends { total: unknown }, V>(
  rows: R[],
  view: (row: R) => V,
  p: { page: number; pageSize: number },
) {
  return { items: rows.map(view), total: Number(rows[0]?.total ?? 0), page: p.page, pageSize: p.pageSize };
}
