import type { Fixtures, TenantData } from '../fixtures.ts';
import type { Actor } from './actors.ts';
import { q, type Coverage } from './probe.ts';

/*
 * Isolation coverage of the person imports and the base export (curator and head of an
 * organisation; everybody else is refused by the role gate). Another organisation's import
 * looks exactly like one that does not exist; lists and files hold the actor's own people.
 */

const own = (a: Actor, fx: Fixtures): TenantData | undefined =>
  Object.values(fx.tenantData).find((td) => td.organisationId === a.user?.organisationId);
const others = (a: Actor, fx: Fixtures): [string, TenantData][] =>
  Object.entries(fx.tenantData).filter(([, td]) => td.organisationId !== a.user?.organisationId);

/** A mentee whose partner enterprise is region B's (by INN): only a dry run, nothing is written. */
const probeCsv = (fx: Fixtures) =>
  'Фамилия;Имя;Дата рождения;Категория;ИНН предприятия;Дата согласия;Согласие дал\n' +
  `Пробный;Импорт;01.02.1980;сотрудник предприятия;${fx.enterprises.B.inn};01.09.2024;сам\n`;

export const PERSON_IMPORT_COVERAGE: Record<string, Coverage> = {
  'POST /api/person-imports': (_a, fx) => [
    {
      label: "upload naming region B's enterprise (checked by a job, never written)",
      url: `/api/person-imports${q({ base: 'mentors' })}`,
      csv: probeCsv(fx),
      allow: [202],
    },
  ],
  'POST /api/person-imports/:id/apply': (a, fx) =>
    others(a, fx).map(([key, td]) => ({
      label: `apply ${key}'s import`,
      url: `/api/person-imports/${td.personImportId}/apply`,
      body: { onDuplicate: 'merge' },
      allow: [404],
    })),
  'GET /api/person-imports/:id': (a, fx) =>
    others(a, fx).map(([key, td]) => ({
      label: `${key}'s import`,
      url: `/api/person-imports/${td.personImportId}`,
      allow: [404],
    })),
  'GET /api/person-imports': (a, fx) => [
    {
      label: 'history of the mentee base',
      url: `/api/person-imports${q({ base: 'mentees', pageSize: '200' })}`,
      allow: [200],
      mustContain: own(a, fx) ? [own(a, fx)!.personImportId] : [],
    },
    ...others(a, fx).map(([key, td]) => ({
      label: `search for ${key}'s file name`,
      url: `/api/person-imports${q({ q: td.programmeTitle.split(' ').pop()! })}`,
      allow: [200],
      emptyList: true,
    })),
  ],
  // The template lists the region's own enterprises (its cells are searched for region B's).
  'GET /api/person-imports/template': (_a, fx) => [
    {
      label: 'mentor base template',
      url: `/api/person-imports/template${q({ base: 'mentors' })}`,
      allow: [200],
      mustContain: [fx.enterprises.A.inn],
    },
    {
      label: 'mentee base template',
      url: `/api/person-imports/template${q({ base: 'mentees' })}`,
      allow: [200],
    },
  ],
  'GET /api/persons/export': (a, fx) => [
    {
      label: 'mentee base export',
      url: `/api/persons/export${q({ base: 'mentees' })}`,
      allow: [200],
      // The fixture pupil (second person) is in the mentee base of the actor's organisation.
      mustContain: own(a, fx) ? [own(a, fx)!.personStrings[3]!] : [],
    },
    {
      label: 'mentor base export',
      url: `/api/persons/export${q({ base: 'mentors' })}`,
      allow: [200],
      mustContain: own(a, fx) ? [own(a, fx)!.personStrings[0]!] : [],
    },
  ],
};
