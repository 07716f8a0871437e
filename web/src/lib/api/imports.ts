/*
 * Bulk import calls. They go through authorizedFetch rather than openapi-fetch: the
 * upload is multipart and the template is a binary download.
 */
import { authorizedFetch, errorOf } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type { ImportErrorReply, ImportKind, ImportReport } from './types.ts';

/** A failed apply carries the report (row errors) alongside the message. */
export class ImportRejected extends ApiError {
  constructor(
    base: ApiError,
    readonly report: ImportReport | undefined,
  ) {
    super(base.status, base.code, base.message, base.fields);
  }
}

export async function runImport(kind: ImportKind, file: File, apply: boolean): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await authorizedFetch(`/api/imports/${kind}?apply=${apply}`, {
    method: 'POST',
    body: form,
  });
  if (response.ok) return (await response.json()) as ImportReport;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy's 413 page): the status will do.
  }
  if (response.status === 413 && !body) {
    throw new ApiError(413, 'import_too_large', 'Файл слишком большой: разделите его на части');
  }
  throw new ImportRejected(toApiError(response.status, body), (body as ImportErrorReply | null)?.report);
}

/** Downloads the XLSX template and hands it to the browser as a file. */
export async function downloadTemplate(kind: ImportKind): Promise<void> {
  const response = await authorizedFetch(`/api/imports/${kind}/template`);
  if (!response.ok) throw await errorOf(response);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition')) ?? `shablon-${kind}.xlsx`;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a Content-Disposition header, preferring the UTF-8 form (Cyrillic names). */
function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star);
    } catch {
      // fall through to the plain form
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}
