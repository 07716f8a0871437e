import { ADMIN_COVERAGE } from './coverage-admin.ts';
import { DIRECTORY_COVERAGE } from './coverage-directory.ts';
import { QUESTIONNAIRE_COVERAGE } from './coverage-questionnaires.ts';
import { PERSON_IMPORT_COVERAGE } from './coverage-person-imports.ts';
import { PERSONS_COVERAGE } from './coverage-persons.ts';
import { STATISTICS_COVERAGE } from './coverage-statistics.ts';
import { KPI_COVERAGE } from './coverage-kpi.ts';
import { MADE_UP_TOKEN, type Coverage } from './probe.ts';

/*
 * The isolation coverage table: for every route (method + url as Fastify registers it),
 * the requests an actor makes with ANOTHER tenant's ids in path, query and body, and what
 * may come back. The runner adds the role gate itself: anonymous callers of a non-public
 * route must get 401, callers outside `config.roles` 403. Every answer is searched for the
 * actor's foreign markers (actors.ts). A route missing here fails the suite; an entry for
 * a route that is not registered is skipped.
 */

const ACCOUNT_COVERAGE: Record<string, Coverage> = {
  // ---- public ----
  'GET /api/health': () => [{ label: 'health', url: '/api/health', allow: [200] }],
  'GET /api/docs': () => [{ label: 'OpenAPI document', url: '/api/docs', allow: [200] }],
  'POST /api/auth/login': (_a, fx) => [
    {
      label: "region B admin's e-mail, wrong password",
      url: '/api/auth/login',
      body: { email: fx.users.bRegionAdmin.email, password: 'Wrong-Password-1' },
      allow: [401],
      echo: [fx.users.bRegionAdmin.email],
    },
  ],
  'POST /api/auth/refresh': () => [
    { label: 'no cookie', url: '/api/auth/refresh', allow: [401] },
    {
      label: 'made-up cookie',
      url: '/api/auth/refresh',
      cookies: { nastavnik_refresh: MADE_UP_TOKEN },
      allow: [401],
    },
  ],
  'POST /api/auth/logout': () => [
    {
      label: 'made-up cookie',
      url: '/api/auth/logout',
      cookies: { nastavnik_refresh: MADE_UP_TOKEN },
      allow: [204],
    },
  ],
  'POST /api/auth/forgot': (_a, fx) => [
    // 202 whoever asks and for whatever address: nothing tells where (or whether) it exists.
    {
      label: "region B admin's e-mail",
      url: '/api/auth/forgot',
      body: { email: fx.users.bRegionAdmin.email },
      allow: [202],
    },
  ],
  'GET /api/auth/link/:token': () => [
    { label: 'made-up token', url: `/api/auth/link/${MADE_UP_TOKEN}`, allow: [404] },
  ],
  'POST /api/auth/link/:token': () => [
    {
      label: 'made-up token',
      url: `/api/auth/link/${MADE_UP_TOKEN}`,
      body: { password: 'Novyi-Parol-2026' },
      allow: [404],
    },
  ],

  // ---- own account ----
  'GET /api/auth/me': (a) => [
    { label: 'me', url: '/api/auth/me', allow: [200], mustContain: a.user ? [a.user.id] : [] },
  ],
  'POST /api/auth/password': () => [
    {
      label: 'wrong current password',
      url: '/api/auth/password',
      body: { currentPassword: 'Not-The-Password-1', newPassword: 'Novyi-Parol-2026' },
      allow: [400],
      field: 'currentPassword',
    },
  ],
};

/** The whole table (split by area: account here, directory and admin tools beside). */
export const COVERAGE: Record<string, Coverage> = {
  ...ACCOUNT_COVERAGE,
  ...DIRECTORY_COVERAGE,
  ...ADMIN_COVERAGE,
  ...QUESTIONNAIRE_COVERAGE,
  ...PERSON_IMPORT_COVERAGE,
  ...PERSONS_COVERAGE,
  ...STATISTICS_COVERAGE,
  ...KPI_COVERAGE,
};
