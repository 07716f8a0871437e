import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../lib/schemas.ts';
import { AuditEntry, AuditQuery } from './audit.schemas.ts';
import { listAudit } from './audit.service.ts';

/**
 * The organisation's audit log, for its curator and head only: who read, searched, exported
 * or changed personal data, when and from where. Region and municipal staff get 403 (the
 * log names persons' ids and search texts). Reading the log is not itself logged: an entry
 * per page view would bury the entries that matter, and logging the log recurses.
 */
export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/audit',
    {
      config: { roles: ['curator', 'head'] },
      schema: {
        operationId: 'listAuditLog',
        summary: 'Журнал действий с персональными данными организации',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => listAudit(tx, request.principal!, request.query)),
  );
}
