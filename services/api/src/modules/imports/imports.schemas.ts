import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../../lib/schemas.ts';

export const ImportKindParams = Type.Object(
  { kind: Type.Union([Type.Literal('organisations'), Type.Literal('curators')]) },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    apply: Type.Optional(
      Type.Boolean({ default: false, description: 'false — только проверка (ничего не записывается)' }),
    ),
  },
  { additionalProperties: false },
);

export const ImportRowError = Type.Object({
  row: Type.Integer({
    description: 'Номер строки в файле, как его видит пользователь (заголовок — строка 1)',
  }),
  column: Type.String({ description: 'Заголовок столбца, как в файле' }),
  message: Type.String(),
});

export const ImportReport = Type.Object(
  {
    kind: Type.Union([Type.Literal('organisations'), Type.Literal('curators')]),
    fileName: Type.String(),
    totalRows: Type.Integer(),
    validRows: Type.Integer(),
    errors: Type.Array(ImportRowError, { description: 'Не больше 1000 первых ошибок' }),
    errorCount: Type.Integer({ description: 'Сколько ошибок всего' }),
    ignoredColumns: Type.Array(Type.String(), { description: 'Столбцы файла, которые не импортируются' }),
    applied: Type.Boolean(),
    created: Type.Integer({ description: 'Создано (при applied = false — будет создано)' }),
    updated: Type.Integer(),
    skipped: Type.Integer({ description: 'Уже есть и не изменились' }),
  },
  { $id: 'ImportReport' },
);

/** 400 of an import: the usual error body, plus the report when the rows had errors. */
export const ImportErrorBody = Type.Composite([
  ErrorBody,
  Type.Object({ report: Type.Optional(ImportReport) }),
]);

/**
 * The multipart form, for the OpenAPI document. The handler reads the file as a stream, so
 * Fastify sees no parsed body (null) and the schema lets that through.
 */
export const ImportFileBody = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'XLSX или CSV (до 20 МБ)' } },
});

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
