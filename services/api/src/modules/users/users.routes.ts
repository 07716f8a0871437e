import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { dispatchMail } from '../mail/mail.service.ts';
import { InviteBody, UpdateUserBody, UserQuery, UserView } from './users.schemas.ts';
import * as users from './users.service.ts';
import { Type } from '@sinclair/typebox';

const ADMIN = { roles: ['region_admin' as const] };

/** Users and roles of the region, managed by the region admin. */
export default async function usersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];
  const { publicUrl } = app.deps.config;

  app.get(
    '/api/users',
    {
      config: ADMIN,
      schema: {
        operationId: 'listUsers',
        tags,
        querystring: UserQuery,
        response: { 200: Page(UserView), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => users.listUsers(tx, request.query)),
  );
  app.get(
    '/api/users/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'getUser',
        tags,
        params: IdParams,
        response: { 200: UserView, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => users.getUser(tx, request.params.id)),
  );
  app.post(
    '/api/users',
    {
      config: ADMIN,
      schema: {
        operationId: 'inviteUser',
        tags,
        body: InviteBody,
        response: { 201: UserView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, mailId } = await request.scoped(async (tx) => {
        const r = await users.inviteUser(tx, request.principal!, request.body, publicUrl);
        await audit(tx, request, {
          action: 'user.invite',
          entity: 'user',
          entityId: r.user.id,
          organisationId: null,
          details: { role: r.user.role },
        });
        return r;
      });
      await dispatchMail(app, request.principal!.regionId, [mailId]);
      return reply.status(201).send(user);
    },
  );
  app.put(
    '/api/users/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateUser',
        tags,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const u = await users.updateUser(tx, request.principal!, request.params.id, request.body);
        await audit(tx, request, {
          action: 'user.update',
          entity: 'user',
          entityId: u.id,
          organisationId: null,
          details: { role: u.role, status: u.status },
        });
        return u;
      }),
  );
  app.post(
    '/api/users/:id/invitation',
    {
      config: ADMIN,
      schema: {
        operationId: 'resendInvitation',
        tags,
        params: IdParams,
        response: { 202: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const mailId = await request.scoped(async (tx) => {
        const id = await users.sendInvitation(tx, request.params.id, publicUrl);
        await audit(tx, request, {
          action: 'user.invite_resend',
          entity: 'user',
          entityId: request.params.id,
          organisationId: null,
        });
        return id;
      });
      await dispatchMail(app, request.principal!.regionId, [mailId]);
      return reply.status(202).send(null);
    },
  );
}
