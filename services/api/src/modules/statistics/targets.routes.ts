import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { TargetBody, TargetSaved, TargetsTable } from './statistics.schemas.ts';
import { listTargets, setTarget } from './targets.service.ts';

const ADMIN = { roles: ['region_admin' as const] };

/** The region's targets per indicator and year (the satisfaction threshold and time zone are region settings). */
export default async function targetsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['statistics'];

  app.get(
    '/api/targets',
    {
      config: ADMIN,
      schema: {
        operationId: 'listTargets',
        summary: 'Целевые значения показателей по годам',
        tags,
        response: { 200: TargetsTable, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => listTargets(tx, request.principal!)),
  );

  app.put(
    '/api/targets',
    {
      config: ADMIN,
      schema: {
        operationId: 'setTarget',
        summary: 'Целевое значение показателя за год, % с одним знаком (null — удалить)',
        tags,
        body: TargetBody,
        response: { 200: TargetSaved, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const { from, saved } = await setTarget(tx, request.principal!, request.body);
        if (from !== saved.target) {
          await audit(tx, request, {
            action: 'targets.update',
            entity: 'kpi_target',
            organisationId: null,
            details: { indicator: saved.indicator, year: saved.year, from, to: saved.target },
          });
        }
        return saved;
      }),
  );
}
