import { q, type Coverage } from './probe.ts';

/*
 * Isolation coverage of statistics, targets and an organisation's own counts. The region
 * admin names region B's territories in bodies and files and must get «not found»; the
 * curator names another organisation and is refused before anything is stored. No probe
 * writes (territory_statistics and kpi_targets are guarded tables of the suite).
 */

const cell = (territoryType: string, territoryId: string) => ({
  year: 2025,
  territoryType,
  territoryId,
  metric: 'children_10_19',
  value: 1,
});

export const STATISTICS_COVERAGE: Record<string, Coverage> = {
  // ---- statistics (region admin only) ----
  'GET /api/statistics': (_a, fx) => [
    {
      label: 'region and municipalities',
      url: `/api/statistics${q({ year: '2024' })}`,
      allow: [200],
      mustContain: [fx.regions.A.id, fx.municipalities.A2.id],
    },
    {
      label: "organisations' own counts",
      url: `/api/statistics${q({ year: '2024', territoryType: 'organisation' })}`,
      allow: [200],
      mustContain: [fx.organisations.A2school.id],
    },
  ],
  'PUT /api/statistics': (_a, fx) => [
    {
      label: "region B's municipality",
      url: '/api/statistics',
      body: cell('municipality', fx.municipalities.B1.id),
      allow: [404],
      echo: [fx.municipalities.B1.id],
    },
    {
      label: 'region B itself',
      url: '/api/statistics',
      body: cell('region', fx.regions.B.id),
      allow: [404],
      echo: [fx.regions.B.id],
    },
    {
      label: "an organisation's counts",
      url: '/api/statistics',
      body: cell('organisation', fx.organisations.B1school.id),
      allow: [400],
      field: 'territoryType',
      echo: [fx.organisations.B1school.id],
    },
  ],
  'POST /api/statistics/import': (_a, fx) => [
    {
      label: "region B's municipality by name",
      url: '/api/statistics/import?apply=true',
      csv: `Территория;Год;Дети 10–19\n${fx.municipalities.B1.name};2025;100\n`,
      allow: [400],
      mustContain: ['import_has_errors', 'Территория'],
      echo: [fx.municipalities.B1.name],
    },
    {
      label: 'region B by name',
      url: '/api/statistics/import?apply=true',
      csv: `Территория;Год;Предприятия\n${fx.regions.B.name};2025;100\n`,
      allow: [400],
      mustContain: ['import_has_errors'],
      echo: [fx.regions.B.name],
    },
  ],
  // The template lists the region's own territories (the cells are searched).
  'GET /api/statistics/template': (_a, fx) => [
    {
      label: 'template',
      url: `/api/statistics/template${q({ year: '2024' })}`,
      allow: [200],
      mustContain: [fx.regions.A.name, fx.municipalities.A2.name],
    },
  ],

  // ---- targets (region admin only) ----
  'GET /api/targets': () => [
    { label: 'targets', url: '/api/targets', allow: [200], mustContain: ['mentees_10_19'] },
  ],
  'PUT /api/targets': (_a, fx) => [
    {
      label: "region B's targets",
      url: '/api/targets',
      body: { indicator: 'mentees_10_19', year: 2025, target: 50, regionId: fx.regions.B.id },
      allow: [400],
      field: 'regionId',
      echo: [fx.regions.B.id],
    },
    {
      label: 'two decimals',
      url: '/api/targets',
      body: { indicator: 'mentees_10_19', year: 2025, target: 50.25 },
      allow: [400],
      field: 'target',
    },
  ],

  // ---- an organisation's own counts (curator writes, head reads) ----
  'GET /api/organisation/counts': (a) => [
    {
      label: 'own counts',
      url: `/api/organisation/counts${q({ year: '2025' })}`,
      allow: [200],
      mustContain: a.user?.organisationId ? [a.user.organisationId] : [],
    },
  ],
  'PUT /api/organisation/counts': (_a, fx) => [
    ...[fx.organisations.A2school, fx.organisations.B1school].map((o) => ({
      label: `counts of ${o.shortName}`,
      url: '/api/organisation/counts',
      body: { year: 2025, values: { children_10_19: 1 }, organisationId: o.id },
      allow: [400],
      field: 'organisationId',
      echo: [o.id],
    })),
    {
      label: 'enterprises',
      url: '/api/organisation/counts',
      body: { year: 2025, values: { enterprises: 1 } },
      allow: [400],
      field: 'values.enterprises',
    },
  ],
};
