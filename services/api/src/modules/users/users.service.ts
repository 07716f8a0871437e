import { sql } from 'kysely';
import type { Tx, UserRole } from '@nastavnik/db';
import { emailError, USER_ROLES } from '@nastavnik/domain';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { likePattern } from '../../lib/schemas.ts';
import { pageOf, paging, totalOf } from '../../lib/paging.ts';
import type { Principal } from '../../plugins/auth.ts';
import { createOneTimeLink, LINK_TTL_HOURS } from '../auth/auth.service.ts';
import { queueMail } from '../mail/mail.service.ts';

const columns = [
  'u.id',
  'u.email',
  'u.full_name',
  'u.role',
  'u.status',
  'u.municipality_id',
  'm.name as municipality_name',
  'u.organisation_id',
  'o.name as organisation_name',
  'u.created_at',
] as const;

function base(tx: Tx) {
  return tx
    .selectFrom('users as u')
    .leftJoin('municipalities as m', 'm.id', 'u.municipality_id')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id');
}

type Row = {
  id: string;
  email: string;
  full_name: string;
  role: UserRole;
  status: 'invited' | 'active' | 'disabled';
  municipality_id: string | null;
  municipality_name: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  created_at: Date;
};
const view = (r: Row) => ({
  id: r.id,
  email: r.email,
  fullName: r.full_name,
  role: r.role,
  status: r.status,
  municipalityId: r.municipality_id,
  municipalityName: r.municipality_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  createdAt: r.created_at.toISOString(),
});

export async function listUsers(
  tx: Tx,
  args: { q?: string; page?: number; pageSize?: number; role?: UserRole; status?: Row['status'] },
) {
  const p = paging(args);
  let q = base(tx);
  if (args.q) {
    const like = likePattern(args.q);
    q = q.where((eb) =>
      eb.or([eb('u.full_name', 'ilike', like), eb('u.email', 'ilike', like), eb('o.name', 'ilike', like)]),
    );
  }
  if (args.role) q = q.where('u.role', '=', args.role);
  if (args.status) q = q.where('u.status', '=', args.status);
  const rows = await q
    .select([...columns, totalOf(q)])
    .orderBy('u.full_name')
    .limit(p.pageSize)
    .offset(p.offset)
    .execute();
  return pageOf(rows, view, p);
}

export async function getUser(tx: Tx, id: string) {
  const r = await base(tx).where('u.id', '=', id).select(columns).executeTakeFirst();
  if (!r) throw notFound('Пользователь не найден');
  return view(r);
}

interface ScopeInput {
  role: UserRole;
  municipalityId?: string | null;
  organisationId?: string | null;
}

/** Resolves the scope columns a role needs, checking that the ids exist in the region. */
async function resolveScope(tx: Tx, input: ScopeInput) {
  if (input.role === 'region_admin') return { municipality_id: null, organisation_id: null };
  if (input.role === 'municipal_officer') {
    if (!input.municipalityId) throw invalid('municipalityId', 'Укажите муниципалитет');
    const m = await tx
      .selectFrom('municipalities')
      .select('id')
      .where('id', '=', input.municipalityId)
      .executeTakeFirst();
    if (!m) throw invalid('municipalityId', 'Муниципалитет не найден');
    return { municipality_id: m.id, organisation_id: null };
  }
  if (!input.organisationId) throw invalid('organisationId', 'Укажите организацию');
  const o = await tx
    .selectFrom('organisations')
    .select(['id', 'municipality_id'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!o) throw invalid('organisationId', 'Организация не найдена');
  return { municipality_id: o.municipality_id, organisation_id: o.id };
}

export async function inviteUser(
  tx: Tx,
  p: Principal,
  input: ScopeInput & { email: string; fullName: string },
  publicUrl: string,
): Promise<{ user: ReturnType<typeof view>; mailId: string }> {
  const email = input.email.trim().toLowerCase();
  const problem = emailError(email);
  if (problem) throw invalid('email', problem);
  const scope = await resolveScope(tx, input);
  // E-mail is unique across regions; say so without revealing where it is used.
  const inserted = await tx
    .insertInto('users')
    .values({ region_id: p.regionId, email, full_name: input.fullName.trim(), role: input.role, ...scope })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted)
    throw new AppError(409, 'conflict', 'Пользователь с таким адресом уже есть', [
      { field: 'email', message: 'Адрес уже используется' },
    ]);
  const mailId = await sendInvitation(tx, inserted.id, publicUrl);
  return { user: await getUser(tx, inserted.id), mailId };
}

export async function sendInvitation(tx: Tx, userId: string, publicUrl: string): Promise<string> {
  const user = await getUser(tx, userId);
  if (user.status === 'disabled') throw new AppError(409, 'user_disabled', 'Пользователь отключён');
  const token = await createOneTimeLink(tx, userId, 'invite');
  const region = await tx.selectFrom('regions').select(['id', 'name']).executeTakeFirstOrThrow();
  const where = user.organisationName ?? user.municipalityName ?? region.name;
  return queueMail(tx, {
    regionId: region.id,
    to: user.email,
    subject: 'Приглашение в систему «Наставник»',
    text:
      `Здравствуйте, ${user.fullName}!\n\nВас пригласили в систему «Наставник» (${region.name}) ` +
      `с ролью «${USER_ROLES[user.role]}» (${where}).\n\nЧтобы задать пароль и войти, перейдите по ссылке ` +
      `(действует ${LINK_TTL_HOURS.invite} ч):\n${publicUrl}/link/${token}\n`,
  });
}

export async function updateUser(
  tx: Tx,
  p: Principal,
  id: string,
  input: ScopeInput & { fullName: string; status: Row['status'] },
) {
  const current = await getUser(tx, id);
  if (id === p.userId && (input.role !== current.role || input.status === 'disabled')) {
    // A region without an admin cannot be repaired from the UI.
    throw invalid('role', 'Нельзя изменить свою роль или отключить себя');
  }
  const scope = await resolveScope(tx, input);
  await tx
    .updateTable('users')
    .set({
      full_name: input.fullName.trim(),
      role: input.role,
      status: input.status,
      ...scope,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
  if (input.status === 'disabled' || input.role !== current.role) {
    // Open sessions end with the change; access tokens expire within their short lifetime.
    await tx
      .updateTable('refresh_tokens')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return getUser(tx, id);
}
