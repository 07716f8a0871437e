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
        items: [
          { href: resolve('/region'), label: 'Показатели', icon: 'region', slug: 'region', exact: true },
          { href: resolve('/region/statistics'), label: 'Статистика', icon: 'table', slug: 'statistics' },
          { href: resolve('/region/targets'), label: 'Целевые показатели', icon: 'target', slug: 'targets' },
        ],
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
          {
            href: resolve('/region/catalogues'),
            label: 'Справочники участников',
            icon: 'file',
            slug: 'catalogues',
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
            label: 'Показатели',
            icon: 'municipality',
            slug: 'municipality',
            exact: true,
          },
          {
            href: resolve('/municipality/organisations'),
            label: 'Организации',
            icon: 'organisation',
            slug: 'municipality-organisations',
          },
        ],
      },
    ];
  }
  // Curator and head: the head sees the same pages read-only.
  return [
    {
      title: 'Организация',
      items: [
        {
          href: resolve('/organisation'),
          label: 'Обзор',
          icon: 'organisation',
          slug: 'organisation',
          exact: true,
        },
        { href: resolve('/organisation/mentors'), label: 'Наставники', icon: 'users', slug: 'mentors' },
        { href: resolve('/organisation/mentees'), label: 'Наставляемые', icon: 'user', slug: 'mentees' },
        {
          href: resolve('/organisation/import'),
          label: 'Импорт и экспорт',
          icon: 'upload',
          slug: 'person-import',
        },
        { href: resolve('/organisation/counts'), label: 'Численность', icon: 'table', slug: 'counts' },
        { href: resolve('/organisation/audit'), label: 'Журнал доступа', icon: 'lock', slug: 'audit' },
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
