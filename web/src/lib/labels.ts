/*
 * Russian labels. Roles and organisation kinds come from @nastavnik/domain, the single
 * source shared with the API; statuses that only the UI names live here.
 */
import { ORGANISATION_KINDS, USER_ROLES } from '@nastavnik/domain';
import type { MailStatus, OrganisationKind, Role, UserStatus } from './api/types.ts';

export { ORGANISATION_KINDS, USER_ROLES };

export const roleLabel = (role: Role): string => USER_ROLES[role];
export const kindLabel = (kind: OrganisationKind): string => ORGANISATION_KINDS[kind];

/** Short kind names for tables and badges: the abbreviation in brackets of the full label. */
export function kindShort(kind: OrganisationKind): string {
  return /\(([^)]+)\)\s*$/.exec(ORGANISATION_KINDS[kind])?.[1] ?? ORGANISATION_KINDS[kind];
}

export const ROLE_OPTIONS = (Object.keys(USER_ROLES) as Role[]).map((value) => ({
  value,
  label: USER_ROLES[value],
}));
export const KIND_OPTIONS = (Object.keys(ORGANISATION_KINDS) as OrganisationKind[]).map((value) => ({
  value,
  label: ORGANISATION_KINDS[value],
}));

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const USER_STATUS: Record<UserStatus, { label: string; tone: Tone }> = {
  active: { label: 'Активен', tone: 'success' },
  invited: { label: 'Приглашён', tone: 'warning' },
  disabled: { label: 'Отключён', tone: 'neutral' },
};
export const USER_STATUS_OPTIONS = (Object.keys(USER_STATUS) as UserStatus[]).map((value) => ({
  value,
  label: USER_STATUS[value].label,
}));

export const MAIL_STATUS: Record<MailStatus, { label: string; tone: Tone }> = {
  queued: { label: 'В очереди', tone: 'info' },
  sent: { label: 'Отправлено', tone: 'success' },
  failed: { label: 'Ошибка', tone: 'danger' },
  kept: { label: 'Сохранено', tone: 'warning' },
};

/** Everyday plural names of the kinds, for counters («13 — школы»). */
export const KIND_PLURAL: Record<OrganisationKind, string> = {
  school: 'Школы',
  kindergarten: 'Детские сады',
  college: 'Колледжи и техникумы',
  additional: 'Доп. образование',
};
