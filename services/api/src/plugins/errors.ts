import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ImportFileError } from '@nastavnik/imports';
import { AppError, fromDatabaseError, type FieldError } from '../lib/errors.ts';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** AJV's English messages turned into Russian ones a curator understands. */
function russian(issue: AjvIssue): string {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return 'Обязательное поле';
    case 'additionalProperties':
      return 'Неизвестное поле';
    case 'type':
      return `Неверный тип значения: ожидается ${typeName(String(p.type))}`;
    case 'minLength':
      return Number(p.limit) === 1 ? 'Поле не может быть пустым' : `Не короче ${p.limit} символов`;
    case 'maxLength':
      return `Не длиннее ${p.limit} символов`;
    case 'minimum':
      return `Не меньше ${p.limit}`;
    case 'maximum':
      return `Не больше ${p.limit}`;
    case 'format':
      return p.format === 'email' ? 'Неверный адрес электронной почты' : `Неверный формат (${p.format})`;
    case 'pattern':
      return 'Неверный формат значения';
    case 'enum':
    case 'const':
    case 'anyOf':
      return 'Недопустимое значение';
    case 'maxItems':
      return `Не больше ${p.limit} элементов`;
    default:
      return 'Недопустимое значение';
  }
}

function typeName(t: string): string {
  return (
    (
      {
        string: 'строка',
        integer: 'целое число',
        number: 'число',
        boolean: 'да/нет',
        object: 'объект',
        array: 'список',
      } as Record<string, string>
    )[t] ?? t
  );
}

function fieldOf(issue: AjvIssue, context: string): string {
  const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    issue.keyword === 'required'
      ? String(issue.params.missingProperty)
      : issue.keyword === 'additionalProperties'
        ? String(issue.params.additionalProperty)
        : '';
  const path = [base, extra].filter(Boolean).join('.');
  return path || context;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** index.html of the built web app, when this process serves it (see plugins/web.ts). */
    spaIndex: string | null;
  }
}

export default fp(async function errorsPlugin(app: FastifyInstance) {
  app.decorate('spaIndex', null);
  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, request, reply) => {
      if (error.validation) {
        const fields: FieldError[] = error.validation.map((issue) => ({
          field: fieldOf(issue, error.validationContext ?? 'body'),
          message: russian(issue),
        }));
        return reply.status(400).send({
          error: { code: 'validation_failed', message: 'Проверьте заполнение полей', fields },
        });
      }
      const appError =
        error instanceof AppError
          ? error
          : error instanceof ImportFileError
            ? // The imports package has its own error type (it knows nothing of HTTP).
              new AppError(error.status, error.code, error.message, error.fields)
            : fromDatabaseError(error);
      if (appError) {
        return reply
          .status(appError.status)
          .send({ error: { code: appError.code, message: appError.message, fields: appError.fields } });
      }
      // Fastify's own client errors (bad JSON, too large, wrong content type) keep their status.
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const known: Record<string, [string, string]> = {
          FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'Тело запроса — неверный JSON'],
          FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'Тело запроса пустое'],
          FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'Слишком большой запрос'],
          FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Неподдерживаемый формат запроса'],
          FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['malformed_request', 'Неверная длина запроса'],
        };
        const [code, message] = known[error.code] ?? [
          status === 429 ? 'rate_limited' : 'bad_request',
          status === 429 ? 'Слишком много попыток, попробуйте позже' : 'Неверный запрос',
        ];
        return reply.status(status).send({ error: { code, message, fields: [{ field: 'body', message }] } });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ error: { code: 'internal', message: 'Внутренняя ошибка сервера', fields: [] } });
    },
  );

  app.setNotFoundHandler((request, reply) => {
    // Outside /api, the single-page web app (when this process serves it) owns the URL.
    // A missing hashed asset stays a 404: answering it with index.html breaks module loading.
    if (
      app.spaIndex &&
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      !request.url.startsWith('/_app/')
    ) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(app.spaIndex);
    }
    return reply.status(404).send({ error: { code: 'not_found', message: 'Адрес не найден', fields: [] } });
  });
});
