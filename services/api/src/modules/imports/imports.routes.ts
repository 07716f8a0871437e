import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { dispatchMail } from '../mail/mail.service.ts';
import {
  ImportErrorBody,
  ImportFileBody,
  ImportKindParams,
  ImportQuery,
  ImportReport,
  XLSX_MIME,
} from './imports.schemas.ts';
import { runImport } from './imports.service.ts';
import { attachmentHeader, buildTemplate } from './template.ts';
import { uploadedFile } from './upload.ts';

const ADMIN = { roles: ['region_admin' as const] };

/** Bulk import of the region's organisations and curators from XLSX or CSV. */
export default async function importsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['imports'];
  const { publicUrl } = app.deps.config;

  app.post(
    '/api/imports/:kind',
    {
      config: ADMIN,
      schema: {
        operationId: 'runImport',
        summary: 'Проверка (apply=false) или импорт (apply=true) файла XLSX/CSV, поле формы «file»',
        tags,
        body: { content: { 'multipart/form-data': { schema: ImportFileBody } } },
        params: ImportKindParams,
        querystring: ImportQuery,
        response: { 200: ImportReport, ...errorResponses, 400: ImportErrorBody },
      },
    },
    async (request, reply) => {
      const { kind } = request.params;
      const apply = request.query.apply ?? false;
      const file = await uploadedFile(request);
      const { report, mailIds } = await runImport(
        (fn) => request.scoped(fn),
        request.principal!,
        { kind, fileName: file.name, bytes: file.bytes, apply, publicUrl },
        (tx, r) =>
          audit(tx, request, {
            action: `import.${kind}`,
            organisationId: null,
            details: {
              fileName: r.fileName,
              totalRows: r.totalRows,
              created: r.created,
              updated: r.updated,
              skipped: r.skipped,
            },
          }),
      );
      await dispatchMail(app, request.principal!.regionId, mailIds);
      if (apply && !report.applied) {
        return reply.status(400).send({
          error: {
            code: 'import_has_errors',
            message: 'В файле есть ошибки, ничего не импортировано',
            fields: [],
          },
          report,
        });
      }
      return report;
    },
  );

  app.get(
    '/api/imports/:kind/template',
    {
      config: ADMIN,
      schema: {
        operationId: 'getImportTemplate',
        summary: 'Шаблон XLSX для импорта',
        tags,
        params: ImportKindParams,
        response: {
          200: {
            description: 'Файл XLSX',
            content: { [XLSX_MIME]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await request.scoped((tx) => buildTemplate(tx, request.params.kind));
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachmentHeader(file))
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
}
