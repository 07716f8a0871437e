import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import {
  Completeness,
  CompletenessQuery,
  KpiQuery,
  KpiReport,
  Ranking,
  RankingQuery,
  Series,
  SeriesQuery,
} from './kpi.schemas.ts';
import * as kpi from './kpi.service.ts';

/*
 * The six regional indicators, read from the workers' snapshots (KPI.md). Who sees which
 * territory is decided in kpi.access.ts, the same way the read policy of kpi_snapshots does.
 * Nothing here is personal data, so reads are not written to the audit log.
 */
export default async function kpiRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['kpi'];

  app.get(
    '/api/kpi',
    {
      schema: {
        operationId: 'getKpiReport',
        summary: 'Every indicator of a territory, year by year (the caller’s own territory by default)',
        tags,
        querystring: KpiQuery,
        response: { 200: KpiReport, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => kpi.report(tx, request.principal!, request.query)),
  );

  app.get(
    '/api/kpi/ranking',
    {
      config: { roles: ['region_admin', 'municipal_officer'] },
      schema: {
        operationId: 'getKpiRanking',
        summary: 'The territory’s municipalities or organisations on one indicator and year, best first',
        tags,
        querystring: RankingQuery,
        response: { 200: Ranking, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => kpi.ranking(tx, request.principal!, request.query)),
  );

  app.get(
    '/api/kpi/series',
    {
      schema: {
        operationId: 'getKpiSeries',
        summary: 'One indicator of a territory from 2020 to the current year, actual against target',
        tags,
        querystring: SeriesQuery,
        response: { 200: Series, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => kpi.series(tx, request.principal!, request.query)),
  );

  app.get(
    '/api/kpi/completeness',
    {
      config: { roles: ['region_admin', 'municipal_officer'] },
      schema: {
        operationId: 'getKpiCompleteness',
        summary: 'Organisations with no participation in the year (data completeness)',
        tags,
        querystring: CompletenessQuery,
        response: { 200: Completeness, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => kpi.completeness(tx, request.principal!, request.query)),
  );
}
