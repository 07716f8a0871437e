import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, ListQuery, Page, Uuid } from '../../lib/schemas.ts';
import { listMail } from './mail.service.ts';

const MailView = Type.Object({
  id: Uuid,
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('sent'),
    Type.Literal('failed'),
    Type.Literal('kept'),
  ]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** The outbox: without SMTP settings, letters wait here for the region admin to read. */
export default async function mailRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/mail',
    {
      config: { roles: ['region_admin'] },
      schema: {
        operationId: 'listMail',
        tags: ['mail'],
        querystring: ListQuery,
        response: { 200: Page(MailView), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => listMail(tx, request.query)),
  );
}
