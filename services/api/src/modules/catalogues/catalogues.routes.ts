import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import {
  ConsentTextVersion,
  ConsentVersionBody,
  ConsentVersionPatch,
  DataCategoryItem,
  MenteeRequest,
  MenteeRequestBody,
  MenteeRequestPatch,
  RegionSettings,
  RegionSettingsPatch,
} from './catalogues.schemas.ts';
import * as requests from './mentee-requests.service.ts';
import * as consents from './consent-versions.service.ts';
import * as settings from './region-settings.service.ts';

const ADMIN = { roles: ['region_admin' as const] };

/**
 * Region-wide reference data every signed-in role reads (mentee requests, consent text
 * versions, data categories) and the region admin extends, plus the region's settings.
 * Catalogue writes are region-level: their audit entries carry no organisation.
 */
export default async function catalogueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalogues'];

  // ---- mentee requests ----
  app.get(
    '/api/catalogues/mentee-requests',
    {
      schema: {
        operationId: 'listMenteeRequests',
        tags,
        response: { 200: Type.Array(MenteeRequest), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => requests.listMenteeRequests(tx, request.principal!)),
  );
  app.post(
    '/api/catalogues/mentee-requests',
    {
      config: ADMIN,
      schema: {
        operationId: 'createMenteeRequest',
        tags,
        body: MenteeRequestBody,
        response: { 201: MenteeRequest, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await request.scoped(async (tx) => {
        const r = await requests.createMenteeRequest(tx, request.principal!, request.body);
        await audit(tx, request, {
          action: 'catalogue.mentee_request.create',
          entity: 'mentee_request',
          entityId: r.id,
          organisationId: null,
          details: { name: r.name },
        });
        return r;
      });
      return reply.status(201).send(saved);
    },
  );
  app.patch(
    '/api/catalogues/mentee-requests/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateMenteeRequest',
        tags,
        params: IdParams,
        body: MenteeRequestPatch,
        response: { 200: MenteeRequest, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const r = await requests.updateMenteeRequest(tx, request.principal!, request.params.id, request.body);
        await audit(tx, request, {
          action: 'catalogue.mentee_request.update',
          entity: 'mentee_request',
          entityId: r.id,
          organisationId: null,
          details: { ...request.body },
        });
        return r;
      }),
  );

  // ---- consent text versions ----
  app.get(
    '/api/catalogues/consent-versions',
    {
      schema: {
        operationId: 'listConsentVersions',
        tags,
        response: { 200: Type.Array(ConsentTextVersion), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => consents.listConsentVersions(tx, request.principal!)),
  );
  app.post(
    '/api/catalogues/consent-versions',
    {
      config: ADMIN,
      schema: {
        operationId: 'createConsentVersion',
        tags,
        body: ConsentVersionBody,
        response: { 201: ConsentTextVersion, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await request.scoped(async (tx) => {
        const v = await consents.createConsentVersion(tx, request.principal!, request.body);
        await audit(tx, request, {
          action: 'catalogue.consent_version.create',
          entity: 'consent_text_version',
          entityId: v.id,
          organisationId: null,
          details: { code: v.code, categories: request.body.categories },
        });
        return v;
      });
      return reply.status(201).send(saved);
    },
  );
  app.patch(
    '/api/catalogues/consent-versions/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateConsentVersion',
        tags,
        params: IdParams,
        body: ConsentVersionPatch,
        response: { 200: ConsentTextVersion, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const v = await consents.setConsentVersionArchived(
          tx,
          request.principal!,
          request.params.id,
          request.body.archived,
        );
        await audit(tx, request, {
          action: 'catalogue.consent_version.update',
          entity: 'consent_text_version',
          entityId: v.id,
          organisationId: null,
          details: { archived: v.archived },
        });
        return v;
      }),
  );

  app.get(
    '/api/catalogues/data-categories',
    {
      schema: {
        operationId: 'listDataCategories',
        tags,
        response: { 200: Type.Array(DataCategoryItem), ...errorResponses },
      },
    },
    async () => consents.dataCategoryList(),
  );

  // ---- region settings ----
  app.get(
    '/api/region/settings',
    {
      config: ADMIN,
      schema: {
        operationId: 'getRegionSettings',
        tags,
        response: { 200: RegionSettings, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => settings.getRegionSettings(tx, request.principal!)),
  );
  app.patch(
    '/api/region/settings',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateRegionSettings',
        tags,
        body: RegionSettingsPatch,
        response: { 200: RegionSettings, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const { after, changes } = await settings.updateRegionSettings(tx, request.principal!, request.body);
        if (Object.keys(changes).length > 0) {
          await audit(tx, request, {
            action: 'catalogue.region_settings.update',
            entity: 'region',
            entityId: request.principal!.regionId,
            organisationId: null,
            details: changes,
          });
        }
        return after;
      }),
  );
}
