import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import type { Fixtures, FixtureUser, TenantData } from '../fixtures.ts';
import type { Actor } from './actors.ts';
import { q, type Coverage, type Probe } from './probe.ts';

/*
 * Isolation coverage of the mentor and mentee bases (persons, consents, documents) and of
 * the organisation's audit log. Only an organisation's curator and head pass the role gate;
 * they try the other organisations' persons (A2-school of the same region, B1-school of
 * region B) in paths, filters and bodies, and must get 404 or an empty list, never a
 * foreign person. No probe may write: every body is refused before anything is stored.
 */

/** The personal data of organisations other than the actor's. */
function foreignTenants(a: Actor, fx: Fixtures): [string, TenantData][] {
  return Object.entries(fx.tenantData).filter(([, td]) => td.organisationId !== a.user?.organisationId);
}

function ownTenant(a: Actor, fx: Fixtures): TenantData | undefined {
  return Object.values(fx.tenantData).find((td) => td.organisationId === a.user?.organisationId);
}

/** Staff of the actor's own organisation, whom its audit log names by design. */
function colleagues(a: Actor, fx: Fixtures): FixtureUser[] {
  return Object.values(fx.users).filter(
    (u) => a.user?.organisationId && u.organisationId === a.user.organisationId && u.id !== a.user.id,
  );
}

/** One probe per foreign person: the same request with the person's id in the path. */
function perForeignPerson(
  a: Actor,
  fx: Fixtures,
  probe: (td: TenantData, personId: string, index: number) => Omit<Probe, 'label'>,
): Probe[] {
  return foreignTenants(a, fx).flatMap(([key, td]) =>
    td.personIds.map((personId, i) => ({ label: `${key} person ${i}`, ...probe(td, personId, i) })),
  );
}

const personBody = (overrides: Record<string, unknown> = {}) => ({
  inMentorBase: true,
  inMenteeBase: false,
  lastName: 'Пробная',
  firstName: 'Персона',
  category: 'teacher',
  birthDate: '1990-01-01',
  consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: NATIONAL_CONSENT_VERSIONS[1]!.id },
  ...overrides,
});
const consentBody = { givenBy: 'self', givenAt: '2025-01-15', versionId: NATIONAL_CONSENT_VERSIONS[1]!.id };
const SCAN = '%PDF-1.4 probe';

export const PERSONS_COVERAGE: Record<string, Coverage> = {
  'GET /api/persons': (a, fx) => {
    const own = ownTenant(a, fx);
    return [
      ...foreignTenants(a, fx).flatMap(([key, td]) =>
        td.personStrings.slice(0, 2).map((text) => ({
          label: `${key}: search for ${text}`,
          url: `/api/persons${q({ base: 'mentors', q: text })}`,
          allow: [200],
          emptyList: true,
          echo: [text],
        })),
      ),
      {
        label: "filter by region B's enterprise",
        url: `/api/persons${q({ base: 'mentors', enterpriseId: fx.enterprises.B.id })}`,
        allow: [200],
        emptyList: true,
        echo: [fx.enterprises.B.id],
      },
      {
        label: 'whole mentor base',
        url: `/api/persons${q({ base: 'mentors', pageSize: '200' })}`,
        allow: [200],
        mustContain: own ? [own.personIds[0]!] : [],
      },
      {
        label: 'whole mentee base',
        url: `/api/persons${q({ base: 'mentees', pageSize: '200' })}`,
        allow: [200],
        mustContain: own ? [own.personIds[1]!] : [],
      },
    ];
  },
  'POST /api/persons': (_a, fx) => [
    {
      label: "with region B's enterprise",
      url: '/api/persons',
      body: personBody({ category: 'enterprise_employee', enterpriseId: fx.enterprises.B.id }),
      allow: [400],
      field: 'enterpriseId',
      echo: [fx.enterprises.B.id],
    },
    {
      label: "into B1-school's base",
      url: '/api/persons',
      body: personBody({ organisationId: fx.organisations.B1school.id }),
      allow: [400],
      field: 'organisationId',
      echo: [fx.organisations.B1school.id],
    },
  ],
  'GET /api/persons/:id': (a, fx) =>
    perForeignPerson(a, fx, (_td, id) => ({ url: `/api/persons/${id}`, allow: [404] })),
  'PATCH /api/persons/:id': (a, fx) => {
    const own = ownTenant(a, fx);
    return [
      ...perForeignPerson(a, fx, (_td, id) => ({
        url: `/api/persons/${id}`,
        body: { className: '9А' },
        allow: [404],
      })),
      ...(own
        ? [
            {
              label: "own person with region B's enterprise",
              url: `/api/persons/${own.personIds[0]}`,
              body: { enterpriseId: fx.enterprises.B.id },
              allow: [400],
              field: 'enterpriseId',
              echo: [fx.enterprises.B.id],
            },
          ]
        : []),
    ];
  },
  'POST /api/persons/:id/withdraw': (a, fx) =>
    perForeignPerson(a, fx, (_td, id) => ({
      url: `/api/persons/${id}/withdraw`,
      body: { date: '2025-04-01', reason: 'withdrawal' },
      allow: [404],
    })),
  'POST /api/persons/:id/consents': (a, fx) =>
    perForeignPerson(a, fx, (_td, id) => ({
      url: `/api/persons/${id}/consents`,
      body: consentBody,
      allow: [404],
    })),
  'POST /api/persons/:id/consents/:consentId/scan': (a, fx) => {
    const own = ownTenant(a, fx);
    return [
      ...perForeignPerson(a, fx, (td, id, i) => ({
        url: `/api/persons/${id}/consents/${td.consentIds[i]}/scan`,
        csv: SCAN,
        allow: [404],
      })),
      ...(own
        ? foreignTenants(a, fx).map(([key, td]) => ({
            label: `own person, ${key}'s consent`,
            url: `/api/persons/${own.personIds[0]}/consents/${td.consentIds[0]}/scan`,
            csv: SCAN,
            allow: [404],
          }))
        : []),
    ];
  },
  'GET /api/persons/:id/consents/:consentId/scan': (a, fx) => {
    const own = ownTenant(a, fx);
    return [
      ...perForeignPerson(a, fx, (td, id, i) => ({
        url: `/api/persons/${id}/consents/${td.consentIds[i]}/scan`,
        allow: [404],
      })),
      ...(own
        ? foreignTenants(a, fx).map(([key, td]) => ({
            label: `own person, ${key}'s consent`,
            url: `/api/persons/${own.personIds[0]}/consents/${td.consentIds[0]}/scan`,
            allow: [404],
          }))
        : []),
    ];
  },
  'GET /api/persons/:id/consent-form': (a, fx) => {
    const own = ownTenant(a, fx);
    return [
      ...perForeignPerson(a, fx, (_td, id) => ({
        url: `/api/persons/${id}/consent-form?format=pdf`,
        allow: [404],
      })),
      ...(own
        ? [
            {
              label: 'own person',
              url: `/api/persons/${own.personIds[1]}/consent-form?format=docx`,
              allow: [200],
            },
          ]
        : []),
    ];
  },
  'GET /api/consent-form': () => [{ label: 'blank form', url: '/api/consent-form?format=pdf', allow: [200] }],
  'GET /api/persons/:id/subject-access': (a, fx) =>
    perForeignPerson(a, fx, (_td, id) => ({ url: `/api/persons/${id}/subject-access`, allow: [404] })),
  'GET /api/persons/:id/erasure-act': (a, fx) =>
    perForeignPerson(a, fx, (_td, id) => ({ url: `/api/persons/${id}/erasure-act`, allow: [404] })),

  // ---- the organisation's audit log (curator and head) ----
  'GET /api/audit': (a, fx) => {
    const staff = colleagues(a, fx);
    const outsiders = Object.values(fx.users).filter(
      (u) => u.organisationId !== a.user?.organisationId && u.organisationId,
    );
    return [
      ...outsiders.map((u) => ({
        label: `entries of ${u.email}`,
        url: `/api/audit${q({ userId: u.id })}`,
        allow: [200],
        emptyList: true,
        echo: [u.id],
      })),
      {
        label: "the organisation's own entries",
        url: `/api/audit${q({ action: 'fixture', pageSize: '200' })}`,
        allow: [200],
        mustContain: a.user?.organisationId ? ['fixture.org'] : [],
        // The log names the colleagues who acted: that is what it is for.
        echo: staff.flatMap((u) => [u.id, u.fullName]),
      },
    ];
  },
};
