/* Where each role works, and the sidebar it sees. */
import { resolve } from '$app/paths';
import type { IconName } from './ui/Icon.svelte';
import type { Me, Role } from './api/types.ts';

export function homeOf(role: Role): string {
  switch (role) {
    case 'region_admin':
      return resolve('/region');
    case 'municipal_officer':
      return resolve('/municipality');
    case 'curator':
    case 'head':
      return resolve('/organisation');
  }
}

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** data-testid="nav-<slug>" */
  slug: string;
  /** Highlight for nested paths too (not for the section root). */
  exact?: boolean;
}
export interface NavGroup {
  title: string;
  items: NavItem[];
}

export function navigationFor(role: Role): NavGroup[] {
  if (role === 'region_admin') {
    return [
      {
        title: 'Регион',
        items: [{ href: resolve('/region'), label: 'Обзор', icon: 'region', slug: 'region', exact: true }],
      },
      {
        title: 'Справочники',
        items: [
          {
            href: resolve('/region/municipalities'),
            label: 'Муниципалитеты',
            icon: 'municipality',
            slug: 'municipalities',
          },
          {
            href: resolve('/region/organisations'),
            label: 'Организации',
            icon: 'organisation',
            slug: 'organisations',
          },
          {
            href: resolve('/region/enterprises'),
            label: 'Предприятия',
            icon: 'enterprise',
            slug: 'enterprises',
          },
        ],
      },
      {
        title: 'Администрирование',
        items: [
          { href: resolve('/region/users'), label: 'Пользователи', icon: 'users', slug: 'users' },
          { href: resolve('/region/import'), label: 'Импорт из файла', icon: 'upload', slug: 'import' },
          { href: resolve('/region/mail'), label: 'Исходящая почта', icon: 'mail', slug: 'mail' },
        ],
      },
    ];
  }
  if (role === 'municipal_officer') {
    return [
      {
        title: 'Мониторинг',
        items: [
          {
            href: resolve('/municipality'),
            label: 'Организации',
            icon: 'municipality',
            slug: 'municipality',
          },
        ],
      },
    ];
  }
  return [
    {
      title: 'Рабочее место',
      items: [
        {
          href: resolve('/organisation'),
          label: 'Карточка организации',
          icon: 'organisation',
          slug: 'organisation',
        },
      ],
    },
  ];
}

/** The level and name of the territory or organisation the user works in. */
export function scopeOf(me: Me): { level: string; name: string } {
  if (me.role === 'region_admin') return { level: 'Регион', name: me.regionName };
  if (me.role === 'municipal_officer')
    return { level: 'Муниципалитет', name: me.municipalityName ?? me.regionName };
  return { level: 'Организация', name: me.organisationName ?? me.municipalityName ?? me.regionName };
}
