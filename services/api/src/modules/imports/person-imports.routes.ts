import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { exportWorkbook, loadExport, personTemplate, workbookFileName } from '@nastavnik/imports';
import { audit } from '../../lib/audit.ts';
import { errorResponses, IdParams, Page } from '../../lib/schemas.ts';
import { XLSX_MIME } from './imports.schemas.ts';
import {
  Accepted,
  ApplyBody,
  BaseQuery,
  PersonImport,
  PersonImportListQuery,
  PersonImportSummary,
} from './person-imports.schemas.ts';
import { createUpload, getImport, listImports, requestApply } from './person-imports.service.ts';
import { attachmentHeader } from './template.ts';
import { uploadedFile } from './upload.ts';

/*
 * Import and export of the mentor base and the mentee base (XLSX/CSV). An upload is checked
 * by a job (dry run) whose report lists every problem; applying it is a second job. The
 * curator uploads and applies; the curator and the head follow the jobs and export.
 */

const CURATOR = { roles: ['curator' as const] };
const STAFF = { roles: ['curator' as const, 'head' as const] };
const xlsxReply = {
  description: 'Файл XLSX',
  content: { [XLSX_MIME]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};
/** The multipart form, for the OpenAPI document (the handler reads the file as a stream). */
const FileBody = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'XLSX или CSV (до 20 МБ)' } },
});

export default async function personImportsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['person-imports'];
  const enqueue = (request: FastifyRequest, importId: string) =>
    app.deps.jobs.enqueue('persons.import', {
      importId,
      organisationId: request.principal!.organisationId!,
      regionId: request.principal!.regionId,
    });

  app.post(
    '/api/person-imports',
    {
      config: CURATOR,
      schema: {
        operationId: 'uploadPersonImport',
        summary: 'Загрузить файл базы (XLSX/CSV, поле формы «file») и запустить его проверку',
        tags,
        querystring: BaseQuery,
        body: { content: { 'multipart/form-data': { schema: FileBody } } },
        response: { 202: Accepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { base } = request.query;
      const file = await uploadedFile(request);
      const id = await request.scoped(async (tx) => {
        const created = await createUpload(tx, request.principal!, {
          base,
          fileName: file.name,
          mime: file.mime,
          bytes: file.bytes,
        });
        await audit(tx, request, {
          action: 'persons.import.upload',
          entity: 'person_import',
          entityId: created,
          details: { base, fileName: file.name, size: file.bytes.length },
        });
        return created;
      });
      await enqueue(request, id);
      return reply.status(202).send({ id });
    },
  );

  app.post(
    '/api/person-imports/:id/apply',
    {
      config: CURATOR,
      schema: {
        operationId: 'applyPersonImport',
        summary: 'Применить проверенный файл: импорт одной транзакцией (всё или ничего)',
        tags,
        params: IdParams,
        body: ApplyBody,
        response: { 202: Accepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { onDuplicate } = request.body;
      const id = await request.scoped(async (tx) => {
        const created = await requestApply(tx, request.principal!, request.params.id, onDuplicate);
        await audit(tx, request, {
          action: 'persons.import.apply',
          entity: 'person_import',
          entityId: created,
          details: { checkedImportId: request.params.id, onDuplicate: onDuplicate ?? null },
        });
        return created;
      });
      await enqueue(request, id);
      return reply.status(202).send({ id });
    },
  );

  app.get(
    '/api/person-imports',
    {
      config: STAFF,
      schema: {
        operationId: 'listPersonImports',
        summary: 'История импортов баз организации',
        tags,
        querystring: PersonImportListQuery,
        response: { 200: Page(PersonImportSummary), ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => listImports(tx, request.query)),
  );

  app.get(
    '/api/person-imports/template',
    {
      config: STAFF,
      schema: {
        operationId: 'getPersonImportTemplate',
        summary: 'Шаблон XLSX базы наставников или наставляемых',
        tags,
        querystring: BaseQuery,
        response: { 200: xlsxReply, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { base } = request.query;
      const bytes = await personTemplate((fn) => request.scoped(fn), base);
      return sendXlsx(reply, workbookFileName(base, 'template', today()), bytes);
    },
  );

  app.get(
    '/api/person-imports/:id',
    {
      config: STAFF,
      schema: {
        operationId: 'getPersonImport',
        summary: 'Ход и отчёт импорта',
        tags,
        params: IdParams,
        response: { 200: PersonImport, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => getImport(tx, request.params.id)),
  );

  app.get(
    '/api/persons/export',
    {
      config: STAFF,
      schema: {
        operationId: 'exportPersons',
        summary: 'Выгрузка базы в XLSX (в формате шаблона импорта)',
        tags,
        querystring: BaseQuery,
        response: { 200: xlsxReply, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { base } = request.query;
      // The read and its audit entry commit together; the workbook is written afterwards.
      const data = await request.scoped(async (tx) => {
        const loaded = await loadExport(tx, base);
        await audit(tx, request, {
          action: 'persons.export',
          details: { base, count: loaded.people.length },
        });
        return loaded;
      });
      const bytes = await exportWorkbook(data);
      return sendXlsx(reply, workbookFileName(base, 'export', today()), bytes);
    },
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function sendXlsx(reply: FastifyReply, name: { fileName: string; asciiFileName: string }, bytes: Buffer) {
  return reply
    .type(XLSX_MIME)
    .header('content-disposition', attachmentHeader(name))
    .header('cache-control', 'no-store')
    .send(bytes);
}
