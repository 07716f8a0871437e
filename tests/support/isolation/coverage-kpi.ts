import type { Fixtures } from '../fixtures.ts';
import { otherOrganisations, visibleOrganisations, type Actor } from './actors.ts';
import { q, type Coverage, type Probe } from './probe.ts';

/*
 * Isolation coverage of the KPI read API. Region B's territories answer 404 to everybody,
 * exactly like ids that do not exist; inside region A the rules are those of the read
 * policy on kpi_snapshots: a municipal officer never gets another municipality's figures
 * (403) or its organisations' (404), curators and heads only their organisation.
 */

const INDICATOR = 'mentees_10_19';

/** Territories of region B and organisations the actor may not see: 404 for everybody. */
function foreignTerritories(a: Actor, fx: Fixtures) {
  return [
    { label: 'region B', territoryType: 'region', territoryId: fx.regions.B.id },
    { label: "region B's municipality", territoryType: 'municipality', territoryId: fx.municipalities.B1.id },
    ...otherOrganisations(a, fx).map((o) => ({
      label: `organisation ${o.shortName}`,
      territoryType: 'organisation',
      territoryId: o.id,
    })),
  ];
}

/** Municipality A2 of the actor's own region: the region admin's to read, nobody else's. */
const neighbourStatus = (a: Actor) => (a.role === 'region_admin' ? 200 : 403);

function territoryProbes(a: Actor, fx: Fixtures, path: string, extra: Record<string, string>): Probe[] {
  return [
    ...foreignTerritories(a, fx).map(({ label, ...t }) => ({
      label,
      url: `${path}${q({ ...t, ...extra })}`,
      allow: [404],
    })),
    {
      label: 'municipality A2',
      url: `${path}${q({ territoryType: 'municipality', territoryId: fx.municipalities.A2.id, ...extra })}`,
      allow: [neighbourStatus(a)],
    },
    {
      label: 'own territory',
      url: `${path}${Object.keys(extra).length ? q(extra) : ''}`,
      allow: [200],
    },
  ];
}

export const KPI_COVERAGE: Record<string, Coverage> = {
  'GET /api/kpi': (a, fx) => territoryProbes(a, fx, '/api/kpi', {}),
  'GET /api/kpi/series': (a, fx) => territoryProbes(a, fx, '/api/kpi/series', { indicator: INDICATOR }),
  'GET /api/kpi/ranking': (a, fx) => [
    {
      label: 'region B',
      url: `/api/kpi/ranking${q({ territoryType: 'region', territoryId: fx.regions.B.id, indicator: INDICATOR })}`,
      // A municipal officer is refused any region breakdown before the id is looked at.
      allow: a.role === 'region_admin' ? [404] : [403],
    },
    {
      label: "region B's municipality",
      url: `/api/kpi/ranking${q({ territoryType: 'municipality', territoryId: fx.municipalities.B1.id, indicator: INDICATOR })}`,
      allow: [404],
    },
    {
      label: 'municipality A2',
      url: `/api/kpi/ranking${q({ territoryType: 'municipality', territoryId: fx.municipalities.A2.id, indicator: INDICATOR })}`,
      allow: [neighbourStatus(a)],
      mustContain: a.role === 'region_admin' ? [fx.organisations.A2school.id] : [],
    },
    {
      label: 'own territory',
      url: `/api/kpi/ranking${q({ indicator: INDICATOR })}`,
      allow: [200],
      mustContain:
        a.role === 'region_admin'
          ? [fx.municipalities.A1.id, fx.municipalities.A2.id]
          : visibleOrganisations(a, fx).map((o) => o.id),
    },
  ],
  'GET /api/kpi/completeness': (a, fx) => [
    {
      label: "region B's municipality",
      url: `/api/kpi/completeness${q({ municipalityId: fx.municipalities.B1.id })}`,
      allow: a.role === 'region_admin' ? [404] : [403],
    },
    {
      label: 'municipality A2',
      url: `/api/kpi/completeness${q({ municipalityId: fx.municipalities.A2.id })}`,
      allow: [neighbourStatus(a)],
    },
    {
      // No snapshots in the fixtures: every visible organisation is listed as lacking data.
      label: 'own territory',
      url: '/api/kpi/completeness',
      allow: [200],
      mustContain: visibleOrganisations(a, fx).map((o) => o.id),
    },
  ],
};
