import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { attachmentHeader } from '../imports/template.ts';
import { READ, tags, WRITE } from './persons.access.ts';
import {
  ConsentBody,
  ConsentParams,
  fileReply,
  PersonCard,
  PersonParams,
  ScanFileBody,
} from './persons.schemas.ts';
import { personCard } from './persons.card.ts';
import { addConsent, cleanFileName, readScan, saveScan, SCAN_MAX_BYTES } from './consents.service.ts';

/* A person's consents: recording a new one, and the signed scan (upload and download). */

const ScanView = Type.Object({
  consentId: Uuid,
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
});

const fileProblem = (message: string) =>
  new AppError(400, 'invalid_file', message, [{ field: 'file', message }]);

/** The one uploaded file, at most 10 MB (larger ones are cut off by the parser and refused). */
async function uploadedScan(request: FastifyRequest): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw fileProblem('Приложите файл PDF, JPEG или PNG (поле формы «file»)');
  const part = await request.file({ limits: { fileSize: SCAN_MAX_BYTES, files: 1 } });
  if (!part || part.fieldname !== 'file')
    throw fileProblem('Приложите файл PDF, JPEG или PNG (поле формы «file»)');
  try {
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw fileProblem('Файл больше 10 МБ');
    return { name: cleanFileName(part.filename), bytes };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileProblem('Файл больше 10 МБ');
    throw err;
  }
}

export default async function consentsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/persons/:id/consents',
    {
      config: WRITE,
      schema: {
        operationId: 'addPersonConsent',
        summary: 'Записать новое согласие участника (например, в новой редакции текста)',
        tags,
        params: PersonParams,
        body: ConsentBody,
        response: { 201: PersonCard, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const card = await request.scoped(async (tx) => {
        const consentId = await addConsent(tx, request.principal!, id, request.body);
        await audit(tx, request, {
          action: 'persons.consent',
          entity: 'person',
          entityId: id,
          details: { consentId, versionId: request.body.versionId, givenBy: request.body.givenBy },
        });
        return personCard(tx, request.principal!, id);
      });
      return reply.status(201).send(card);
    },
  );

  app.post(
    '/api/persons/:id/consents/:consentId/scan',
    {
      config: WRITE,
      schema: {
        operationId: 'uploadConsentScan',
        summary: 'Загрузить скан подписанного согласия (PDF, JPEG или PNG до 10 МБ, поле формы «file»)',
        tags,
        params: ConsentParams,
        body: { content: { 'multipart/form-data': { schema: ScanFileBody } } },
        response: { 201: ScanView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, consentId } = request.params;
      const file = await uploadedScan(request);
      const saved = await request.scoped(async (tx) => {
        const s = await saveScan(tx, request.principal!, id, consentId, file);
        await audit(tx, request, {
          action: 'persons.consent_scan.upload',
          entity: 'person',
          entityId: id,
          details: { consentId, size: s.size, mime: s.mime },
        });
        return s;
      });
      return reply
        .status(201)
        .send({ consentId, fileName: saved.fileName, mime: saved.mime, size: saved.size });
    },
  );

  app.get(
    '/api/persons/:id/consents/:consentId/scan',
    {
      config: READ,
      schema: {
        operationId: 'getConsentScan',
        summary: 'Скачать скан согласия',
        tags,
        params: ConsentParams,
        response: {
          200: fileReply('Скан согласия', 'application/pdf', 'image/jpeg', 'image/png'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id, consentId } = request.params;
      const file = await request.scoped(async (tx) => {
        const f = await readScan(tx, request.principal!, id, consentId);
        await audit(tx, request, {
          action: 'persons.consent_scan.download',
          entity: 'person',
          entityId: id,
          details: { consentId },
        });
        return f;
      });
      const extension = file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg';
      return reply
        .type(file.mime)
        .header(
          'content-disposition',
          attachmentHeader({ fileName: file.file_name, asciiFileName: `consent-scan.${extension}` }),
        )
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
}
