import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import type { Fixtures, TenantData } from '../fixtures.ts';
import type { Actor } from './actors.ts';
import { MADE_UP_TOKEN, type Coverage, type Probe } from './probe.ts';

/*
 * Isolation coverage of the region-wide catalogues, the region settings, and the
 * questionnaires (curator side and the public one-time-link form).
 */

const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';

/** Organisations' personal data the actor must not reach (everything but its own school's). */
const foreignTenants = (a: Actor, fx: Fixtures): [string, TenantData][] =>
  Object.entries(fx.tenantData).filter(([, td]) => td.organisationId !== a.user?.organisationId);

const perForeignPerson = (a: Actor, fx: Fixtures, probe: (key: string, personId: string) => Probe): Probe[] =>
  foreignTenants(a, fx).flatMap(([key, td]) => td.personIds.map((id) => probe(key, id)));

export const QUESTIONNAIRE_COVERAGE: Record<string, Coverage> = {
  // ---- catalogues (read by every signed-in role, written by the region admin) ----
  'GET /api/catalogues/mentee-requests': () => [
    {
      label: 'catalogue',
      url: '/api/catalogues/mentee-requests',
      allow: [200],
      mustContain: ['Профориентация'],
    },
  ],
  'POST /api/catalogues/mentee-requests': (_a, fx) => [
    {
      label: 'into region B',
      url: '/api/catalogues/mentee-requests',
      body: { name: 'Запрос-подкидыш', regionId: fx.regions.B.id },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],
  'PATCH /api/catalogues/mentee-requests/:id': () => [
    {
      label: 'missing row',
      url: `/api/catalogues/mentee-requests/${NO_SUCH_ID}`,
      body: { archived: true },
      allow: [404],
    },
  ],
  'GET /api/catalogues/consent-versions': () => [
    {
      label: 'catalogue',
      url: '/api/catalogues/consent-versions',
      allow: [200],
      mustContain: [NATIONAL_CONSENT_VERSIONS[0]!.id],
    },
  ],
  'POST /api/catalogues/consent-versions': (_a, fx) => [
    {
      label: 'into region B',
      url: '/api/catalogues/consent-versions',
      body: {
        code: 'probe-1',
        title: 'Пробное согласие',
        body: 'Текст',
        categories: ['identity'],
        validFrom: '2025-01-01',
        regionId: fx.regions.B.id,
      },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],
  'PATCH /api/catalogues/consent-versions/:id': () => [
    {
      label: 'archive a national version',
      url: `/api/catalogues/consent-versions/${NATIONAL_CONSENT_VERSIONS[0]!.id}`,
      body: { archived: true },
      allow: [403],
      mustContain: ['national_catalogue'],
    },
    {
      label: 'missing version',
      url: `/api/catalogues/consent-versions/${NO_SUCH_ID}`,
      body: { archived: true },
      allow: [404],
    },
  ],
  'GET /api/catalogues/data-categories': () => [
    { label: 'categories', url: '/api/catalogues/data-categories', allow: [200], mustContain: ['profile'] },
  ],
  'GET /api/region/settings': () => [
    { label: 'own region', url: '/api/region/settings', allow: [200], mustContain: ['retentionYears'] },
  ],
  'PATCH /api/region/settings': (_a, fx) => [
    {
      label: "region B's settings",
      url: '/api/region/settings',
      body: { retentionYears: 1, regionId: fx.regions.B.id },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],

  // ---- questionnaires (curator and head read, curator writes) ----
  'GET /api/questionnaires/definitions': () => [
    {
      label: 'definitions',
      url: '/api/questionnaires/definitions',
      allow: [200],
      mustContain: ['Анкета наставника'],
    },
  ],
  'GET /api/persons/:id/questionnaires/:kind': (a, fx) =>
    perForeignPerson(a, fx, (key, id) => ({
      label: `questionnaire of a person of ${key}`,
      url: `/api/persons/${id}/questionnaires/mentor`,
      allow: [404],
    })),
  'PUT /api/persons/:id/questionnaires/:kind': (a, fx) =>
    perForeignPerson(a, fx, (key, id) => ({
      label: `fill for a person of ${key}`,
      url: `/api/persons/${id}/questionnaires/mentee`,
      body: { answers: { request: 'Чужой запрос' } },
      allow: [404],
    })),
  'POST /api/persons/:id/questionnaire-links': (a, fx) =>
    perForeignPerson(a, fx, (key, id) => ({
      label: `link for a person of ${key}`,
      url: `/api/persons/${id}/questionnaire-links`,
      body: { kind: 'mentee', sendTo: 'probe-link@fixture.test' },
      allow: [404],
    })),

  // ---- the public form: the token is the only credential, whatever session is sent ----
  'GET /api/public/questionnaires/:token': (_a, fx) => [
    { label: 'made-up token', url: `/api/public/questionnaires/${MADE_UP_TOKEN}`, allow: [404] },
    {
      // Whoever holds A2-school's link sees that link's greeting (the school's name and a
      // first name): the probe sends the credential to exactly that, and nothing else may appear.
      label: "A2-school's link",
      url: `/api/public/questionnaires/${fx.tenantData.A2school.questionnaireToken}`,
      allow: [200],
      mustContain: [fx.organisations.A2school.name, 'Иван'],
      echo: [fx.organisations.A2school.name],
    },
  ],
  'POST /api/public/questionnaires/:token': (_a, fx) => [
    {
      label: 'made-up token',
      url: `/api/public/questionnaires/${MADE_UP_TOKEN}`,
      body: { answers: { request: 'Пробный ответ' } },
      allow: [404],
    },
    {
      // Invalid answers: the link is checked and the answers refused, nothing is spent.
      label: "A2-school's link, answers missing",
      url: `/api/public/questionnaires/${fx.tenantData.A2school.questionnaireToken}`,
      body: { answers: {} },
      allow: [400],
      field: 'request',
    },
  ],
};
