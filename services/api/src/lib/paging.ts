import { sql } from 'kysely';

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

/** The total beside each row, so one query returns a page and the count. */
export const totalOver = () => sql<number>`count(*) over ()`.as('total');

/** Shapes rows selected with totalOver() into the list reply. */
export function pageOf<R extends { total: unknown }, V>(
  rows: R[],
  view: (row: R) => V,
  p: { page: number; pageSize: number },
) {
  return { items: rows.map(view), total: Number(rows[0]?.total ?? 0), page: p.page, pageSize: p.pageSize };
}
