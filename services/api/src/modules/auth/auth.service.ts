import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { applyScope, type Tx } from '@nastavnik/db';
import { passwordError } from '@nastavnik/domain';
import { scopeOf, type Principal } from '../../plugins/auth.ts';
import { AppError, invalid, unauthorized } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashSecret, newSecret } from '@nastavnik/db';
import { queueMail } from '../mail/mail.service.ts';

export interface MeView {
  id: string;
  email: string;
  fullName: string;
  role: Principal['role'];
  regionId: string;
  regionName: string;
  municipalityId: string | null;
  municipalityName: string | null;
  organisationId: string | null;
  organisationName: string | null;
}

type UserRow = {
  id: string;
  region_id: string;
  municipality_id: string | null;
  organisation_id: string | null;
  role: Principal['role'];
  status: 'invited' | 'active' | 'disabled';
  password_hash: string | null;
  email: string;
  full_name: string;
};

const userColumns = [
  'id',
  'region_id',
  'municipality_id',
  'organisation_id',
  'role',
  'status',
  'password_hash',
  'email',
  'full_name',
] as const;

export function principalOf(u: UserRow): Principal {
  return {
    userId: u.id,
    regionId: u.region_id,
    municipalityId: u.municipality_id,
    organisationId: u.organisation_id,
    role: u.role,
  };
}

/** Switches the transaction to act as the user just identified by a secret. */
async function actAs(tx: Tx, u: UserRow): Promise<void> {
  await applyScope(tx, scopeOf(principalOf(u)));
}

export async function loadMe(tx: Tx, userId: string): Promise<MeView> {
  const row = await tx
    .selectFrom('users as u')
    .innerJoin('regions as r', 'r.id', 'u.region_id')
    .leftJoin('municipalities as m', 'm.id', 'u.municipality_id')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .where('u.id', '=', userId)
    .select([
      'u.id',
      'u.email',
      'u.full_name',
      'u.role',
      'u.region_id',
      'r.name as region_name',
      'u.municipality_id',
      'm.name as municipality_name',
      'u.organisation_id',
      'o.name as organisation_name',
    ])
    .executeTakeFirst();
  if (!row) throw unauthorized();
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    regionId: row.region_id,
    regionName: row.region_name,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
  };
}

export interface IssuedSession {
  principal: Principal;
  refreshToken: string;
  me: MeView;
}

async function issueRefreshToken(
  tx: Tx,
  userId: string,
  ttlDays: number,
  familyId: string = randomUUID(),
): Promise<string> {
  const token = newSecret();
  await tx
    .insertInto('refresh_tokens')
    .values({
      user_id: userId,
      family_id: familyId,
      token_hash: hashSecret(token),
      expires_at: new Date(Date.now() + ttlDays * 86_400_000),
    })
    .execute();
  return token;
}

/** The address as stored, or null when it cannot be anybody's (PostgreSQL text holds no NUL byte). */
function storedEmailOf(email: string): string | null {
  const normalised = email.trim().toLowerCase();
  return normalised.includes('\u0000') ? null : normalised;
}

const BAD_CREDENTIALS = () =>
  new AppError(401, 'invalid_credentials', 'Неверный адрес электронной почты или пароль');

export async function login(
  tx: Tx,
  email: string,
  password: string,
  ttlDays: number,
): Promise<IssuedSession> {
  const normalised = storedEmailOf(email);
  if (normalised === null) {
    await verifyPassword(null, password);
    throw BAD_CREDENTIALS();
  }
  await applyScope(tx, { authEmail: normalised });
  const user = await tx
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', normalised)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || user.status !== 'active') throw BAD_CREDENTIALS();
  await actAs(tx, user);
  const refreshToken = await issueRefreshToken(tx, user.id, ttlDays);
  return { principal: principalOf(user), refreshToken, me: await loadMe(tx, user.id) };
}

export type RefreshOutcome = { kind: 'ok'; session: IssuedSession } | { kind: 'rejected'; reason: string };

/**
 * Rotates a refresh token. A token that was already spent means it was copied: the whole
 * family is revoked (the thief and the owner both have to log in again). The outcome is
 * returned rather than thrown so that the revocation commits.
 */
export async function refresh(tx: Tx, token: string, ttlDays: number): Promise<RefreshOutcome> {
  const tokenHash = hashSecret(token);
  await applyScope(tx, { authTokenHash: tokenHash });
  const row = await tx
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return { kind: 'rejected', reason: 'unknown' };
  await applyScope(tx, { userId: row.user_id, authTokenHash: tokenHash });
  const spent = await tx
    .updateTable('refresh_tokens')
    .set({ used_at: sql`now()` })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!spent) {
    await revokeFamily(tx, row.family_id);
    return { kind: 'rejected', reason: 'reused' };
  }
  if (row.expires_at.getTime() < Date.now()) return { kind: 'rejected', reason: 'expired' };
  const user = await tx
    .selectFrom('users')
    .select(userColumns)
    .where('id', '=', row.user_id)
    .executeTakeFirst();
  if (!user || user.status !== 'active') {
    await revokeFamily(tx, row.family_id);
    return { kind: 'rejected', reason: 'inactive' };
  }
  await actAs(tx, user);
  const refreshToken = await issueRefreshToken(tx, user.id, ttlDays, row.family_id);
  return {
    kind: 'ok',
    session: { principal: principalOf(user), refreshToken, me: await loadMe(tx, user.id) },
  };
}

async function revokeFamily(tx: Tx, familyId: string): Promise<void> {
  await tx
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function logout(tx: Tx, token: string): Promise<void> {
  const tokenHash = hashSecret(token);
  await applyScope(tx, { authTokenHash: tokenHash });
  const row = await tx
    .selectFrom('refresh_tokens')
    .select(['family_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return;
  await applyScope(tx, { userId: row.user_id, authTokenHash: tokenHash });
  await revokeFamily(tx, row.family_id);
}

async function setPasswordAndRevokeSessions(tx: Tx, userId: string, password: string): Promise<void> {
  const problem = passwordError(password);
  if (problem) throw invalid('password', problem);
  await tx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      status: 'active',
      password_changed_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .execute();
  await tx
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function changePassword(
  tx: Tx,
  principal: Principal,
  current: string,
  next: string,
  ttlDays: number,
): Promise<string> {
  const user = await tx
    .selectFrom('users')
    .select(userColumns)
    .where('id', '=', principal.userId)
    .executeTakeFirst();
  if (!user || !(await verifyPassword(user.password_hash, current))) {
    throw invalid('currentPassword', 'Текущий пароль указан неверно');
  }
  if (current === next) throw invalid('newPassword', 'Новый пароль совпадает с текущим');
  const problem = passwordError(next);
  if (problem) throw invalid('newPassword', problem);
  await setPasswordAndRevokeSessions(tx, user.id, next);
  return issueRefreshToken(tx, user.id, ttlDays);
}

// ---- One-time links: invitations and password resets ----

export const LINK_TTL_HOURS = { invite: 72, password_reset: 2 } as const;

export async function createOneTimeLink(
  tx: Tx,
  userId: string,
  purpose: keyof typeof LINK_TTL_HOURS,
): Promise<string> {
  const token = newSecret();
  // An older unused link of the same purpose stops working when a new one is issued.
  await tx
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await tx
    .insertInto('one_time_tokens')
    .values({
      user_id: userId,
      purpose,
      token_hash: hashSecret(token),
      expires_at: new Date(Date.now() + LINK_TTL_HOURS[purpose] * 3_600_000),
    })
    .execute();
  return token;
}

const LINK_INVALID = () =>
  new AppError(404, 'link_invalid', 'Ссылка недействительна или устарела. Запросите новую.');

async function findLink(tx: Tx, token: string) {
  const tokenHash = hashSecret(token);
  await applyScope(tx, { authTokenHash: tokenHash });
  const link = await tx
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!link || link.used_at || link.expires_at.getTime() < Date.now()) throw LINK_INVALID();
  await applyScope(tx, { userId: link.user_id, authTokenHash: tokenHash });
  const user = await tx
    .selectFrom('users')
    .select(userColumns)
    .where('id', '=', link.user_id)
    .executeTakeFirst();
  if (!user || user.status === 'disabled') throw LINK_INVALID();
  return { link, user };
}

export async function describeLink(tx: Tx, token: string) {
  const { link, user } = await findLink(tx, token);
  return { purpose: link.purpose, email: user.email, fullName: user.full_name };
}

export async function useLink(
  tx: Tx,
  token: string,
  password: string,
  ttlDays: number,
): Promise<IssuedSession> {
  const { link, user } = await findLink(tx, token);
  await actAs(tx, user);
  await setPasswordAndRevokeSessions(tx, user.id, password);
  await tx
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('id', '=', link.id)
    .execute();
  const refreshToken = await issueRefreshToken(tx, user.id, ttlDays);
  return { principal: principalOf(user), refreshToken, me: await loadMe(tx, user.id) };
}

/** Sends a reset link when the address belongs to a user; says nothing either way. */
export async function requestPasswordReset(
  tx: Tx,
  email: string,
  publicUrl: string,
): Promise<{ regionId: string; mailId: string } | null> {
  const normalised = storedEmailOf(email);
  if (normalised === null) return null;
  await applyScope(tx, { authEmail: normalised });
  const user = await tx
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', normalised)
    .executeTakeFirst();
  if (!user || user.status === 'disabled') return null;
  await actAs(tx, user);
  const token = await createOneTimeLink(tx, user.id, 'password_reset');
  const mailId = await queueMail(tx, {
    regionId: user.region_id,
    to: user.email,
    subject: 'Восстановление пароля — Наставник',
    text:
      `Здравствуйте, ${user.full_name}!\n\nЧтобы задать новый пароль, перейдите по ссылке (действует ${LINK_TTL_HOURS.password_reset} ч):\n` +
      `${publicUrl}/link/${token}\n\nЕсли вы не запрашивали восстановление, просто проигнорируйте это письмо.`,
  });
  return { regionId: user.region_id, mailId };
}
