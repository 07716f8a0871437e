import { completeInn } from '@nastavnik/domain';
import {
  municipalitiesWithoutVisibleOrganisations,
  otherMunicipalities,
  otherOrganisations,
  visibleOrganisations,
} from './actors.ts';
import { q, type Coverage } from './probe.ts';

/* Isolation coverage of the directory: municipalities, organisations, enterprises. */

const NEW_INN = completeInn('390000077');

const organisationBody = (municipalityId: string, inn = NEW_INN) => ({
  name: 'МБОУ Школа-подкидыш',
  shortName: 'Подкидыш',
  kind: 'school',
  inn,
  address: null,
  municipalityId,
});

export const DIRECTORY_COVERAGE: Record<string, Coverage> = {
  // ---- directory: municipalities (region-wide) ----
  'GET /api/municipalities': (a, fx) => [
    ...otherMunicipalities(a, fx).map((m) => ({
      label: `search for ${m.name}`,
      url: `/api/municipalities${q({ q: m.name })}`,
      allow: [200],
      emptyList: true,
      echo: [m.name],
    })),
    {
      label: 'whole list',
      url: '/api/municipalities?pageSize=200',
      allow: [200],
      mustContain: [fx.municipalities.A1.id],
    },
  ],
  'GET /api/municipalities/:id': (a, fx) =>
    otherMunicipalities(a, fx).map((m) => ({
      label: m.name,
      url: `/api/municipalities/${m.id}`,
      allow: [404],
    })),
  'POST /api/municipalities': (_a, fx) => [
    {
      label: 'into region B',
      url: '/api/municipalities',
      body: { name: 'Округ-подкидыш', regionId: fx.regions.B.id },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],
  'PUT /api/municipalities/:id': (a, fx) =>
    otherMunicipalities(a, fx).map((m) => ({
      label: `rename ${m.name}`,
      url: `/api/municipalities/${m.id}`,
      body: { name: 'Захваченный округ' },
      allow: [404],
    })),

  // ---- directory: organisations (narrowed by role) ----
  'GET /api/organisations': (a, fx) => [
    ...otherOrganisations(a, fx).map((o) => ({
      label: `search for INN of ${o.shortName}`,
      url: `/api/organisations${q({ q: o.inn })}`,
      allow: [200],
      emptyList: true,
      echo: [o.inn],
    })),
    ...municipalitiesWithoutVisibleOrganisations(a, fx).map((m) => ({
      label: `filter by ${m.name}`,
      url: `/api/organisations${q({ municipalityId: m.id })}`,
      allow: [200],
      emptyList: true,
      echo: [m.id],
    })),
    {
      label: 'whole list',
      url: '/api/organisations?pageSize=200',
      allow: [200],
      mustContain: visibleOrganisations(a, fx).map((o) => o.id),
    },
  ],
  'GET /api/organisations/:id': (a, fx) =>
    otherOrganisations(a, fx).map((o) => ({
      label: o.shortName,
      url: `/api/organisations/${o.id}`,
      allow: [404],
    })),
  'POST /api/organisations': (_a, fx) => [
    {
      label: "in region B's municipality",
      url: '/api/organisations',
      body: organisationBody(fx.municipalities.B1.id),
      allow: [400],
      field: 'municipalityId',
      echo: [fx.municipalities.B1.id],
    },
    {
      label: 'with region B as region',
      url: '/api/organisations',
      body: { ...organisationBody(fx.municipalities.A1.id), regionId: fx.regions.B.id },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
  ],
  'PUT /api/organisations/:id': (a, fx) => [
    ...otherOrganisations(a, fx).map((o) => ({
      label: `take over ${o.shortName}`,
      url: `/api/organisations/${o.id}`,
      body: organisationBody(fx.municipalities.A1.id, o.inn),
      allow: [404],
      echo: [o.inn],
    })),
    {
      label: "move A1-school to region B's municipality",
      url: `/api/organisations/${fx.organisations.A1school.id}`,
      body: organisationBody(fx.municipalities.B1.id, fx.organisations.A1school.inn),
      allow: [400],
      field: 'municipalityId',
      echo: [fx.municipalities.B1.id],
    },
  ],

  // ---- directory: enterprises (region-wide) ----
  'GET /api/enterprises': (_a, fx) => [
    {
      label: "search for region B's enterprise",
      url: `/api/enterprises${q({ q: fx.enterprises.B.inn })}`,
      allow: [200],
      emptyList: true,
      echo: [fx.enterprises.B.inn],
    },
    {
      label: 'whole list',
      url: '/api/enterprises?pageSize=200',
      allow: [200],
      mustContain: [fx.enterprises.A.id],
    },
  ],
  'GET /api/enterprises/:id': (_a, fx) => [
    { label: "region B's enterprise", url: `/api/enterprises/${fx.enterprises.B.id}`, allow: [404] },
  ],
  'POST /api/enterprises': (_a, fx) => [
    {
      label: "in region B's municipality",
      url: '/api/enterprises',
      body: { name: 'ООО Подкидыш', inn: NEW_INN, municipalityId: fx.municipalities.B1.id },
      allow: [400],
      field: 'municipalityId',
      echo: [fx.municipalities.B1.id],
    },
  ],
  'PUT /api/enterprises/:id': (_a, fx) => [
    {
      label: "take over region B's enterprise",
      url: `/api/enterprises/${fx.enterprises.B.id}`,
      body: { name: 'ООО Захвачено', inn: fx.enterprises.B.inn, municipalityId: fx.municipalities.A1.id },
      allow: [404],
      echo: [fx.enterprises.B.inn],
    },
    {
      label: "move A's enterprise to region B's municipality",
      url: `/api/enterprises/${fx.enterprises.A.id}`,
      body: {
        name: fx.enterprises.A.name,
        inn: fx.enterprises.A.inn,
        municipalityId: fx.municipalities.B1.id,
      },
      allow: [400],
      field: 'municipalityId',
      echo: [fx.municipalities.B1.id],
    },
  ],
};
