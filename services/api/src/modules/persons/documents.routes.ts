import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { attachmentHeader } from '../imports/template.ts';
import { READ, tags } from './persons.access.ts';
import { ConsentFormQuery, fileReply, PersonParams } from './persons.schemas.ts';
import {
  consentForm,
  DOCX_MIME,
  erasureAct,
  PDF_MIME,
  subjectAccess,
  type DocumentFile,
} from './persons.documents.ts';

/* Documents about persons: the consent form (pre-filled or blank), subject access, erasure act. */

function sendFile(reply: FastifyReply, file: DocumentFile) {
  return reply
    .type(file.mime)
    .header('content-disposition', attachmentHeader(file))
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

export default async function documentsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/persons/:id/consent-form',
    {
      config: READ,
      schema: {
        operationId: 'getPersonConsentForm',
        summary: 'Согласие на обработку персональных данных, заполненное для подписи (DOCX или PDF)',
        tags,
        params: PersonParams,
        querystring: ConsentFormQuery,
        response: { 200: fileReply('Бланк согласия', DOCX_MIME, PDF_MIME), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const file = await request.scoped(async (tx) => {
        const f = await consentForm(tx, request.principal!, id, request.query);
        await audit(tx, request, {
          action: 'persons.export',
          entity: 'person',
          entityId: id,
          details: { document: 'consent_form', format: request.query.format ?? 'docx' },
        });
        return f;
      });
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/consent-form',
    {
      config: READ,
      schema: {
        operationId: 'getBlankConsentForm',
        summary: 'Незаполненный бланк согласия для печати до внесения участника в базу',
        tags,
        querystring: ConsentFormQuery,
        response: { 200: fileReply('Бланк согласия', DOCX_MIME, PDF_MIME), ...errorResponses },
      },
    },
    // A blank form holds no personal data: nothing to audit.
    async (request, reply) =>
      sendFile(reply, await request.scoped((tx) => consentForm(tx, request.principal!, null, request.query))),
  );

  app.get(
    '/api/persons/:id/subject-access',
    {
      config: READ,
      schema: {
        operationId: 'getPersonSubjectAccess',
        summary: 'Сведения обо всех персональных данных участника по его запросу (DOCX)',
        tags,
        params: PersonParams,
        response: { 200: fileReply('Сведения о персональных данных', DOCX_MIME), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const file = await request.scoped(async (tx) => {
        const f = await subjectAccess(tx, request.principal!, id);
        await audit(tx, request, {
          action: 'persons.export',
          entity: 'person',
          entityId: id,
          details: { document: 'subject_access' },
        });
        return f;
      });
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/persons/:id/erasure-act',
    {
      config: READ,
      schema: {
        operationId: 'getPersonErasureAct',
        summary: 'Акт об уничтожении персональных данных участника (PDF)',
        tags,
        params: PersonParams,
        response: { 200: fileReply('Акт об уничтожении', PDF_MIME), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const file = await request.scoped(async (tx) => {
        const f = await erasureAct(tx, request.principal!, id);
        await audit(tx, request, {
          action: 'persons.export',
          entity: 'person',
          entityId: id,
          details: { document: 'erasure_act' },
        });
        return f;
      });
      return sendFile(reply, file);
    },
  );
}
