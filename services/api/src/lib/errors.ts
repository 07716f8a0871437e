/**
 * The one error type of the API. `code` is stable for machines; `message` is Russian for
 * people; `fields` names what to fix. The error handler maps it to HTTP once.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** `message` is the whole sentence: Russian nouns differ in gender («не найден», «не найдена»). */
export const notFound = (message = 'Запись не найдена') => new AppError(404, 'not_found', message);
export const forbidden = () => new AppError(403, 'forbidden', 'Недостаточно прав для этого действия');
export const unauthorized = (message = 'Требуется вход в систему') =>
  new AppError(401, 'unauthorized', message);
export const conflict = (message: string, field?: string) =>
  new AppError(409, 'conflict', message, field ? [{ field, message }] : []);
export const invalid = (field: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ field, message }]);

/** PostgreSQL errors that are the caller's fault, mapped to a field where we can tell. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string };
  if (!e || typeof e.code !== 'string') return undefined;
  switch (e.code) {
    case '23505': {
      // The detail names the columns ("Key (region_id, inn)=…"); PGlite may omit it, and
      // then the constraint's name (organisations_region_id_inn_key) ends with the column.
      const field =
        /\((?:[a-z_]+, )*([a-z_]+)\)=/.exec(e.detail ?? '')?.[1] ??
        e.constraint?.replace(/_key$/, '').split('_').pop();
      return conflict('Такая запись уже существует', field);
    }
    case '23503':
      return new AppError(400, 'reference_not_found', 'Связанная запись не найдена или недоступна');
    case '42501':
      // RLS WITH CHECK failed: the row belongs to another scope.
      return forbidden();
    case '22021':
      // A NUL byte (valid JSON, "\u0000") cannot be stored in PostgreSQL text.
      return new AppError(400, 'validation_failed', 'Текст содержит недопустимые символы');
    case '22P02':
      return new AppError(400, 'validation_failed', 'Неверный формат идентификатора');
    default:
      return undefined;
  }
}
