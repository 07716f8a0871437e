import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { getOrganisationCounts, setOrganisationCounts } from './organisation-counts.service.ts';
import { OrganisationCounts, OrganisationCountsBody, OrganisationCountsQuery } from './statistics.schemas.ts';

/** An organisation's own pupil and staff counts: the curator enters them, the head reads them. */
export default async function organisationCountsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['statistics'];

  app.get(
    '/api/organisation/counts',
    {
      config: { roles: ['curator', 'head'] },
      schema: {
        operationId: 'getOrganisationCounts',
        summary: 'Численность обучающихся и молодых педагогов организации за год',
        tags,
        querystring: OrganisationCountsQuery,
        response: { 200: OrganisationCounts, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => getOrganisationCounts(tx, request.principal!, request.query.year)),
  );

  app.put(
    '/api/organisation/counts',
    {
      config: { roles: ['curator'] },
      schema: {
        operationId: 'setOrganisationCounts',
        summary: 'Внести численность организации за год (переданные показатели; null — удалить)',
        tags,
        body: OrganisationCountsBody,
        response: { 200: OrganisationCounts, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const p = request.principal!;
        const changes = await setOrganisationCounts(tx, p, request.body);
        if (changes.length > 0) {
          await audit(tx, request, {
            action: 'organisation_counts.update',
            entity: 'organisation',
            entityId: p.organisationId!,
            details: {
              year: request.body.year,
              changes: Object.fromEntries(changes.map((c) => [c.metric, { from: c.from, to: c.to }])),
            },
          });
        }
        return getOrganisationCounts(tx, p, request.body.year);
      }),
  );
}
