import { completeInn } from '@nastavnik/domain';
import { otherUsers } from './actors.ts';
import { q, type Coverage } from './probe.ts';

/* Isolation coverage of the region admin's tools: users, the mail outbox, imports. */

const NEW_INN = completeInn('390000078');

export const ADMIN_COVERAGE: Record<string, Coverage> = {
  // ---- users (region admin only) ----
  'GET /api/users': (a, fx) => [
    ...otherUsers(a, fx).map((u) => ({
      label: `search for ${u.email}`,
      url: `/api/users${q({ q: u.email })}`,
      allow: [200],
      emptyList: true,
      echo: [u.email],
    })),
    {
      label: 'whole list',
      url: '/api/users?pageSize=200',
      allow: [200],
      mustContain: [fx.users.aCurator.id],
    },
  ],
  'GET /api/users/:id': (a, fx) =>
    otherUsers(a, fx).map((u) => ({ label: u.email, url: `/api/users/${u.id}`, allow: [404] })),
  'POST /api/users': (_a, fx) => [
    {
      label: "curator of region B's school",
      url: '/api/users',
      body: {
        email: 'probe-1@fixture.test',
        fullName: 'Пробный Куратор',
        role: 'curator',
        organisationId: fx.organisations.B1school.id,
      },
      allow: [400],
      field: 'organisationId',
      echo: [fx.organisations.B1school.id],
    },
    {
      label: "officer of region B's municipality",
      url: '/api/users',
      body: {
        email: 'probe-2@fixture.test',
        fullName: 'Пробный Координатор',
        role: 'municipal_officer',
        municipalityId: fx.municipalities.B1.id,
      },
      allow: [400],
      field: 'municipalityId',
      echo: [fx.municipalities.B1.id],
    },
    {
      label: 'admin of region B',
      url: '/api/users',
      body: {
        email: 'probe-3@fixture.test',
        fullName: 'Пробный Админ',
        role: 'region_admin',
        regionId: fx.regions.B.id,
      },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],
  'PUT /api/users/:id': (a, fx) => [
    ...otherUsers(a, fx).map((u) => ({
      label: `take over ${u.email}`,
      url: `/api/users/${u.id}`,
      body: {
        fullName: 'Захвачен',
        role: 'curator',
        organisationId: fx.organisations.A1school.id,
        status: 'disabled',
      },
      allow: [404],
    })),
    {
      label: "move A1-school's head to region B's school",
      url: `/api/users/${fx.users.aHead.id}`,
      body: {
        fullName: fx.users.aHead.fullName,
        role: 'head',
        organisationId: fx.organisations.B1school.id,
        status: 'active',
      },
      allow: [400],
      field: 'organisationId',
      echo: [fx.organisations.B1school.id],
    },
  ],
  'POST /api/users/:id/invitation': (a, fx) =>
    otherUsers(a, fx).map((u) => ({ label: u.email, url: `/api/users/${u.id}/invitation`, allow: [404] })),

  // ---- mail outbox (region admin only) ----
  'GET /api/mail': (_a, fx) => [
    {
      label: "search for region B admin's letters",
      url: `/api/mail${q({ q: fx.users.bRegionAdmin.email })}`,
      allow: [200],
      emptyList: true,
      echo: [fx.users.bRegionAdmin.email],
    },
    { label: 'whole outbox', url: '/api/mail?pageSize=200', allow: [200], mustContain: [fx.mailSubjects.A] },
  ],

  // ---- imports (region admin only; multipart) ----
  'POST /api/imports/:kind': (_a, fx) => [
    {
      label: "curator for region B's school (by INN)",
      url: '/api/imports/curators?apply=true',
      csv: `ФИО;E-mail;Роль;ИНН организации\nПробный Импортов;probe-import@fixture.test;куратор;${fx.organisations.B1school.inn}\n`,
      allow: [400],
      mustContain: ['import_has_errors', 'ИНН организации'],
      echo: [fx.organisations.B1school.inn],
    },
    {
      label: "organisation in region B's municipality (by name)",
      url: '/api/imports/organisations?apply=true',
      csv: `Муниципалитет;Полное наименование;Тип;ИНН\n${fx.municipalities.B1.name};МБОУ Школа-подкидыш;школа;${NEW_INN}\n`,
      allow: [400],
      mustContain: ['import_has_errors', 'Муниципалитет'],
      echo: [fx.municipalities.B1.name],
    },
  ],
  // The templates list the region's own municipalities and organisations (the cells are searched).
  'GET /api/imports/:kind/template': (_a, fx) => [
    {
      label: 'organisations template',
      url: '/api/imports/organisations/template',
      allow: [200],
      mustContain: [fx.municipalities.A2.name],
    },
    {
      label: 'curators template',
      url: '/api/imports/curators/template',
      allow: [200],
      mustContain: [fx.organisations.A2school.inn],
    },
  ],
};
