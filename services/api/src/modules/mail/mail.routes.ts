import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { errorResponses, ListQuery, Page, Uuid, likePattern } from '../../lib/schemas.ts';

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
    (request) =>
      request.scoped(async (tx) => {
        const page = request.query.page ?? 1;
        const pageSize = request.query.pageSize ?? 25;
        let q = tx.selectFrom('mail_outbox');
        if (request.query.q) {
          const like = likePattern(request.query.q);
          q = q.where((eb) => eb.or([eb('to_address', 'ilike', like), eb('subject', 'ilike', like)]));
        }
        const rows = await q
          .selectAll()
          .select(sql<number>`count(*) over ()`.as('total'))
          .orderBy('created_at', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            to: r.to_address,
            subject: r.subject,
            text: r.body_text,
            status: r.status,
            error: r.error,
            createdAt: r.created_at.toISOString(),
            sentAt: r.sent_at ? r.sent_at.toISOString() : null,
          })),
          total: Number(rows[0]?.total ?? 0),
          page,
          pageSize,
        };
      }),
  );
}
