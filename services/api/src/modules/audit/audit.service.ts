import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import type { Principal } from '../../plugins/auth.ts';
import { pageOf, paging, totalOf } from '../../lib/paging.ts';

export interface AuditArgs {
  action?: string;
  userId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Midnight of a calendar date in the region's time zone, as an instant. */
const startOf = (date: string) =>
  sql<Date>`(${date}::date)::timestamp AT TIME ZONE coalesce((SELECT timezone FROM regions LIMIT 1), 'Europe/Moscow')`;

/**
 * The organisation's audit log, newest first. RLS already narrows audit_log to the caller's
 * organisation; the condition is repeated as defence in depth and to use the index.
 */
export async function listAudit(tx: Tx, p: Principal, args: AuditArgs) {
  const pg = paging(args);
  let q = tx.selectFrom('audit_log as a').where('a.organisation_id', '=', p.organisationId!);
  if (args.action) q = q.where('a.action', 'like', `${args.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (args.userId) q = q.where('a.user_id', '=', args.userId);
  if (args.from) q = q.where('a.created_at', '>=', startOf(args.from));
  if (args.to) q = q.where('a.created_at', '<', sql<Date>`${startOf(args.to)} + interval '1 day'`);
  const rows = await q
    .select([
      'a.id',
      'a.created_at',
      'a.user_id',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.details',
      'a.ip',
      totalOf(q),
    ])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(pg.pageSize)
    .offset(pg.offset)
    .execute();
  const names = await userNames(tx, [
    ...new Set(rows.map((r) => r.user_id).filter((id): id is string => !!id)),
  ]);
  return pageOf(
    rows,
    (r) => ({
      id: Number(r.id),
      at: new Date(r.created_at).toISOString(),
      userId: r.user_id,
      userName: (r.user_id && names.get(r.user_id)) ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      details: r.details ?? {},
      ip: r.ip,
    }),
    pg,
  );
}

/**
 * Names of the organisation's staff. RLS lets a curator or a head read only their own users
 * row (it holds the password hash), so the names come through organisation_user_names()
 * (migration 0005): a SECURITY DEFINER function that returns id and full name only, and
 * only for users of the caller's organisation. Nothing new is stored in the log, and a name
 * changed later shows as it is now.
 */
async function userNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; full_name: string }>`
    SELECT id, full_name FROM organisation_user_names(${sql.val(ids)}::uuid[])`.execute(tx);
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
