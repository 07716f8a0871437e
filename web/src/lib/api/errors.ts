import type { ErrorBody, FieldError } from './types.ts';

/**
 * An API failure as the pages need it: one Russian message for a banner or toast, and
 * per-field messages to place next to inputs.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  /** Field messages keyed by field name (first message wins). */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const f of this.fields) map[f.field] ??= f.message;
    return map;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const e = (value as { error?: { message?: unknown } } | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.message === 'string';
}

/** Builds an ApiError from whatever the server sent back (JSON error body or not). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.fields ?? []);
  }
  if (status === 0) return new ApiError(0, 'network', 'Нет связи с сервером. Проверьте подключение.');
  if (status >= 500) return new ApiError(status, 'internal', 'Сервер временно недоступен, попробуйте позже');
  return new ApiError(status, 'unknown', `Запрос не выполнен (код ${status})`);
}

/** The message to show for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'Нет связи с сервером. Проверьте подключение.';
  return 'Что-то пошло не так. Попробуйте ещё раз.';
}
