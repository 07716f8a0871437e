/**
 * A problem with an uploaded file as a whole (unreadable, empty, wrong headers, too many
 * rows). The package knows nothing of HTTP: the API maps it to its error body with the same
 * status, code, message and fields; the worker stores the message on the import job.
 */
export interface ImportFieldError {
  field: string;
  message: string;
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ImportFieldError[] = [],
  ) {
    super(message);
  }
}

export const unreadable = (message: string) => new ImportFileError(400, 'import_unreadable', message);
export const emptyFile = (message: string) => new ImportFileError(400, 'import_empty', message);

export const tooManyRows = (max: number) =>
  new ImportFileError(
    400,
    'import_too_many_rows',
    `В файле больше ${max.toLocaleString('ru-RU')} строк: разделите его на части`,
  );
