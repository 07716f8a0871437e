import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, ListQuery, Page } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import {
  Enterprise,
  EnterpriseBody,
  Municipality,
  MunicipalityBody,
  Organisation,
  OrganisationBody,
  OrganisationQuery,
} from './directory.schemas.ts';
import * as directory from './directory.service.ts';

const ADMIN = { roles: ['region_admin' as const] };

/** The regional directory: municipalities, organisations (tenants) and partner enterprises. */
export default async function directoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['directory'];

  // Municipalities
  app.get(
    '/api/municipalities',
    {
      schema: {
        operationId: 'listMunicipalities',
        tags,
        querystring: ListQuery,
        response: { 200: Page(Municipality), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.listMunicipalities(tx, request.query)),
  );
  app.get(
    '/api/municipalities/:id',
    {
      schema: {
        operationId: 'getMunicipality',
        tags,
        params: IdParams,
        response: { 200: Municipality, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.getMunicipality(tx, request.params.id)),
  );
  app.post(
    '/api/municipalities',
    {
      config: ADMIN,
      schema: {
        operationId: 'createMunicipality',
        tags,
        body: MunicipalityBody,
        response: { 201: Municipality, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await request.scoped(async (tx) => {
        const m = await directory.saveMunicipality(tx, request.principal!, request.body);
        await audit(tx, request, {
          action: 'municipality.create',
          entity: 'municipality',
          entityId: m.id,
          organisationId: null,
        });
        return m;
      });
      return reply.status(201).send(saved);
    },
  );
  app.put(
    '/api/municipalities/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateMunicipality',
        tags,
        params: IdParams,
        body: MunicipalityBody,
        response: { 200: Municipality, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const m = await directory.saveMunicipality(tx, request.principal!, request.body, request.params.id);
        await audit(tx, request, {
          action: 'municipality.update',
          entity: 'municipality',
          entityId: m.id,
          organisationId: null,
        });
        return m;
      }),
  );

  // Organisations
  app.get(
    '/api/organisations',
    {
      schema: {
        operationId: 'listOrganisations',
        tags,
        querystring: OrganisationQuery,
        response: { 200: Page(Organisation), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.listOrganisations(tx, request.principal!, request.query)),
  );
  app.get(
    '/api/organisations/:id',
    {
      schema: {
        operationId: 'getOrganisation',
        tags,
        params: IdParams,
        response: { 200: Organisation, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.getOrganisation(tx, request.principal!, request.params.id)),
  );
  app.post(
    '/api/organisations',
    {
      config: ADMIN,
      schema: {
        operationId: 'createOrganisation',
        tags,
        body: OrganisationBody,
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await request.scoped(async (tx) => {
        const o = await directory.saveOrganisation(tx, request.principal!, request.body);
        await audit(tx, request, {
          action: 'organisation.create',
          entity: 'organisation',
          entityId: o.id,
          organisationId: null,
        });
        return o;
      });
      return reply.status(201).send(saved);
    },
  );
  app.put(
    '/api/organisations/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateOrganisation',
        tags,
        params: IdParams,
        body: OrganisationBody,
        response: { 200: Organisation, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const o = await directory.saveOrganisation(tx, request.principal!, request.body, request.params.id);
        await audit(tx, request, {
          action: 'organisation.update',
          entity: 'organisation',
          entityId: o.id,
          organisationId: null,
        });
        return o;
      }),
  );

  // Partner enterprises
  app.get(
    '/api/enterprises',
    {
      schema: {
        operationId: 'listEnterprises',
        tags,
        querystring: ListQuery,
        response: { 200: Page(Enterprise), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.listEnterprises(tx, request.query)),
  );
  app.get(
    '/api/enterprises/:id',
    {
      schema: {
        operationId: 'getEnterprise',
        tags,
        params: IdParams,
        response: { 200: Enterprise, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => directory.getEnterprise(tx, request.params.id)),
  );
  app.post(
    '/api/enterprises',
    {
      config: ADMIN,
      schema: {
        operationId: 'createEnterprise',
        tags,
        body: EnterpriseBody,
        response: { 201: Enterprise, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await request.scoped(async (tx) => {
        const e = await directory.saveEnterprise(tx, request.principal!, request.body);
        await audit(tx, request, {
          action: 'enterprise.create',
          entity: 'enterprise',
          entityId: e.id,
          organisationId: null,
        });
        return e;
      });
      return reply.status(201).send(saved);
    },
  );
  app.put(
    '/api/enterprises/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateEnterprise',
        tags,
        params: IdParams,
        body: EnterpriseBody,
        response: { 200: Enterprise, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const e = await directory.saveEnterprise(tx, request.principal!, request.body, request.params.id);
        await audit(tx, request, {
          action: 'enterprise.update',
          entity: 'enterprise',
          entityId: e.id,
          organisationId: null,
        });
        return e;
      }),
  );
}
