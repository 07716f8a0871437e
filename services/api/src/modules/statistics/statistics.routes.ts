import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../lib/schemas.ts';
import { audit } from '../../lib/audit.ts';
import { ImportFileBody, XLSX_MIME } from '../imports/imports.schemas.ts';
import { attachmentHeader } from '../imports/template.ts';
import { uploadedFile } from '../imports/upload.ts';
import organisationCountsRoutes from './organisation-counts.routes.ts';
import {
  StatisticBody,
  StatisticCell,
  StatisticsImportErrorBody,
  StatisticsImportQuery,
  StatisticsImportReport,
  StatisticsQuery,
  StatisticsTable,
  TemplateQuery,
} from './statistics.schemas.ts';
import { runStatisticsImport } from './statistics.import.ts';
import { checkTerritory, listStatistics, writeValue } from './statistics.service.ts';
import { buildStatisticsTemplate, defaultYear } from './statistics.template.ts';
import targetsRoutes from './targets.routes.ts';

const ADMIN = { roles: ['region_admin' as const] };

/**
 * Statistics (KPI denominators) of the region and its municipalities, entered by the region
 * admin cell by cell or from a file; targets; an organisation's own counts. Statistics are
 * region-level data: their audit entries carry no organisation.
 */
export default async function statisticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['statistics'];

  app.get(
    '/api/statistics',
    {
      config: ADMIN,
      schema: {
        operationId: 'listStatistics',
        summary: 'Статистика (знаменатели показателей) по территориям за год',
        tags,
        querystring: StatisticsQuery,
        response: { 200: StatisticsTable, ...errorResponses },
      },
    },
    (request) => request.scoped((tx) => listStatistics(tx, request.principal!, request.query)),
  );

  app.put(
    '/api/statistics',
    {
      config: ADMIN,
      schema: {
        operationId: 'setStatistic',
        summary: 'Одно значение статистики территории за год (null — удалить)',
        tags,
        body: StatisticBody,
        response: { 200: StatisticCell, ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (tx) => {
        const p = request.principal!;
        const { year, territoryType, territoryId, metric, value } = request.body;
        await checkTerritory(tx, p, territoryType, territoryId);
        const change = await writeValue(tx, p, { territoryType, territoryId, year, metric }, value);
        if (change.from !== change.to) {
          await audit(tx, request, {
            action: 'statistics.update',
            entity: territoryType,
            entityId: territoryId,
            organisationId: null,
            details: { year, metric, from: change.from, to: change.to },
          });
        }
        return { territoryType, territoryId, year, metric, value, updatedAt: change.updatedAt };
      }),
  );

  app.post(
    '/api/statistics/import',
    {
      config: ADMIN,
      schema: {
        operationId: 'importStatistics',
        summary: 'Проверка (apply=false) или импорт (apply=true) статистики из XLSX/CSV, поле формы «file»',
        tags,
        body: { content: { 'multipart/form-data': { schema: ImportFileBody } } },
        querystring: StatisticsImportQuery,
        response: { 200: StatisticsImportReport, ...errorResponses, 400: StatisticsImportErrorBody },
      },
    },
    async (request, reply) => {
      const apply = request.query.apply ?? false;
      const file = await uploadedFile(request);
      const report = await runStatisticsImport(
        (fn) => request.scoped(fn),
        request.principal!,
        { fileName: file.name, bytes: file.bytes, apply },
        (tx, r) =>
          audit(tx, request, {
            action: 'statistics.import',
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
    '/api/statistics/template',
    {
      config: ADMIN,
      schema: {
        operationId: 'getStatisticsTemplate',
        summary: 'Файл XLSX для заполнения статистики: регион и муниципалитеты с уже внесёнными значениями',
        tags,
        querystring: TemplateQuery,
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
      const year = request.query.year ?? defaultYear();
      const file = await request.scoped((tx) => buildStatisticsTemplate(tx, request.principal!, year));
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachmentHeader(file))
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );

  await app.register(targetsRoutes);
  await app.register(organisationCountsRoutes);
}
